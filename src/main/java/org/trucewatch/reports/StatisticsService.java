package org.trucewatch.reports;

import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import org.trucewatch.access.AccessPolicy;
import org.trucewatch.access.AccessScope;
import org.trucewatch.access.Audience;
import org.trucewatch.access.Principal;
import org.trucewatch.access.SqlFragment;
import org.trucewatch.geo.FilterSql;
import org.trucewatch.mechanisms.Finding;
import org.trucewatch.mechanisms.IncidentStatus;
import org.trucewatch.mechanisms.MechanismProtocol;
import org.trucewatch.mechanisms.MechanismService;
import org.trucewatch.problem.ProblemException;
import org.trucewatch.reports.StatisticsRepository.Flow;
import org.trucewatch.reports.StatisticsRepository.Group;
import org.trucewatch.taxonomy.Taxonomy;

/**
 * The statistics of one mechanism as one reader may have them (docs/reports.md): the access
 * policy says which incidents count and for which audience; the counting is SQL
 * ({@link StatisticsRepository}); the public's small cells are suppressed ({@link StatisticsTables}).
 * The whole answer is read in one read-only transaction, so its tables agree with each other.
 */
@Singleton
public class StatisticsService {
    private final StatisticsRepository repository;
    private final AccessPolicy policy;
    private final MechanismService mechanisms;
    private final Taxonomy taxonomy;
    private final Clock clock;

    StatisticsService(StatisticsRepository repository, AccessPolicy policy, MechanismService mechanisms, Taxonomy taxonomy,
                      Clock clock) {
        this.repository = repository;
        this.policy = policy;
        this.mechanisms = mechanisms;
        this.taxonomy = taxonomy;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    StatisticsView statistics(StatisticsQuery q, Principal user) {
        AccessScope scope = policy.scope(user);
        Audience audience = policy.audience(scope, q.mechanism(), q.audience());
        MechanismProtocol protocol = mechanisms.protocol(q.mechanism())
                .orElseThrow(() -> ProblemException.notFound("No mechanism " + q.mechanism()));
        return view(protocol, audience, scope, q, null);
    }

    /**
     * The figures for {@code audience} over the incidents {@code scope} may count (the access
     * policy's FROM item); {@code createdBefore} non-null counts only the incidents recorded before
     * it (a periodic report's figures as they stood at its cut-off).
     */
    StatisticsView view(MechanismProtocol protocol, Audience audience, AccessScope scope, StatisticsQuery q,
                        Instant createdBefore) {
        return show(protocol, audience, count(protocol, scope, q, createdBefore, Measure.forAudience(audience == Audience.PUBLIC)));
    }

    /**
     * Figures counted once, before they are shown to an audience (a periodic report shows them to
     * three); the workflow figures, when asked for, are counted at the first showing and kept.
     */
    record Counted(StatisticsRepository.Source source, StatisticsQuery query, List<Measure> measures,
                   StatisticsRepository.Tables tables, AtomicReference<List<StatisticsView.FlowView>> workflow) {
    }

    /** Counts {@code measures} of {@code q} over {@code scope}'s incidents (recorded before {@code createdBefore}, if given). */
    Counted count(MechanismProtocol protocol, AccessScope scope, StatisticsQuery q, Instant createdBefore,
                  List<Measure> measures) {
        return count(protocol, scope, List.of(q), createdBefore, measures).get(q);
    }

    /**
     * Counts several queries at once, as {@link #count(MechanismProtocol, AccessScope, StatisticsQuery, Instant, List)}
     * counts each: their incidents are gathered once (a periodic report's tables). The queries differ
     * only in their period, time, grouping and workflow: the same mechanism, bbox and filters.
     */
    Map<StatisticsQuery, Counted> count(MechanismProtocol protocol, AccessScope scope, List<StatisticsQuery> queries,
                                        Instant createdBefore, List<Measure> measures) {
        StatisticsQuery first = queries.get(0);
        SqlFragment incidents = scope.countable(StatisticsRepository.INCIDENTS, "s");
        SqlFragment withoutFigures = scope.countable(StatisticsRepository.COUNTABLE, "s");
        FilterSql filter = filter(first, createdBefore);
        List<StatisticsRepository.Table> tables = new ArrayList<>();
        for (StatisticsQuery q : queries) {
            if (!q.mechanism().equals(first.mechanism()) || !Objects.equals(q.bbox(), first.bbox())
                    || !q.filters().equals(first.filters())) {
                throw new IllegalArgumentException("counted together, queries differ only in time and grouping: " + q);
            }
            checkCodes(q);
            tables.add(new StatisticsRepository.Table(new StatisticsRepository.Source(protocol.zone().getId(), q.period(),
                    q.datetime() == null ? null : q.datetime().start(), q.datetime() == null ? null : q.datetime().end(),
                    incidents, withoutFigures, filter), q.groupBy()));
        }
        List<StatisticsRepository.Tables> counted = repository.tables(tables, measures);
        Map<StatisticsQuery, Counted> out = new LinkedHashMap<>();
        for (int k = 0; k < queries.size(); k++) {
            out.put(queries.get(k), new Counted(tables.get(k).source(), queries.get(k), measures, counted.get(k),
                    new AtomicReference<>()));
        }
        return out;
    }

    /**
     * What {@code audience} is shown of figures counted for it or for more (its measures taken from
     * them, the public's small cells suppressed).
     */
    StatisticsView show(MechanismProtocol protocol, Audience audience, Counted counted) {
        StatisticsQuery q = counted.query();
        boolean forPublic = audience == Audience.PUBLIC;
        if (forPublic && q.groupBy().size() > 2) {
            throw ProblemException.invalidParameter("groupBy", "the public figures are grouped by at most two things, "
                    + "the period included (docs/reports.md, Suppression)");
        }
        List<Measure> measures = Measure.forAudience(forPublic);
        if (!counted.measures().containsAll(measures)) {
            throw new IllegalArgumentException("counted " + counted.measures() + ", not " + measures);
        }
        int[] taken = measures.stream().mapToInt(m -> counted.measures().indexOf(m)).toArray();
        List<Dimension> dims = q.groupBy();
        StatisticsRepository.Tables t = counted.tables();
        List<Group> rows = take(t.rows(), taken);
        List<Group> byFirst = take(t.byFirst(), taken);
        List<Group> bySecond = take(t.bySecond(), taken);
        List<Group> total = take(t.total(), taken);
        Integer threshold = forPublic ? protocol.cellThreshold() : null;
        StatisticsTables tables = new StatisticsTables(dims, measures, q.period(), threshold, rows, byFirst, bySecond, total);
        List<StatisticsView.Row> totalRows = tables.rows("total", List.of());
        return new StatisticsView(protocol.code(), audience.code(), protocol.zone().getId(),
                q.period() == null ? null : q.period().field(), dims.stream().map(Dimension::code).toList(), threshold,
                measures.stream().map(Measure::code).toList(), q.period() == null ? null : tables.periods(),
                tables.rows("rows", dims), byFirst == null ? null : tables.rows("byFirst", dims.subList(0, 1)),
                bySecond == null ? null : tables.rows("bySecond", dims.subList(1, 2)),
                totalRows.isEmpty() ? null : totalRows.get(0),
                forPublic || !q.workflow() ? null
                        : counted.workflow().updateAndGet(w -> w != null ? w : workflow(counted.source(), q.period())));
    }

    /** The groups with the values of the measures at {@code taken}, in that order (copies: suppression changes its own). */
    private static List<Group> take(List<Group> groups, int[] taken) {
        if (groups == null) {
            return null;
        }
        List<Group> out = new ArrayList<>(groups.size());
        for (Group g : groups) {
            long[] values = new long[taken.length];
            for (int i = 0; i < taken.length; i++) {
                values[i] = g.values()[taken[i]];
            }
            out.add(new Group(g.period(), g.key(), values));
        }
        return out;
    }

    /** Codes with a fixed list are checked, so that a typo is an error rather than an empty table. */
    private void checkCodes(StatisticsQuery q) {
        List<String> statuses = Arrays.stream(IncidentStatus.values()).map(IncidentStatus::code).toList();
        List<String> findings = Arrays.stream(Finding.values()).map(Finding::code).toList();
        q.filters().getOrDefault("category", List.of()).stream().filter(c -> !taxonomy.isCategory(c)).findFirst()
                .ifPresent(c -> {
                    throw ProblemException.invalidParameter("category", "'" + c + "' is not a category of the taxonomy");
                });
        q.filters().getOrDefault("status", List.of()).stream().filter(c -> !statuses.contains(c)).findFirst().ifPresent(c -> {
            throw ProblemException.invalidParameter("status", "'" + c + "' is not one of: " + String.join(", ", statuses));
        });
        q.filters().getOrDefault("finding", List.of()).stream().filter(c -> !findings.contains(c)).findFirst().ifPresent(c -> {
            throw ProblemException.invalidParameter("finding", "'" + c + "' is not one of: " + String.join(", ", findings));
        });
    }

    /**
     * The incident list's filters over {@code incident_statistics_v} or {@code incident_countable_v}
     * ({@code s}), but for the time (each table of the repository says its own). The alleged party
     * is asked of {@code incident_alleged_party_v}, which both may be filtered by.
     */
    private static FilterSql filter(StatisticsQuery q, Instant createdBefore) {
        FilterSql f = new FilterSql().where("s.mechanism_code = ?", q.mechanism()).intersects("s.geom", q.bbox());
        if (createdBefore != null) {
            f.where("s.created_at < ?", OffsetDateTime.ofInstant(createdBefore, ZoneOffset.UTC));
        }
        for (Map.Entry<String, List<String>> e : q.filters().entrySet()) {
            if (e.getKey().equals("party")) {
                f.where("EXISTS (SELECT 1 FROM incident_alleged_party_v fp WHERE fp.incident_id = s.id AND fp.party = ANY(?))",
                        (Object) e.getValue().toArray(String[]::new));
            } else {
                f.in(StatisticsQuery.FILTERS.get(e.getKey()), e.getValue());
            }
        }
        return f;
    }

    private List<StatisticsView.FlowView> workflow(StatisticsRepository.Source source, PeriodUnit unit) {
        Map<String, long[]> counts = new LinkedHashMap<>();
        Map<String, Double[]> times = new LinkedHashMap<>();
        Map<String, String[]> keys = new LinkedHashMap<>();
        List<Flow> flows = new ArrayList<>(repository.workflow(source, clock.instant()));
        flows.sort(java.util.Comparator.comparing((Flow f) -> f.localStart() == null ? LocalDateTime.MIN : f.localStart())
                .thenComparing(f -> f.level() == null ? "" : f.level()));
        for (Flow f : flows) {
            String period = f.localStart() == null || unit == null ? null : unit.label(f.localStart());
            String key = period + "|" + f.level();
            keys.putIfAbsent(key, new String[] {period, f.level()});
            long[] c = counts.computeIfAbsent(key, k -> new long[4]);
            switch (f.what()) {
                case "backlog" -> {
                    c[0] = f.count();
                    c[1] = f.overdue();
                }
                case "escalations" -> c[2] = f.count();
                default -> {
                    c[3] = f.count();
                    times.put(key, new Double[] {hours(f.medianS()), hours(f.p90S())});
                }
            }
        }
        List<StatisticsView.FlowView> out = new ArrayList<>();
        for (Map.Entry<String, long[]> e : counts.entrySet()) {
            String[] k = keys.get(e.getKey());
            Double[] t = times.getOrDefault(e.getKey(), new Double[2]);
            long[] c = e.getValue();
            out.add(new StatisticsView.FlowView(k[0], k[1], c[0], c[1], c[2], c[3], t[0], t[1]));
        }
        return out;
    }

    private static Double hours(Double seconds) {
        return seconds == null ? null : Math.round(seconds / 36.0) / 100.0;
    }
}
