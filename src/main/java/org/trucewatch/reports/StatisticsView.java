package org.trucewatch.reports;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The answer of {@code GET /api/v1/statistics} (docs/reports.md). {@code rows} are grouped by
 * everything asked for; with two groupings {@code byFirst} and {@code bySecond} are each one
 * alone (the table's margins); {@code total} is the whole. Each value is a {@link Cell}.
 */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
record StatisticsView(String mechanism, String audience, String timeZone, String period, List<String> groupBy,
                      Integer smallCellThreshold, List<String> measures, List<PeriodView> periods, List<Row> rows,
                      List<Row> byFirst, List<Row> bySecond, Row total, List<FlowView> workflow) {

    /** A period of the series: its name in the mechanism's calendar and its bounds (end exclusive). */
    @Serdeable
    record PeriodView(String label, Instant start, Instant end, double hours) {
    }

    /** One group: dimension → value (the period by its label; null: none, e.g. no alleged party) and measure → cell. */
    @Serdeable
    record Row(Map<String, String> key, Map<String, Cell> values) {
    }

    /**
     * One figure: its {@code value}, or {@code suppressed} with {@code lessThan} the threshold (a
     * public cell too small to show, or one hidden with it so that it cannot be worked out). In a
     * series, the previous period's figure of the same group and the change: absolute and in
     * percent of the previous (null when the previous is 0 or either is suppressed).
     */
    @Serdeable
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Cell(Long value, Boolean suppressed, Integer lessThan, Long previous, Boolean previousSuppressed, Long change,
                Double changePercent) {
    }

    /**
     * The workflow of a level in a period (the period null without a series; the level null for
     * the triage queue): open incidents and how many of them were overdue at its end, escalations
     * from the level during it, findings recorded at the level during it and the hours from the
     * incident's creation to the finding (median and 90th percentile).
     */
    @Serdeable
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record FlowView(String period, String level, long backlog, long overdue, long escalations, long findings,
                    Double timeToFindingMedianHours, Double timeToFindingP90Hours) {
    }
}
