package org.trucewatch.gis.map;

import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.MediaType;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.trucewatch.problem.Problem;
import org.trucewatch.problem.ProblemException;

/**
 * The base map's tiles from the operator's MBTiles file. Anonymous, as the app's own files are:
 * a browser's image requests carry no bearer token, and a base map of public map data tells
 * nothing of the mission's records. Tiles are kept a day by browsers and by the app's service
 * worker (which keeps them for offline use).
 */
@Controller
@ExecuteOn(TaskExecutors.BLOCKING)
@Secured(SecurityRule.IS_ANONYMOUS)
@Tag(name = "Map")
class BasemapController {
    static final String CACHE = "public, max-age=86400";
    private final Basemap basemap;

    BasemapController(Basemap basemap) {
        this.basemap = basemap;
    }

    @Operation(summary = "A base map tile (XYZ, as web maps number them)",
            description = "From the MBTiles file set as trucewatch.basemap.mbtiles; 404 for a tile outside it.")
    @ApiResponse(responseCode = "200", description = "The tile (PNG, JPEG or WebP, as the file holds)",
            content = @Content(mediaType = "image/png", schema = @Schema(type = "string", format = "binary")))
    @ApiResponse(responseCode = "404", description = "No such tile",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = Problem.SCHEMA)))
    @Get(Basemap.TILES)
    @Produces({"image/png", "image/jpeg", "image/webp", Problem.MEDIA_TYPE, MediaType.ALL})
    HttpResponse<byte[]> tile(@PathVariable int z, @PathVariable int x, @PathVariable int y) {
        Basemap.Tile tile = basemap.tile(z, x, y)
                .orElseThrow(() -> ProblemException.notFound("No base map tile " + z + "/" + x + "/" + y));
        return HttpResponse.ok(tile.bytes()).contentType(tile.mediaType()).header(HttpHeaders.CACHE_CONTROL, CACHE);
    }
}
