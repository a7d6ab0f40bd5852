package org.trucewatch.reports;

import io.micronaut.http.HttpParameters;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.trucewatch.geo.Bbox;
import org.trucewatch.geo.TimeInterval;
import org.trucewatch.problem.ProblemException;

/**
 * One statistics request, parsed once from the query string (docs/api.md, "Statistics"): the
 * mechanism, the audience asked for, the period and the other groupings, and the filters of
 * the incident list. Unknown, repeated or malformed parameters are 400 naming the parameter.
 *
 * @param filters filter name ({@link #FILTERS}) → codes, any of which matches
 * @param workflow whether the answer holds the workflow figures too (they read every incident's
 *                 history: a reader who wants the counts alone says {@code workflow=false})
 */
record StatisticsQuery(String mechanism, String audience, PeriodUnit period, List<Dimension> groupBy, TimeInterval datetime,
                       Bbox bbox, Map<String, List<String>> filters, boolean workflow) {
    /** Filter parameter → column of {@code incident_statistics_v}; {@code party} is matched against any alleged party. */
    static final Map<String, String> FILTERS = Map.of("category", "s.category", "status", "s.status",
            "finding", "s.finding", "level", "s.level_code", "team", "s.team_code",
            "attributedParty", "s.finding_party", "party", "s.alleged_parties");
    private static final Set<String> OTHERS = Set.of("mechanism", "audience", "period", "groupBy", "datetime", "bbox",
            "workflow");

    static StatisticsQuery parse(HttpParameters parameters) {
        Set<String> known = new TreeSet<>(OTHERS);
        known.addAll(FILTERS.keySet());
        for (String name : parameters.names()) {
            if (!known.contains(name)) {
                throw ProblemException.invalidParameter(name, "unknown parameter; known: " + String.join(", ", known));
            }
            if (parameters.getAll(name).size() > 1) {
                throw ProblemException.invalidParameter(name, "may be given only once");
            }
        }
        String mechanism = parameters.get("mechanism");
        if (mechanism == null || mechanism.isBlank()) {
            throw ProblemException.invalidParameter("mechanism", "is required: statistics are of one mechanism");
        }
        PeriodUnit period = null;
        if (parameters.get("period") != null) {
            period = PeriodUnit.of(parameters.get("period").strip()).orElseThrow(() ->
                    ProblemException.invalidParameter("period", "must be one of: day, week, month, quarter"));
        }
        List<Dimension> groupBy = new ArrayList<>();
        if (period != null) {
            groupBy.add(Dimension.PERIOD);
        }
        for (String code : codes(parameters.get("groupBy"), "groupBy")) {
            Dimension d = Dimension.of(code).filter(x -> x != Dimension.PERIOD).orElseThrow(() ->
                    ProblemException.invalidParameter("groupBy", "'" + code + "' is not one of: "
                            + String.join(", ", Dimension.codes()) + " (the period is its own parameter)"));
            if (groupBy.contains(d)) {
                throw ProblemException.invalidParameter("groupBy", "names '" + code + "' twice");
            }
            groupBy.add(d);
        }
        TimeInterval datetime = TimeInterval.parse(parameters.get("datetime"), "datetime");
        if (period != null) {
            if (datetime == null || datetime.start() == null || datetime.end() == null) {
                throw ProblemException.invalidParameter("datetime", "a series by period needs a start and an end (start/end)");
            }
            Duration span = Duration.between(datetime.start(), datetime.end());
            if (span.dividedBy(period.shortest()) >= PeriodUnit.MAX_PERIODS) {
                throw ProblemException.invalidParameter("datetime", "spans more than " + PeriodUnit.MAX_PERIODS + " periods of a "
                        + period.field());
            }
        }
        String box = parameters.get("bbox");
        Map<String, List<String>> filters = new LinkedHashMap<>();
        for (String name : FILTERS.keySet().stream().sorted().toList()) {
            List<String> codes = codes(parameters.get(name), name);
            if (!codes.isEmpty()) {
                filters.put(name, codes);
            }
        }
        String workflow = parameters.get("workflow");
        if (workflow != null && !workflow.equals("true") && !workflow.equals("false")) {
            throw ProblemException.invalidParameter("workflow", "must be true or false");
        }
        return new StatisticsQuery(mechanism.strip(), parameters.get("audience"), period, List.copyOf(groupBy), datetime,
                box == null ? null : Bbox.parse(box, "bbox"), filters, !"false".equals(workflow));
    }

    /** Comma-separated codes; none may be empty or hold control characters (PostgreSQL cannot compare text holding NUL). */
    private static List<String> codes(String raw, String parameter) {
        if (raw == null || raw.isBlank()) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (String code : raw.split(",")) {
            String c = code.strip();
            if (c.isEmpty() || c.length() > 64 || c.chars().anyMatch(ch -> ch < 0x20 || ch == 0x7f)) {
                throw ProblemException.invalidParameter(parameter, "'" + code + "' is not a code");
            }
            out.add(c);
        }
        return out;
    }
}
