package org.trucewatch.reports;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.trucewatch.access.AccessService;

/** Counts of a mechanism's incidents, events and casualties, grouped and compared with the previous period. */
@Controller("/api/v1/statistics")
@Secured(SecurityRule.IS_AUTHENTICATED)
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "Statistics")
@SecurityRequirement(name = "bearer")
class StatisticsController {
    private final StatisticsService statistics;
    private final AccessService access;

    StatisticsController(StatisticsService statistics, AccessService access) {
        this.statistics = statistics;
        this.access = access;
    }

    @Operation(summary = "Counts over incidents (linked duplicates once), their events and casualties, grouped by period "
            + "in the mechanism's time zone and by category, party, zone, zone type, level, team, status, finding or "
            + "attributed party, each with the previous period's value and the change; the workflow's backlog, overdue, "
            + "escalations and time to finding per level. Members of the mechanism only (others 404); audience=public "
            + "suppresses small cells (docs/reports.md)")
    @Parameter(name = "mechanism", in = ParameterIn.QUERY,
            schema = @Schema(type = "string"), required = true,
            description = "mechanism code")
    @Parameter(name = "audience", in = ParameterIn.QUERY,
            schema = @Schema(type = "string", allowableValues = {"internal", "parties", "public"}),
            description = "internal (chair's staff), parties, public")
    @Parameter(name = "period", in = ParameterIn.QUERY,
            schema = @Schema(type = "string", allowableValues = {"day", "week", "month", "quarter"}),
            description = "day, week, month or quarter; needs datetime start/end")
    @Parameter(name = "groupBy", in = ParameterIn.QUERY,
            schema = @Schema(type = "string"),
            description = "comma-separated: category, party, zone, zoneType, level, team, status, finding, attributedParty")
    @Parameter(name = "datetime", in = ParameterIn.QUERY,
            schema = @Schema(type = "string"),
            description = "RFC 3339 instant, date or interval start/end (observedAt)")
    @Parameter(name = "bbox", in = ParameterIn.QUERY,
            schema = @Schema(type = "string"), description = "minLon,minLat,maxLon,maxLat (CRS84)")
    @Parameter(name = "category", in = ParameterIn.QUERY,
            schema = @Schema(type = "string"), description = "comma-separated category codes")
    @Parameter(name = "status", in = ParameterIn.QUERY,
            schema = @Schema(type = "string"), description = "comma-separated status codes")
    @Parameter(name = "finding", in = ParameterIn.QUERY,
            schema = @Schema(type = "string"), description = "comma-separated finding codes")
    @Parameter(name = "level", in = ParameterIn.QUERY,
            schema = @Schema(type = "string"), description = "comma-separated level codes")
    @Parameter(name = "team", in = ParameterIn.QUERY,
            schema = @Schema(type = "string"), description = "comma-separated team codes")
    @Parameter(name = "party", in = ParameterIn.QUERY,
            schema = @Schema(type = "string"), description = "comma-separated alleged party codes")
    @Parameter(name = "attributedParty", in = ParameterIn.QUERY,
            schema = @Schema(type = "string"), description = "comma-separated party codes of findings")
    @Parameter(name = "workflow", in = ParameterIn.QUERY,
            schema = @Schema(type = "boolean", defaultValue = "true"),
            description = "false: without the workflow figures (they read every counted incident's history)")
    @Get
    StatisticsView statistics(Authentication auth, HttpRequest<?> request) {
        return statistics.statistics(StatisticsQuery.parse(request.getParameters()), access.principal(auth));
    }
}
