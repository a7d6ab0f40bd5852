package org.trucewatch.reports;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.trucewatch.access.AccessPolicy;
import org.trucewatch.access.Audience;
import org.trucewatch.access.SqlFragment;
import org.trucewatch.geo.FilterSql;
import org.trucewatch.mechanisms.IncidentReferences;
import org.trucewatch.mechanisms.MechanismProtocol;

/**
 * What a periodic report says of incidents one by one (docs/reports.md, "Notable incidents"): the
 * map's points, and the incidents the chair had marked notable at the cut-off with the summary
 * written for the reports. Each is read once for the report and handed to each audience as the
 * access policy says ({@link AccessPolicy#listableInReport} for the map, {@link AccessPolicy#notableInReport}
 * for the list); nothing here decides who may read what.
 */
@Singleton
class ReportIncidents {
    /** Points are rounded to about 10 m: a dot on a page-wide map, stored for tens of thousands of incidents a month. */
    private static final double POINT_GRID = 1e4;

    private final ReportIncidentRepository repository;
    private final AccessPolicy policy;
    private final IncidentReferences references;
    private final ObjectMapper json;

    ReportIncidents(ReportIncidentRepository repository, AccessPolicy policy, IncidentReferences references,
                    ObjectMapper json) {
        this.repository = repository;
        this.policy = policy;
        this.references = references;
        this.json = json;
    }

    /** The incidents of one report, read once: those to draw (null: no map) and the notable ones with their references. */
    record Read(List<ReportIncidentRepository.Point> points, List<ReportIncidentRepository.Notable> notable,
                Map<UUID, String> references) {
    }

    /**
     * The incidents of {@code p} (of one level, or null: every level) observed in [start, end) and
     * recorded before {@code cutoff}, read as the chair issues the report (every mechanism's incident);
     * {@code withPoints}: whether the report has a map.
     */
    Read read(MechanismProtocol p, String level, Instant start, Instant end, Instant cutoff, boolean withPoints) {
        SqlFragment countable = policy.issuer(p.code()).countable(StatisticsRepository.COUNTABLE, "s");
        FilterSql f = period(p, level, start, end, cutoff);
        List<ReportIncidentRepository.Notable> notable = repository.notable(countable, f, utc(cutoff));
        return new Read(withPoints ? repository.points(countable, f) : null, notable,
                references.referencesOf(notable.stream().map(ReportIncidentRepository.Notable::id).toList()));
    }

    /** The map's points one audience may see drawn, as [longitude, latitude] pairs. */
    ArrayNode points(Read read, Audience audience) {
        ArrayNode out = json.createArrayNode();
        for (ReportIncidentRepository.Point i : read.points()) {
            if (policy.listableInReport(audience, i.category())) {
                out.addArray().add(round(i.lon())).add(round(i.lat()));
            }
        }
        return out;
    }

    /** The notable incidents one audience's section names, in the order they were observed. */
    ArrayNode notable(Read read, Audience audience) {
        ArrayNode out = json.createArrayNode();
        for (ReportIncidentRepository.Notable i : read.notable()) {
            if (policy.notableInReport(audience, i.category(), i.publishable())) {
                out.addObject().put("reference", read.references().get(i.id()))
                        .put("observedAt", i.observedAt().toInstant().toString()).put("category", i.category())
                        .put("finding", i.finding()).put("attributedParty", i.attributedParty()).put("summary", i.summary());
            }
        }
        return out;
    }

    private static FilterSql period(MechanismProtocol p, String level, Instant start, Instant end, Instant cutoff) {
        FilterSql f = new FilterSql().where("s.mechanism_code = ?", p.code())
                .where("s.observed_at >= ?", utc(start)).where("s.observed_at < ?", utc(end))
                .where("s.created_at < ?", utc(cutoff));
        if (level != null) {
            f.where("s.level_code = ?", level);
        }
        return f;
    }

    private static double round(double degrees) {
        return Math.round(degrees * POINT_GRID) / POINT_GRID;
    }

    static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
