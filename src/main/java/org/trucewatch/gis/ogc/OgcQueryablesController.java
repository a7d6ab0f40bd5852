package org.trucewatch.gis.ogc;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.util.HttpHostResolver;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import io.swagger.v3.oas.annotations.Hidden;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.trucewatch.access.AccessService;
import org.trucewatch.gis.Layer;
import org.trucewatch.gis.LayerQueryParser;
import org.trucewatch.gis.LayerRegistry;
import org.trucewatch.gis.cql2.Queryable;

/**
 * {@code /ogc/collections/{id}/queryables} (OGC API Features Part 3 §6.2): the properties a
 * CQL2 {@code filter} may name, for this caller, as a JSON Schema. A confidential field the
 * caller never sees is not listed (and a filter naming it is refused as an unknown property).
 * Codes a feature holds several of are arrays of strings (CQL2's array functions test them),
 * although the feature carries them comma-separated, as every file format can hold them.
 */
@Hidden
@Controller("/ogc")
@ExecuteOn(TaskExecutors.BLOCKING)
@Secured(SecurityRule.IS_AUTHENTICATED)
class OgcQueryablesController {
    static final String SCHEMA_JSON = "application/schema+json";
    static final String REL = "http://www.opengis.net/def/rel/ogc/1.0/queryables";

    private final LayerRegistry layers;
    private final AccessService access;
    private final HttpHostResolver hosts;
    private final ObjectMapper mapper;

    OgcQueryablesController(LayerRegistry layers, AccessService access, HttpHostResolver hosts, ObjectMapper mapper) {
        this.layers = layers;
        this.access = access;
        this.hosts = hosts;
        this.mapper = mapper;
    }

    @Get("/collections/{collectionId}/queryables")
    @Produces({SCHEMA_JSON, "application/json", "application/problem+json"})
    HttpResponse<byte[]> queryables(HttpRequest<?> request, Authentication authentication, @PathVariable String collectionId) {
        Layer layer = layers.get(collectionId);
        LayerQueryParser.none(request.getParameters());
        OgcFormat.jsonOnly(request);
        String self = hosts.resolve(request) + "/ogc/collections/" + layer.id() + "/queryables";
        ObjectNode doc = mapper.createObjectNode();
        doc.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        doc.put("$id", self);
        doc.put("type", "object");
        doc.put("title", layer.title());
        doc.put("description", "The properties a CQL2 filter (filter-lang cql2-text or cql2-json) may name on "
                + layer.id() + ", for you.");
        ObjectNode properties = doc.putObject("properties");
        for (Queryable q : layer.queryables(access.principal(authentication))) {
            ObjectNode p = properties.putObject(q.name());
            p.put("title", q.title());
            switch (q.type()) {
                case STRING -> p.put("type", "string");
                case INTEGER -> p.put("type", "integer");
                case NUMBER -> p.put("type", "number");
                case DATETIME -> p.put("type", "string").put("format", "date-time");
                case GEOMETRY -> p.put("format", "geometry-any").put("x-ogc-role", "primary-geometry");
                case ARRAY -> p.put("type", "array").putObject("items").put("type", "string");
            }
        }
        doc.put("additionalProperties", false);
        try {
            return HttpResponse.ok(mapper.writeValueAsBytes(doc)).contentType(SCHEMA_JSON);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
