package org.trucewatch.reports;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.WKTWriter;
import org.locationtech.jts.simplify.TopologyPreservingSimplifier;
import org.trucewatch.access.AccessPolicy;
import org.trucewatch.access.Audience;
import org.trucewatch.access.AccessScope;
import org.trucewatch.geo.FilterSql;
import org.trucewatch.geo.TimeInterval;
import org.trucewatch.mechanisms.MechanismProtocol;
import org.trucewatch.mechanisms.Vocabulary;
import org.trucewatch.taxonomy.Taxonomy;
import org.trucewatch.zones.ZoneQuery;
import org.trucewatch.zones.ZoneService;
import org.trucewatch.zones.model.ZoneView;

/**
 * The content of a monthly report as it is stored (docs/reports.md, "Contents"): JSON text with
 * the period, the labels it needs in the mechanism's working languages, the zones' outlines for
 * the map, and one section per audience, each counted by {@link StatisticsService} as that
 * audience's statistics are (the public's small cells suppressed), over the incidents recorded
 * before the cut-off, with the map's points and the notable incidents that audience may be shown
 * ({@link ReportIncidents}). Downloads only render this text; nothing is counted again.
 */
@Singleton
class ReportContent {
    private static final List<String> LANGUAGES = List.of("en", "fr", "es", "ar");
    private static final List<String> BREAKDOWNS = List.of("categoryByZone", "byParty", "findings");
    /** Zone outlines are simplified to this share of the zones' extent: a map, not a survey. */
    private static final double SIMPLIFY = 1.0 / 800;

    private final StatisticsService statistics;
    private final StatisticsRepository repository;
    private final ReportIncidentRepository incidents;
    private final ReportIncidents oneByOne;
    private final AccessPolicy policy;
    private final ZoneService zones;
    private final Taxonomy taxonomy;
    private final Vocabulary vocabulary;
    private final ObjectMapper json;

    ReportContent(StatisticsService statistics, StatisticsRepository repository, ReportIncidentRepository incidents, ReportIncidents oneByOne,
                  AccessPolicy policy, ZoneService zones, Taxonomy taxonomy, Vocabulary vocabulary, ObjectMapper json) {
        this.statistics = statistics;
        this.repository = repository;
        this.incidents = incidents;
        this.oneByOne = oneByOne;
        this.vocabulary = vocabulary;
        this.policy = policy;
        this.zones = zones;
        this.taxonomy = taxonomy;
        this.json = json;
    }

    /** The mechanism's working languages: those of en, fr, es, ar its name is given in (all four when it has none). */
    static List<String> languages(MechanismProtocol p) {
        return LANGUAGES.stream().filter(l -> p.name() == null || p.name().isEmpty() || p.name().containsKey(l)).toList();
    }

    /** The monthly report of {@code p} (of one level, or null: the whole mechanism) for [start, end), as of {@code cutoff}. */
    String monthly(MechanismProtocol p, String level, String label, Instant start, Instant end, Instant cutoff) {
        repository.compileNothingInThisTransaction();
        ObjectNode doc = header(p, "monthly", level, label, start, end, cutoff);
        AccessScope countable = policy.issuer(p.code());
        doc.put("lateArrivals", lateArrivals(p, level, start, cutoff));
        zoneOutlines(doc.putArray("zones"), p.code(), end);
        ReportIncidents.Read read = oneByOne.read(p, level, start, end, cutoff, true);
        // The period's end is exclusive; the statistics' datetime end is inclusive (to the microsecond stored).
        Instant last = end.minus(1, ChronoUnit.MICROS);
        Map<String, StatisticsQuery> tables = new LinkedHashMap<>();
        tables.put("months", query(p, level, PeriodUnit.MONTH, List.of(Dimension.PERIOD), start, last, false));
        tables.put("daily", query(p, level, PeriodUnit.DAY, List.of(Dimension.PERIOD), start, last, false));
        breakdowns(tables, p, level, start, last);
        // Each table is counted once, all in one statement, and shown to every audience (the issuer
        // counts the same incidents for each; they differ in the measures shown and the public's
        // suppression), the workflow too.
        Map<StatisticsQuery, StatisticsService.Counted> counted = countAll(p, countable, tables.values(), cutoff);
        ObjectNode audiences = doc.putObject("audiences");
        for (Audience a : Audience.values()) {
            ObjectNode s = audiences.putObject(a.code());
            StatisticsView months = statistics.show(p, a, counted.get(tables.get("months")));
            s.set("totals", json.valueToTree(months.rows().get(months.rows().size() - 1).values()));
            s.set("daily", json.valueToTree(statistics.show(p, a, counted.get(tables.get("daily"))).rows()));
            for (String table : BREAKDOWNS) {
                s.set(table, json.valueToTree(statistics.show(p, a, counted.get(tables.get(table)))));
            }
            // Every incident of the period is a dot on the map; only the notable ones are named (docs/reports.md).
            s.set("points", oneByOne.points(read, a));
            s.set("notable", oneByOne.notable(read, a));
        }
        return doc.toString();
    }

    /**
     * The period's breakdowns every periodic report holds ({@link #BREAKDOWNS}): by category and
     * zone (with the workflow: the report's workflow table, ReportTables, is this one's), by alleged
     * party, and by finding and attributed party.
     */
    private static void breakdowns(Map<String, StatisticsQuery> tables, MechanismProtocol p, String level, Instant start,
                                   Instant last) {
        tables.put("categoryByZone", query(p, level, null, List.of(Dimension.CATEGORY, Dimension.ZONE), start, last, true));
        tables.put("byParty", query(p, level, null, List.of(Dimension.PARTY), start, last, false));
        tables.put("findings", query(p, level, null, List.of(Dimension.FINDING, Dimension.ATTRIBUTED_PARTY), start, last,
                false));
    }

    /** The statistics query of one of a report's tables. */
    private static StatisticsQuery query(MechanismProtocol p, String level, PeriodUnit unit, List<Dimension> dims,
                                         Instant from, Instant to, boolean workflow) {
        return new StatisticsQuery(p.code(), null, unit, dims, new TimeInterval(from, to), null,
                level == null ? Map.of() : Map.of("level", List.of(level)), workflow);
    }

    /** A report's tables, counted at once over the incidents recorded before {@code cutoff} (null: all). */
    private Map<StatisticsQuery, StatisticsService.Counted> countAll(MechanismProtocol p, AccessScope countable,
                                                                     Collection<StatisticsQuery> tables, Instant cutoff) {
        return statistics.count(p, countable, List.copyOf(new LinkedHashSet<>(tables)), cutoff, Measure.forAudience(false));
    }

    /**
     * The daily situation report of {@code p} for [start, end) (cut-off to cut-off), counted as the
     * data stand when it is issued (just after the cut-off): per audience, as that audience's
     * statistics count them (the public's small cells suppressed), the totals with the day before's
     * (the previous cut-off to cut-off) and the change, the figures by category, the monthly
     * report's tables (category × zone, party, findings and attributions, the workflow), the map of
     * the day's incidents, the chart of the last 30 calendar days, and the notable incidents it may
     * be shown, with the labels and languages the renderings need.
     */
    String daily(MechanismProtocol p, String label, Instant start, Instant end, Instant issued) {
        repository.compileNothingInThisTransaction();
        ObjectNode doc = header(p, "daily", null, label, start, end, issued).put("cutoff", p.dailyReport().cutoff());
        AccessScope countable = policy.issuer(p.code());
        Instant last = end.minus(1, ChronoUnit.MICROS);
        // The day before: from the cut-off of the local day before to this day's start (23 or 25 hours across a change).
        Instant dayBefore = start.atZone(p.zone()).toLocalDate().minusDays(1).atTime(p.dailyReport().cutoffTime())
                .atZone(p.zone()).toInstant();
        Instant monthBefore = end.atZone(p.zone()).toLocalDate().minusDays(29).atStartOfDay(p.zone()).toInstant();
        zoneOutlines(doc.putArray("zones"), p.code(), end);
        ReportIncidents.Read read = oneByOne.read(p, null, start, end, issued, true);
        Map<String, StatisticsQuery> tables = new LinkedHashMap<>();
        tables.put("byCategory", query(p, null, null, List.of(Dimension.CATEGORY), start, last, false));
        tables.put("dayBefore", query(p, null, null, List.of(), dayBefore, start.minus(1, ChronoUnit.MICROS), false));
        tables.put("daily", query(p, null, PeriodUnit.DAY, List.of(Dimension.PERIOD), monthBefore, last, false));
        breakdowns(tables, p, null, start, last);
        Map<StatisticsQuery, StatisticsService.Counted> counted = countAll(p, countable, tables.values(), null);
        ObjectNode audiences = doc.putObject("audiences");
        for (Audience a : Audience.values()) {
            StatisticsView byCategory = statistics.show(p, a, counted.get(tables.get("byCategory")));
            StatisticsView before = statistics.show(p, a, counted.get(tables.get("dayBefore")));
            ObjectNode s = audiences.putObject(a.code());
            s.set("totals", withPrevious(byCategory.total(), before.total()));
            s.set("byCategory", json.valueToTree(byCategory));
            s.set("daily", json.valueToTree(statistics.show(p, a, counted.get(tables.get("daily"))).rows()));
            for (String table : BREAKDOWNS) {
                s.set(table, json.valueToTree(statistics.show(p, a, counted.get(tables.get(table)))));
            }
            s.set("points", oneByOne.points(read, a));
            s.set("notable", oneByOne.notable(read, a));
        }
        return doc.toString();
    }

    /**
     * The day's totals, each with the day before's value and the change, as a series shows them: a
     * suppressed figure on either side leaves the change out (it would tell the suppressed one).
     */
    private ObjectNode withPrevious(StatisticsView.Row today, StatisticsView.Row dayBefore) {
        ObjectNode out = json.createObjectNode();
        if (today == null) {
            return out;
        }
        today.values().forEach((measure, cell) -> {
            ObjectNode c = json.valueToTree(cell);
            StatisticsView.Cell prev = dayBefore == null ? null : dayBefore.values().get(measure);
            if (prev != null && Boolean.TRUE.equals(prev.suppressed())) {
                c.put("previousSuppressed", true);
            } else if (prev != null && prev.value() != null) {
                c.put("previous", prev.value());
                if (cell.value() != null && !Boolean.TRUE.equals(cell.suppressed())) {
                    c.put("change", cell.value() - prev.value());
                    if (prev.value() > 0) {
                        c.put("changePercent", Math.round((cell.value() - prev.value()) * 1000.0 / prev.value()) / 10.0);
                    }
                }
            }
            out.set(measure, c);
        });
        return out;
    }

    /** What every periodic report starts with: what, whose, which period, as of when, its languages and labels. */
    private ObjectNode header(MechanismProtocol p, String kind, String level, String label, Instant start, Instant end,
                              Instant asOf) {
        ObjectNode doc = json.createObjectNode().put("mechanism", p.code()).put("kind", kind).put("level", level)
                .put("period", label).put("timeZone", p.zone().getId()).put("periodStart", start.toString())
                .put("periodEnd", end.toString()).put("asOf", asOf.toString()).put("taxonomy", taxonomy.version());
        ArrayNode languages = doc.putArray("languages");
        languages(p).forEach(languages::add);
        labels(doc.putObject("labels"), p);
        return doc;
    }

    /** Incidents recorded during this period (before the cut-off) that were observed in an earlier one. */
    private long lateArrivals(MechanismProtocol p, String level, Instant start, Instant cutoff) {
        FilterSql f = new FilterSql().where("s.mechanism_code = ?", p.code()).where("s.observed_at < ?", utc(start))
                .where("s.created_at >= ?", utc(start)).where("s.created_at < ?", utc(cutoff));
        if (level != null) {
            f.where("s.level_code = ?", level);
        }
        return incidents.count(policy.issuer(p.code()).countable(StatisticsRepository.COUNTABLE, "s"), f);
    }

    private void labels(ObjectNode labels, MechanismProtocol p) {
        ObjectNode categories = labels.putObject("category");
        taxonomy.document().path("categories").forEach(c -> categories.set(c.path("code").asText(), c.path("labels")));
        ObjectNode parties = labels.putObject("party");
        if (p.parties() != null) {
            p.parties().forEach(x -> parties.set(x.code(), json.valueToTree(x.name())));
        }
        ObjectNode findings = labels.putObject("finding");
        vocabulary.view().findings().forEach(f -> findings.set(f.code(), json.valueToTree(f.labels())));
        ObjectNode levels = labels.putObject("level");
        if (p.levels() != null) {
            p.levels().forEach(x -> levels.set(x.code(), json.valueToTree(x.name())));
        }
    }

    private void zoneOutlines(ArrayNode out, String mechanism, Instant at) {
        List<ZoneView> list = zones.zones(new ZoneQuery(mechanism, null, at));
        WKTWriter wkt = new WKTWriter();
        wkt.setPrecisionModel(new org.locationtech.jts.geom.PrecisionModel(1e5));
        for (ZoneView z : list) {
            Geometry g = z.geometry();
            double tolerance = Math.max(g.getEnvelopeInternal().getWidth(), g.getEnvelopeInternal().getHeight()) * SIMPLIFY;
            out.addObject().put("code", z.code()).put("type", z.type().code())
                    .put("wkt", wkt.write(TopologyPreservingSimplifier.simplify(g, tolerance)));
        }
    }

    private static OffsetDateTime utc(Instant instant) {
        return ReportIncidents.utc(instant);
    }
}
