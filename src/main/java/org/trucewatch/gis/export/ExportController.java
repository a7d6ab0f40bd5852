package org.trucewatch.gis.export;

import io.micronaut.core.convert.ConversionService;
import io.micronaut.http.HttpParameters;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.simple.SimpleHttpParameters;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.types.files.StreamedFile;
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
import org.trucewatch.access.Principal;
import org.trucewatch.gis.Layer;
import org.trucewatch.gis.LayerQuery;
import org.trucewatch.gis.LayerQueryParser;
import org.trucewatch.gis.LayerRegistry;
import org.trucewatch.problem.Problem;
import org.trucewatch.markup.Csv;
import org.trucewatch.problem.ProblemException;

/** File exports of layers: {@code GET /api/v1/exports/{layer}.{gpkg|shp.zip|kml|geojson|csv|xlsx}}. */
@Controller("/api/v1/exports")
@ExecuteOn(TaskExecutors.BLOCKING)
@Secured(SecurityRule.IS_AUTHENTICATED)
@Tag(name = "Exports")
@SecurityRequirement(name = "bearer")
class ExportController {
    private final LayerRegistry layers;
    private final ExportService exports;
    private static final String BOM = "bom";

    private final AccessService access;
    private final ConversionService conversion;

    ExportController(LayerRegistry layers, ExportService exports, AccessService access, ConversionService conversion) {
        this.conversion = conversion;
        this.layers = layers;
        this.exports = exports;
        this.access = access;
    }

    @Operation(summary = "Export a layer as a file",
            description = "The layer's features the caller may see, redacted as in the API, streamed as GeoPackage (gpkg), "
                    + "zipped Shapefile (shp.zip), KML, GeoJSON, CSV or "
                    + "XLSX (the attribute table). Filters: bbox (CRS84, or in bbox-crs), datetime, and the layer's property "
                    + "filters (reports: category, mechanism). CSV only: bom=true starts the file with a UTF-8 byte order "
                    + "mark (for Excel). Times are UTC. Audited as export.create.")
    @ApiResponse(responseCode = "200", description = "The file (Content-Disposition names it)",
            content = @Content(mediaType = "application/octet-stream", schema = @Schema(type = "string", format = "binary")))
    @ApiResponse(responseCode = "400", description = "Bad query parameter",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = Problem.SCHEMA)))
    @ApiResponse(responseCode = "404", description = "No such layer or format",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = Problem.SCHEMA)))
    @Parameter(name = "bom", in = ParameterIn.QUERY, required = false, schema = @Schema(type = "boolean"),
            description = "CSV only: true starts the file with a UTF-8 byte order mark, by which Excel knows it is UTF-8")
    @Get("/{file}")
    @Produces({MediaType.APPLICATION_OCTET_STREAM, Problem.MEDIA_TYPE, MediaType.ALL})
    HttpResponse<StreamedFile> export(HttpRequest<?> request, Authentication authentication,
                                      @Parameter(description = "layer id and format, e.g. reports.gpkg") @PathVariable String file) {
        int dot = file.indexOf('.');
        if (dot <= 0) {
            throw ProblemException.notFound("Name the file as <layer>.<format>, e.g. reports.gpkg");
        }
        Layer layer = layers.get(file.substring(0, dot));
        ExportFormat format = exports.format(file.substring(dot + 1));
        Principal user = access.principal(authentication);
        boolean bom = byteOrderMark(request.getParameters(), format);
        LayerQuery query = LayerQueryParser.export(layer, withoutOptions(request.getParameters()), user);
        StreamedFile body = new StreamedFile(exports.start(layer, format, query, user, bom), MediaType.of(format.mediaType()));
        return HttpResponse.ok(body).contentType(format.mediaType())
                .header("Content-Disposition", "attachment; filename=\"" + layer.id() + "." + format.extension() + "\"");
    }

    /** {@code bom=true}: a CSV that starts with a UTF-8 byte order mark, by which Excel knows it is UTF-8. */
    private static boolean byteOrderMark(HttpParameters parameters, ExportFormat format) {
        String raw = parameters.get(BOM);
        if (raw == null) {
            return false;
        }
        if (parameters.getAll(BOM).size() > 1) {
            throw ProblemException.invalidParameter(BOM, "may be given only once");
        }
        return Csv.byteOrderMark(raw, format.extension().equals("csv"));
    }

    /** The query's filters without the format options, which the layer query parser does not know. */
    private HttpParameters withoutOptions(HttpParameters parameters) {
        if (parameters.get(BOM) == null) {
            return parameters;
        }
        Map<CharSequence, List<String>> rest = new LinkedHashMap<>();
        parameters.names().stream().filter(n -> !n.equals(BOM)).forEach(n -> rest.put(n, parameters.getAll(n)));
        return new SimpleHttpParameters(rest, conversion);
    }
}
