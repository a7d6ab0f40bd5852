package org.trucewatch.gis.map;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Produces;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.trucewatch.access.AccessService;
import org.trucewatch.problem.Problem;

/** The web app's map: incidents aggregated on the server ({@code GET /api/v1/map/incidents}) and the base map's settings. */
@Controller("/api/v1/map")
@ExecuteOn(TaskExecutors.BLOCKING)
@Secured(SecurityRule.IS_AUTHENTICATED)
@Tag(name = "Map")
@SecurityRequirement(name = "bearer")
class MapController {
    static final String GEO_JSON = "application/geo+json";
    private final MapIncidents incidents;
    private final Basemap basemap;
    private final AccessService access;

    MapController(MapIncidents incidents, Basemap basemap, AccessService access) {
        this.incidents = incidents;
        this.basemap = basemap;
        this.access = access;
    }

    @Operation(summary = "Incidents on the map, clustered on the server",
            description = "The incidents the caller may see (as the incident list and the OGC incidents layer give them), "
                    + "counted in PostGIS per square cell of a grid in EPSG:3857 metres whose cells are 48 screen pixels "
                    + "at the given zoom (16 for view=heat). A cluster is a Point feature with count, statuses (count by "
                    + "status) and maxSeverity at its incidents' mean position; a cell holding one incident is that "
                    + "incident (id, category, status, severity, observedAt). view=heat answers each cell as "
                    + "its square (Polygon) with its count. Filters: datetime (interval), category, severity, party (the "
                    + "party the finding attributes the violation to), status, mechanism: comma-separated codes.")
    @Parameter(name = "bbox", in = ParameterIn.QUERY, required = true, description = "minLon,minLat,maxLon,maxLat (CRS84)")
    @Parameter(name = "zoom", in = ParameterIn.QUERY, required = true, description = "the map's zoom, 0 to 24")
    @Parameter(name = "datetime", in = ParameterIn.QUERY, description = "RFC 3339 instant or interval, as OGC API Features")
    @Parameter(name = "category", in = ParameterIn.QUERY, description = "category codes, comma-separated")
    @Parameter(name = "severity", in = ParameterIn.QUERY, description = "severities, comma-separated (1 to 5)")
    @Parameter(name = "party", in = ParameterIn.QUERY, description = "party codes of the finding, comma-separated")
    @Parameter(name = "status", in = ParameterIn.QUERY, description = "status codes, comma-separated")
    @Parameter(name = "mechanism", in = ParameterIn.QUERY, description = "mechanism codes, comma-separated")
    @Parameter(name = "view", in = ParameterIn.QUERY, description = "clusters (default) or heat")
    @ApiResponse(responseCode = "200", description = "A GeoJSON FeatureCollection with numberMatched and cellMetres",
            content = @Content(mediaType = GEO_JSON))
    @ApiResponse(responseCode = "400", description = "Bad query parameter",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = Problem.SCHEMA)))
    @Get("/incidents")
    @Produces({GEO_JSON, Problem.MEDIA_TYPE})
    HttpResponse<Object> incidents(HttpRequest<?> request, Authentication authentication) {
        return HttpResponse.ok((Object) incidents.read(request.getParameters(), access.principal(authentication)))
                .contentType(GEO_JSON);
    }

    @Operation(summary = "The base map the app draws under its layers",
            description = "A TileJSON 3.0.0 document naming the tiles: the service's own (/basemap/tiles/{z}/{x}/{y}, from "
                    + "the operator's MBTiles file, trucewatch.basemap.mbtiles) or the mission's tile server "
                    + "(trucewatch.basemap.url). With neither set, tiles is empty and the app draws the country outlines "
                    + "it ships.")
    @ApiResponse(responseCode = "200", description = "TileJSON", content = @Content(mediaType = MediaType.APPLICATION_JSON))
    @Get("/basemap")
    @Produces(MediaType.APPLICATION_JSON)
    HttpResponse<Object> basemap() {
        return HttpResponse.ok(basemap.tileJson());
    }
}
