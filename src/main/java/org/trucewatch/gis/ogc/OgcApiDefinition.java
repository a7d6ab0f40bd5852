package org.trucewatch.gis.ogc;

import static org.trucewatch.markup.Html.escape;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.trucewatch.gis.Crs;
import org.trucewatch.gis.Layer;

/**
 * The OpenAPI 3.0 document of {@code /ogc} (OGC 17-069r4 §7.3, conformance class OAS30): the
 * hand-written template {@code ogc/openapi.json} with the server URL, the CRS list, the
 * collection ids and each layer's property filters filled in.
 */
@Singleton
class OgcApiDefinition {
    private static final String TEMPLATE = "ogc/openapi.json";

    private final ObjectMapper mapper;
    private final String template;

    OgcApiDefinition(ObjectMapper mapper) {
        this.mapper = mapper;
        try (InputStream in = OgcApiDefinition.class.getClassLoader().getResourceAsStream(TEMPLATE)) {
            if (in == null) {
                throw new IllegalStateException("missing classpath resource " + TEMPLATE);
            }
            this.template = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    ObjectNode document(String server, List<Layer> layers) {
        ObjectNode doc;
        try {
            doc = (ObjectNode) mapper.readTree(template.replace("{{SERVER}}", server)
                    .replace("{{CRS}}", mapper.writeValueAsString(Crs.uris())));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the OGC OpenAPI template is not JSON", e);
        }
        ObjectNode parameters = (ObjectNode) doc.path("components").path("parameters");
        ArrayNode ids = ((ObjectNode) parameters.path("collectionId").path("schema")).putArray("enum");
        layers.forEach(l -> ids.add(l.id()));
        Set<String> filters = new LinkedHashSet<>();
        layers.forEach(l -> filters.addAll(l.propertyFilters()));
        ArrayNode itemParameters = (ArrayNode) doc.path("paths").path("/collections/{collectionId}/items").path("get")
                .path("parameters");
        for (String name : filters) {
            ObjectNode p = parameters.putObject(name);
            p.put("name", name).put("in", "query").put("required", false)
                    .put("description", "Comma-separated codes of " + name + " (layers that have the property)")
                    .put("style", "form").put("explode", false);
            p.putObject("schema").put("type", "string");
            itemParameters.addObject().put("$ref", "#/components/parameters/" + name);
        }
        OgcFilterDefinition.addTo(doc);
        return doc;
    }

    String html(String server, List<Layer> layers) {
        StringBuilder html = new StringBuilder("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<title>TruceWatch layers</title></head><body><h1>TruceWatch layers: OGC API - Features</h1>"
                + "<p>The API definition: <a href=\"" + escape(server) + "/api\">OpenAPI 3.0 (JSON)</a>. "
                + "Connect QGIS or GDAL to <code>" + escape(server) + "</code> with HTTP Basic credentials; "
                + "see docs/gis.md of the TruceWatch repository.</p><h2>Collections</h2><ul>");
        for (Layer layer : layers) {
            html.append("<li><a href=\"").append(escape(server)).append("/collections/").append(escape(layer.id()))
                    .append("/items\">")
                    .append(escape(layer.title())).append("</a>: ").append(escape(layer.description())).append("</li>");
        }
        return html.append("</ul></body></html>").toString();
    }
}
