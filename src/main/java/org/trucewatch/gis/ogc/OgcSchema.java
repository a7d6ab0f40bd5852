package org.trucewatch.gis.ogc;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.inject.Singleton;
import java.util.Map;
import org.trucewatch.access.Principal;
import org.trucewatch.gis.Layer;
import org.trucewatch.gis.LayerField;

/**
 * A collection's schema, OGC API – Features Part 5 (OGC 23-058, "Schemas"): a JSON Schema
 * (2020-12) of its features' properties as this reader gets them — the layer's schema for the
 * reader, which the access policy cuts, so a field they may never see is not in it — typed
 * (times {@code format: date-time}, codes as {@code enum} with a labelled {@code oneOf}, only
 * the codes the reader may name), the id and the primary geometry marked with
 * {@code x-ogc-role}. Every property may be null in a feature (no value).
 */
@Singleton
class OgcSchema {
    static final String MEDIA_TYPE = "application/schema+json";

    private final ObjectMapper mapper;

    OgcSchema(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    ObjectNode document(String base, Layer layer, Principal reader) {
        ObjectNode doc = mapper.createObjectNode();
        doc.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        doc.put("$id", base + "/collections/" + layer.id() + "/schema");
        doc.put("title", layer.title());
        doc.put("description", layer.description());
        doc.put("type", "object");
        ObjectNode properties = doc.putObject("properties");
        properties.putObject("id").put("title", "Feature id").put("type", "string").put("x-ogc-role", "id");
        properties.putObject("geometry").put("title", "Geometry").put("x-ogc-role", "primary-geometry")
                .put("format", layer.geometryKind().map(k -> "geometry-" + k.type(layer.multiPart()).toLowerCase())
                        .orElse("geometry-any"));
        for (LayerField field : layer.fields(reader)) {
            ObjectNode p = properties.putObject(field.name());
            p.put("title", field.title());
            switch (field.type()) {
                case STRING -> p.put("type", "string");
                case INTEGER -> p.put("type", "integer");
                case DOUBLE -> p.put("type", "number");
                case DATETIME -> p.put("type", "string").put("format", "date-time");
            }
            p.put("x-shapefile-name", field.shortName()); // the DBF column in the Shapefile export
            Map<String, String> codes = layer.codes(field.name(), reader);
            if (!codes.isEmpty()) {
                ArrayNode values = p.putArray("enum");
                ArrayNode labelled = p.putArray("oneOf");
                codes.forEach((code, label) -> {
                    values.add(code);
                    ObjectNode one = labelled.addObject().put("const", code);
                    if (!label.isEmpty()) {
                        one.put("title", label);
                    }
                });
            }
        }
        return doc;
    }
}
