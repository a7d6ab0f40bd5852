package org.trucewatch.zones;

import org.trucewatch.zones.model.ZoneVersion;
import org.trucewatch.zones.model.ZoneView;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.trucewatch.access.AccessScope;
import org.trucewatch.audit.AuditCanonicalForm;
import org.trucewatch.audit.AuditLog;
import org.trucewatch.audit.AuditRecord;
import org.slf4j.LoggerFactory;
import org.trucewatch.geo.GeoJsonWriter;
import org.trucewatch.problem.ProblemException;

/**
 * The zone registry: import (one transaction per file), versions in time, GeoJSON export,
 * and the reports in or near a zone. Edits never overwrite: each makes a new version, and
 * the previous one ends where it starts.
 */
@Singleton
public class ZoneService {
    private static final Logger LOG = LoggerFactory.getLogger(ZoneService.class);
    /** The most reports one call lists. */
    public static final int MAX_LIMIT = 10_000;

    private final ZoneImporter importer;
    private final ZoneRepository zones;
    private final ZoneReportRepository reports;
    private final ObjectMapper mapper;
    private final Clock clock;
    private final AuditLog audit;
    private final GeofenceService geofence;

    ZoneService(ZoneImporter importer, ZoneRepository zones, ZoneReportRepository reports, ObjectMapper mapper,
                Clock clock, AuditLog audit, GeofenceService geofence) {
        this.geofence = geofence;
        this.audit = audit;
        this.importer = importer;
        this.zones = zones;
        this.reports = reports;
        this.mapper = mapper;
        this.clock = clock;
    }

    /**
     * Imports a GeoJSON FeatureCollection or a GeoPackage layer. All or nothing: a file with
     * any bad feature throws {@code invalid-zone-file} naming each (e.g.
     * {@code /features/3/geometry}: why) and stores nothing.
     */
    @Transactional
    public ImportZonesReport importZones(ImportZonesCommand command) {
        ImportZonesReport imported = importer.run(command);
        // A change can reach back in time (a version valid from last month): the reports
        // observed since then are judged again against the zones as they now stand.
        List<String> changed = imported.outcomes().stream().filter(o -> o.outcome() != ImportZonesReport.Outcome.UNCHANGED
                && o.outcome() != ImportZonesReport.Outcome.SKIPPED).map(ImportZonesReport.FeatureOutcome::code)
                .distinct().toList();
        Instant since = changed.stream().map(this::changedFrom).min(Instant::compareTo).orElse(null);
        ImportZonesReport report = imported.withReportsReevaluated(since == null ? 0 : geofence.reevaluate(changed, since));
        audit.append(AuditRecord.of(command.importedBy(), "zone.import", "zone-file", command.fileName())
                .withDigests(null, AuditCanonicalForm.sha256Hex(command.content()))
                .withDetails(details(report)));
        LOG.info("zones.import file={} by={} features={} created={} newVersions={} unchanged={} reportsReevaluated={}",
                command.fileName(), command.importedBy(), report.features(), report.created(), report.newVersions(),
                report.unchanged(), report.reportsReevaluated());
        return report;
    }

    /** The audit event's details: counts, and how the file reached WGS 84 (who decided, if an admin did). */
    private String details(ImportZonesReport report) {
        var json = mapper.createObjectNode().put("created", report.created()).put("newVersions", report.newVersions())
                .put("unchanged", report.unchanged()).put("reportsReevaluated", report.reportsReevaluated());
        json.set("transformation", mapper.valueToTree(report.transformation()));
        return json.toString();
    }

    /** When a zone's latest change takes effect: its newest version's start, or its end if it was closed. */
    private Instant changedFrom(String code) {
        List<ZoneVersion> versions = zones.history(code);
        ZoneVersion last = versions.get(versions.size() - 1);
        return last.validTo() != null ? last.validTo() : last.validFrom();
    }

    @Transactional(readOnly = true)
    public List<ZoneView> zones(ZoneQuery query) {
        return zones.validAt(at(query.at()), query.mechanism(), query.type()).stream().map(ZoneVersion::view).toList();
    }

    @Transactional(readOnly = true)
    public Optional<ZoneView> zone(String code, Instant at) {
        return zones.versionAt(code, at(at)).map(ZoneVersion::view);
    }

    /** Every version of a zone, oldest first. */
    @Transactional(readOnly = true)
    public List<ZoneView> history(String code) {
        return zones.history(code).stream().map(ZoneVersion::view).toList();
    }

    /** An RFC 7946 FeatureCollection of the zones; importing it again changes nothing. */
    @Transactional(readOnly = true)
    public String exportGeoJson(ZoneQuery query) {
        ObjectNode collection = GeoJsonWriter.featureCollection();
        ArrayNode features = collection.putArray("features");
        for (ZoneView zone : zones(query)) {
            ObjectNode properties = mapper.createObjectNode();
            properties.put("code", zone.code()).put("type", zone.type().code()).put("mechanism", zone.mechanism());
            properties.set("name", zone.name());
            properties.put("version", zone.version()).put("validFrom", zone.validFrom().toString());
            properties.put("validTo", zone.validTo() == null ? null : zone.validTo().toString());
            properties.setAll(zone.properties());
            features.add(GeoJsonWriter.feature(zone.code(), zone.geometry()).set("properties", properties));
        }
        return collection.toString();
    }

    /** A zone with its versions and counts of the reports in it by category. */
    @Transactional(readOnly = true)
    public ZoneDetailView detail(String code, Instant at, AccessScope scope) {
        ZoneView zone = zone(code, at).orElseThrow(() -> ProblemException.notFound("No zone " + code + " at " + at(at)));
        Condition c = inside(zone);
        var counts = reports.countsByCategory(code, c.sql(), c.metres(), scope);
        return new ZoneDetailView(zone, history(code), counts, counts.values().stream().mapToLong(Long::longValue).sum());
    }

    /** Reports inside the zone (a line: within its nearLineM), each against the version valid when observed. */
    @Transactional(readOnly = true)
    public List<ZoneReportView> reportsInside(String code, int limit, AccessScope scope) {
        ZoneView zone = zone(code, null).or(() -> history(code).stream().reduce((a, b) -> b))
                .orElseThrow(() -> ProblemException.notFound("No zone " + code));
        Condition c = inside(zone);
        return reports.reports(code, c.sql(), c.metres(), limit(limit), scope);
    }

    /** Reports within {@code metres} on the ground of the zone, each against the version valid when observed. */
    @Transactional(readOnly = true)
    public List<ZoneReportView> reportsWithin(String code, double metres, int limit, AccessScope scope) {
        if (!(metres >= 0 && metres <= 1_000_000)) {
            throw ProblemException.invalidParameter("metres", "must be between 0 and 1000000");
        }
        if (history(code).isEmpty()) {
            throw ProblemException.notFound("No zone " + code);
        }
        return reports.reports(code, ZoneReportRepository.WITHIN, metres, limit(limit), scope);
    }

    private record Condition(String sql, Double metres) {
    }

    private static Condition inside(ZoneView zone) {
        return zone.type().lineal()
                ? new Condition(ZoneReportRepository.NEAR_LINE, null)
                : new Condition(ZoneReportRepository.COVERED, null);
    }

    private static int limit(int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw ProblemException.invalidParameter("limit", "must be between 1 and " + MAX_LIMIT);
        }
        return limit;
    }

    private Instant at(Instant at) {
        return at != null ? at : clock.instant();
    }
}
