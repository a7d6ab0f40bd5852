package org.trucewatch.zones.engine;

import org.trucewatch.zones.model.ZoneVersion;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.index.strtree.STRtree;
import org.trucewatch.geo.Geodesy;

/**
 * An immutable snapshot of every zone version (history included) in an STR-tree, built from
 * the database at one {@code revision}. Evaluation never touches the database.
 *
 * <p>Zone edges are <b>geography</b>: great-circle arcs between vertices, as PostGIS
 * {@code geography} and the tests' reference see them. Import splits them to at most 1 km
 * along their great circle, so the planar longitude/latitude tests used here (JTS locators)
 * answer as geography does to about a centimetre; distances are geodesics on the WGS 84
 * ellipsoid. A sphere is never used for a distance.
 */
public final class ZoneIndex {
    private final long revision;
    private final STRtree tree = new STRtree();
    private final int size;

    public ZoneIndex(long revision, List<ZoneVersion> versions) {
        this.revision = revision;
        for (ZoneVersion version : versions) {
            CompiledZone compiled = new CompiledZone(version);
            for (Envelope envelope : compiled.envelopes()) {
                tree.insert(envelope, compiled);
            }
        }
        tree.build();
        size = versions.size();
    }

    public long revision() {
        return revision;
    }

    public int size() {
        return size;
    }

    /**
     * Every zone version valid at {@code at} that the report is inside, straddles, or comes
     * within {@code nearbyM} metres of (ceasefire lines: also within their {@code nearLineM}),
     * ordered by zone code.
     */
    public List<ZoneFinding> evaluate(Geometry report, double accuracyM, Instant at, double nearbyM) {
        double reach = nearbyM + accuracyM;
        List<ZoneFinding> findings = new ArrayList<>();
        Set<CompiledZone> candidates = candidates(report.getEnvelopeInternal(), reach, at);
        if (report instanceof Point point) {
            Coordinate c = point.getCoordinate();
            double[] p = CompiledZone.ecef(c);
            for (CompiledZone zone : candidates) {
                add(findings, zone.evaluatePoint(c, p, accuracyM, reach));
            }
        } else {
            Geometry paths = report instanceof Polygon polygon ? polygon.getBoundary() : report;
            BoundaryIndex probe = BoundaryIndex.of(paths);
            for (CompiledZone zone : candidates) {
                add(findings, zone.evaluateShape(report, probe, accuracyM, reach));
            }
        }
        findings.sort(Comparator.comparing((ZoneFinding f) -> f.zone().code()));
        return findings;
    }

    /** How many zone versions valid at {@code at} cover the position: the bare point-in-zone test. */
    public int countCovering(Coordinate c, Instant at) {
        int count = 0;
        for (Object item : tree.query(new Envelope(c))) {
            CompiledZone zone = (CompiledZone) item;
            if (zone.zone.validAt(at) && zone.covers(c)) {
                count++;
            }
        }
        return count;
    }

    private static void add(List<ZoneFinding> findings, ZoneFinding finding) {
        if (finding != null) {
            findings.add(finding);
        }
    }

    /**
     * Zones whose envelope meets the report's envelope grown by {@code metres}, in degrees
     * that surely cover that many metres at these latitudes; a box past ±180° is wrapped.
     */
    private Set<CompiledZone> candidates(Envelope report, double metres, Instant at) {
        double dLat = Geodesy.latitudeSpan(metres);
        double dLon = Geodesy.longitudeSpan(metres, Math.max(Math.abs(report.getMinY()), Math.abs(report.getMaxY())));
        Envelope box = new Envelope(report.getMinX() - dLon, report.getMaxX() + dLon,
                Math.max(-90, report.getMinY() - dLat), Math.min(90, report.getMaxY() + dLat));
        Set<CompiledZone> out = Collections.newSetFromMap(new IdentityHashMap<>());
        query(box, at, out);
        if (box.getMinX() < -180) {
            query(new Envelope(box.getMinX() + 360, 180, box.getMinY(), box.getMaxY()), at, out);
        }
        if (box.getMaxX() > 180) {
            query(new Envelope(-180, box.getMaxX() - 360, box.getMinY(), box.getMaxY()), at, out);
        }
        return out;
    }

    private void query(Envelope box, Instant at, Set<CompiledZone> out) {
        for (Object item : tree.query(box)) {
            CompiledZone zone = (CompiledZone) item;
            if (zone.zone.validAt(at)) {
                out.add(zone);
            }
        }
    }
}
