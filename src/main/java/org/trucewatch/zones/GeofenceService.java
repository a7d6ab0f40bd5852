package org.trucewatch.zones;

import org.trucewatch.zones.engine.ZoneFinding;
import org.trucewatch.zones.engine.ZoneIndex;

import io.micronaut.context.annotation.Value;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;
import org.trucewatch.geo.Wgs84;
import org.trucewatch.problem.FieldError;
import org.trucewatch.problem.ProblemException;
import org.trucewatch.problem.ProblemType;

/**
 * Judges a report against every zone version valid at its observedAt, in memory, and
 * stores what it finds. A report gets a relation for each zone it is inside, straddles,
 * or lies within {@code trucewatch.zones.nearby-m} metres of (ceasefire lines: also within
 * their {@code nearLineM}); zones farther away are outside and not stored.
 */
@Singleton
public class GeofenceService {
    private final ZoneEngine engine;
    private final ZoneRelationRepository relations;
    private final ZoneReportRepository reports;
    private final Clock clock;
    private final double nearbyM;

    GeofenceService(ZoneEngine engine, ZoneRelationRepository relations, ZoneReportRepository reports, Clock clock,
                    @Value("${trucewatch.zones.nearby-m:5000}") double nearbyM) {
        this.reports = reports;
        this.engine = engine;
        this.relations = relations;
        this.clock = clock;
        this.nearbyM = nearbyM;
    }

    /**
     * Evaluates and stores the relations of a stored report, replacing any it had. Meant to
     * run inside the intake's transaction, right after the report row is inserted.
     *
     * @param geometry   the report's Point, LineString or Polygon (WGS 84, SRID 4326)
     * @param accuracyM  the report's location accuracy in metres; null means exact
     */
    @Transactional
    public List<ZoneRelationView> evaluateAndStore(UUID reportId, Geometry geometry, Double accuracyM,
                                                   OffsetDateTime observedAt) {
        return store(engine.current(), reportId, geometry, accuracyM, observedAt);
    }

    /**
     * The same for a report inserted in this transaction, which has already read the zone
     * revision (its INSERT did, {@link ZoneRevisionReading}): judged against zones of that
     * revision or later, with no read of its own unless the index held is older. A new report
     * has no relations yet, so none are deleted first.
     */
    @Transactional
    public List<ZoneRelationView> evaluateAndStoreNew(UUID reportId, Geometry geometry, Double accuracyM,
                                                      OffsetDateTime observedAt, long zoneRevision) {
        double accuracy = check(geometry, accuracyM, observedAt);
        List<ZoneFinding> findings = engine.atLeast(zoneRevision).evaluate(geometry, accuracy,
                observedAt.toInstant(), nearbyM);
        relations.add(reportId, findings, accuracy, clock.instant().truncatedTo(ChronoUnit.MICROS));
        return views(reportId, findings, accuracy);
    }

    private List<ZoneRelationView> store(ZoneIndex index, UUID reportId, Geometry geometry, Double accuracyM,
                                         OffsetDateTime observedAt) {
        double accuracy = check(geometry, accuracyM, observedAt);
        List<ZoneFinding> findings = index.evaluate(geometry, accuracy, observedAt.toInstant(), nearbyM);
        relations.replace(reportId, findings, accuracy, clock.instant().truncatedTo(ChronoUnit.MICROS));
        return views(reportId, findings, accuracy);
    }

    private static List<ZoneRelationView> views(UUID reportId, List<ZoneFinding> findings, double accuracy) {
        return findings.stream().map(f -> ZoneRelationView.of(reportId, f, accuracy)).toList();
    }

    /**
     * Evaluates again, and stores, the relations of every report a change to the zones
     * {@code codes} from {@code since} on can alter: those observed since then within reach
     * of any of their versions. Runs in the caller's transaction (a zone import), so the
     * zones and the relations change together. Answers how many reports were evaluated.
     */
    @Transactional
    public int reevaluate(List<String> codes, Instant since) {
        if (codes.isEmpty()) {
            return 0;
        }
        List<ZoneReportRepository.Located> reached = reports.reachedBy(codes, since, nearbyM);
        if (reached.isEmpty()) {
            return 0;
        }
        ZoneIndex index = engine.ofThisTransaction(); // with the import's own changes, for the whole batch
        for (ZoneReportRepository.Located r : reached) {
            store(index, r.id(), r.geometry(), r.accuracyM(), r.observedAt());
        }
        return reached.size();
    }

    /** The same judgement without storing it (for previews and what-if questions). */
    @Transactional(readOnly = true)
    public List<ZoneRelationView> evaluate(Geometry geometry, Double accuracyM, OffsetDateTime observedAt) {
        double accuracy = check(geometry, accuracyM, observedAt);
        return engine.current().evaluate(geometry, accuracy, observedAt.toInstant(), nearbyM).stream()
                .map(f -> ZoneRelationView.of(null, f, accuracy)).toList();
    }

    /** The stored relations of a report, by zone code (one autocommitted query, or the caller's transaction). */
    public List<ZoneRelationView> relationsOf(UUID reportId) {
        return relations.of(reportId);
    }

    /** The stored relations of many reports in one query, by report (a queue page's or an agenda's reports). */
    public Map<UUID, List<ZoneRelationView>> relationsOf(Collection<UUID> reportIds) {
        if (reportIds.isEmpty()) {
            return Map.of();
        }
        return relations.findJoinedOf(reportIds).stream()
                .map(ZoneRelationRepository.Joined::view)
                .collect(Collectors.groupingBy(ZoneRelationView::reportId, Collectors.toList()));
    }

    private static double check(Geometry geometry, Double accuracyM, OffsetDateTime observedAt) {
        if (geometry == null || geometry.isEmpty() || geometry.getSRID() != Wgs84.SRID
                || !(geometry instanceof Point || geometry instanceof LineString || geometry instanceof Polygon)) {
            throw invalid("/geometry", "a non-empty WGS 84 Point, LineString or Polygon is needed");
        }
        if (accuracyM != null && !(accuracyM >= 0 && accuracyM < 1e7)) {
            throw invalid("/properties/locationAccuracyM", "must be a number of metres from 0");
        }
        if (observedAt == null) {
            throw invalid("/properties/observedAt", "is required");
        }
        return accuracyM == null ? 0 : accuracyM;
    }

    private static ProblemException invalid(String pointer, String detail) {
        return new ProblemException(ProblemType.INVALID_REPORT, "The report cannot be judged against zones: " + detail,
                List.of(FieldError.at(pointer, detail)));
    }
}
