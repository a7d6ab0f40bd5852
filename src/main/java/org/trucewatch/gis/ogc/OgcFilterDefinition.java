package org.trucewatch.gis.ogc;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What OGC API Features Part 3 adds to the {@code /ogc} OpenAPI document: the {@code filter},
 * {@code filter-lang} and {@code filter-crs} parameters of the items route and the
 * {@code queryables} route.
 */
final class OgcFilterDefinition {
    private OgcFilterDefinition() {
    }

    static void addTo(ObjectNode doc) {
        ObjectNode parameters = (ObjectNode) doc.path("components").path("parameters");
        parameters.putObject("filter").put("name", "filter").put("in", "query").put("required", false)
                .put("description", "A CQL2 filter (OGC 21-065r2) over the collection's queryables; "
                        + "see /collections/{collectionId}/queryables")
                .put("style", "form").put("explode", false).putObject("schema").put("type", "string");
        ObjectNode lang = parameters.putObject("filter-lang").put("name", "filter-lang").put("in", "query")
                .put("required", false).put("description", "The encoding of filter").put("style", "form")
                .put("explode", false);
        lang.putObject("schema").put("type", "string").put("default", "cql2-text").putArray("enum")
                .add("cql2-text").add("cql2-json");
        ObjectNode crs = parameters.putObject("filter-crs").put("name", "filter-crs").put("in", "query")
                .put("required", false).put("description", "The CRS of the geometries in filter")
                .put("style", "form").put("explode", false);
        crs.set("schema", ((ObjectNode) parameters.path("crs").path("schema")).deepCopy());
        ArrayNode items = (ArrayNode) doc.path("paths").path("/collections/{collectionId}/items").path("get")
                .path("parameters");
        for (String name : new String[] {"filter", "filter-lang", "filter-crs"}) {
            items.addObject().put("$ref", "#/components/parameters/" + name);
        }
        ObjectNode get = ((ObjectNode) doc.path("paths")).putObject("/collections/{collectionId}/queryables").putObject("get");
        get.putArray("tags").add("Capabilities");
        get.put("summary", "The properties a filter may name on a collection, for the caller")
                .put("operationId", "getQueryables");
        get.putArray("parameters").add(ref("parameters", "collectionId")).add(ref("parameters", "f"));
        ObjectNode responses = get.putObject("responses");
        responses.putObject("200").put("description", "A JSON Schema of the queryables").putObject("content")
                .putObject(OgcQueryablesController.SCHEMA_JSON).putObject("schema").put("type", "object");
        responses.set("400", ref("responses", "BadRequest"));
        responses.set("401", ref("responses", "Unauthorized"));
        responses.set("404", ref("responses", "NotFound"));
    }

    private static ObjectNode ref(String kind, String name) {
        ObjectNode ref = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        ref.put("$ref", "#/components/" + kind + "/" + name);
        return ref;
    }
}
