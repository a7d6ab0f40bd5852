package org.trucewatch.gis.ogc;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
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
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.trucewatch.access.AccessService;
import org.trucewatch.access.Principal;
import org.trucewatch.gis.Crs;
import org.trucewatch.gis.Layer;
import org.trucewatch.gis.LayerFeature;
import org.trucewatch.gis.LayerQuery;
import org.trucewatch.gis.LayerQueryParser;
import org.trucewatch.gis.LayerRegistry;
import org.trucewatch.problem.ProblemException;

/**
 * OGC API – Features Part 1 (Core, GeoJSON, OpenAPI 3.0) and Part 2 (CRS) at {@code /ogc}.
 * Routes check the caller, parse the query once, ask the layer, answer in JSON or, for a browser
 * ({@link OgcFormat}), as HTML pages written from the same documents. Described by its own
 * OpenAPI document at {@code /ogc/api} (hidden from the service's main one).
 */
@Hidden
@Controller("/ogc")
@ExecuteOn(TaskExecutors.BLOCKING)
@Secured(SecurityRule.IS_AUTHENTICATED)
class OgcController {
    private static final String PROBLEM = "application/problem+json";

    private final LayerRegistry layers;
    private final AccessService access;
    private final OgcDocuments documents;
    private final OgcApiDefinition definition;
    private final OgcSchema schemas;
    private final HttpHostResolver hosts;
    private final ObjectMapper mapper;

    OgcController(LayerRegistry layers, AccessService access, OgcDocuments documents, OgcApiDefinition definition,
                  OgcSchema schemas, HttpHostResolver hosts, ObjectMapper mapper) {
        this.schemas = schemas;
        this.layers = layers;
        this.access = access;
        this.documents = documents;
        this.definition = definition;
        this.hosts = hosts;
        this.mapper = mapper;
    }

    /** The one page anonymous clients may read: it tells them where the API is and that it needs credentials. */
    @Get
    @Secured(SecurityRule.IS_ANONYMOUS)
    @Produces({MediaType.APPLICATION_JSON, MediaType.TEXT_HTML, PROBLEM})
    HttpResponse<byte[]> landing(HttpRequest<?> request) {
        LayerQueryParser.none(request.getParameters());
        OgcFormat format = OgcFormat.of(request);
        ObjectNode doc = documents.landing(base(request));
        return format == OgcFormat.HTML ? html(OgcHtmlPages.landing(doc, base(request))) : json(doc, OgcDocuments.JSON);
    }

    @Get("/api")
    @Produces({OgcDocuments.OPENAPI, MediaType.APPLICATION_JSON, PROBLEM})
    HttpResponse<byte[]> api(HttpRequest<?> request) {
        LayerQueryParser.none(request.getParameters());
        OgcFormat.jsonOnly(request);
        return json(definition.document(base(request), layers.all()), OgcDocuments.OPENAPI);
    }

    @Get("/api.html")
    @Produces({MediaType.TEXT_HTML, PROBLEM})
    HttpResponse<String> apiDoc(HttpRequest<?> request) {
        LayerQueryParser.none(request.getParameters());
        OgcFormat.jsonOnly(request);
        return HttpResponse.ok(definition.html(base(request), layers.all())).contentType(MediaType.TEXT_HTML_TYPE);
    }

    @Get("/conformance")
    @Produces({MediaType.APPLICATION_JSON, MediaType.TEXT_HTML, PROBLEM})
    HttpResponse<byte[]> conformance(HttpRequest<?> request) {
        LayerQueryParser.none(request.getParameters());
        OgcFormat format = OgcFormat.of(request);
        ObjectNode doc = documents.conformance();
        return format == OgcFormat.HTML ? html(OgcHtmlPages.conformance(doc, base(request))) : json(doc, OgcDocuments.JSON);
    }

    @Get("/collections")
    @Produces({MediaType.APPLICATION_JSON, MediaType.TEXT_HTML, PROBLEM})
    HttpResponse<byte[]> collections(HttpRequest<?> request, Authentication authentication) {
        LayerQueryParser.none(request.getParameters());
        OgcFormat format = OgcFormat.of(request);
        Principal user = access.principal(authentication);
        List<Layer> all = layers.all();
        ObjectNode doc = documents.collections(base(request), all, all.stream().map(l -> l.extent(user)).toList());
        return format == OgcFormat.HTML ? html(OgcHtmlPages.collections(doc, base(request))) : json(doc, OgcDocuments.JSON);
    }

    @Get("/collections/{collectionId}")
    @Produces({MediaType.APPLICATION_JSON, MediaType.TEXT_HTML, PROBLEM})
    HttpResponse<byte[]> collection(HttpRequest<?> request, Authentication authentication,
                                    @PathVariable String collectionId) {
        Layer layer = layers.get(collectionId);
        LayerQueryParser.none(request.getParameters());
        OgcFormat format = OgcFormat.of(request);
        Principal user = access.principal(authentication);
        ObjectNode doc = documents.collection(base(request), layer, layer.extent(user));
        return format == OgcFormat.HTML ? html(OgcHtmlPages.collection(doc, base(request))) : json(doc, OgcDocuments.JSON);
    }

    /** OGC API - Features Part 5: the features' schema as this caller gets them. */
    @Get("/collections/{collectionId}/schema")
    @Produces({OgcSchema.MEDIA_TYPE, MediaType.APPLICATION_JSON, PROBLEM})
    HttpResponse<byte[]> schema(HttpRequest<?> request, Authentication authentication, @PathVariable String collectionId) {
        Layer layer = layers.get(collectionId);
        LayerQueryParser.none(request.getParameters());
        OgcFormat.jsonOnly(request);
        return json(schemas.document(base(request), layer, access.principal(authentication)), OgcSchema.MEDIA_TYPE);
    }

    @Get("/collections/{collectionId}/items")
    @Produces({OgcDocuments.GEO_JSON, MediaType.APPLICATION_JSON, MediaType.TEXT_HTML, PROBLEM})
    HttpResponse<byte[]> items(HttpRequest<?> request, Authentication authentication, @PathVariable String collectionId) {
        Layer layer = layers.get(collectionId);
        Principal user = access.principal(authentication);
        LayerQuery query = LayerQueryParser.page(layer, request.getParameters(), user);
        OgcFormat format = OgcFormat.of(request);
        String self = hosts.resolve(request) + request.getUri();
        OgcItemsPage page = OgcItemsPage.read(layer, query, user, self, base(request));
        MutableHttpResponse<byte[]> response = format == OgcFormat.HTML ? html(OgcHtmlItems.items(page, base(request), mapper))
                : vary(HttpResponse.ok(page.json(mapper)).contentType(OgcDocuments.GEO_JSON));
        return response.header("Content-Crs", "<" + query.crs().uri() + ">");
    }

    @Get("/collections/{collectionId}/items/{featureId}")
    @Produces({OgcDocuments.GEO_JSON, MediaType.APPLICATION_JSON, MediaType.TEXT_HTML, PROBLEM})
    HttpResponse<byte[]> item(HttpRequest<?> request, Authentication authentication, @PathVariable String collectionId,
                              @PathVariable String featureId) {
        Layer layer = layers.get(collectionId);
        Crs crs = LayerQueryParser.feature(request.getParameters());
        OgcFormat format = OgcFormat.of(request);
        Principal user = access.principal(authentication);
        LayerFeature feature = layer.find(featureId, crs, user)
                .orElseThrow(() -> ProblemException.notFound("No feature '" + featureId + "' in " + layer.id()));
        MutableHttpResponse<byte[]> response = format == OgcFormat.HTML
                ? html(OgcHtmlItems.feature(layer, feature, layer.fields(user), crs, base(request), mapper))
                : vary(HttpResponse.ok(OgcItemsPage.writeOne(mapper, layer, feature, crs, user, base(request)))
                        .contentType(OgcDocuments.GEO_JSON));
        return response.header("Content-Crs", "<" + crs.uri() + ">");
    }

    private String base(HttpRequest<?> request) {
        return hosts.resolve(request) + "/ogc";
    }

    private MutableHttpResponse<byte[]> json(ObjectNode doc, String type) {
        try {
            return vary(HttpResponse.ok(mapper.writeValueAsBytes(doc)).contentType(type));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An HTML page (the caller asked with {@code f=html} or a browser's Accept), under the pages' own CSP. */
    private static MutableHttpResponse<byte[]> html(String page) {
        return vary(HttpResponse.ok(page.getBytes(StandardCharsets.UTF_8)).contentType(OgcFormat.HTML_TYPE))
                .header("Content-Security-Policy", OgcHtml.CSP).header("X-Content-Type-Options", "nosniff");
    }

    /** Both faces live at one URL: a cache must keep them apart by the Accept header (RFC 9110 §12.5.5). */
    private static MutableHttpResponse<byte[]> vary(MutableHttpResponse<byte[]> response) {
        return response.header(HttpHeaders.VARY, HttpHeaders.ACCEPT);
    }
}
