package org.trucewatch.gis.ogc;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.inject.Singleton;
import java.util.List;
import org.trucewatch.gis.Crs;
import org.trucewatch.gis.Layer;
import org.trucewatch.gis.LayerExtent;
import org.trucewatch.gis.cql2.Cql2Filters;

/**
 * The metadata documents of OGC API Features (OGC 17-069r4 §7.2–7.14) and its CRS part
 * (OGC 18-058r1 §6.2): landing page, conformance declaration, collections.
 */
@Singleton
class OgcDocuments {
    static final String JSON = "application/json";
    static final String GEO_JSON = "application/geo+json";
    static final String HTML = "text/html";
    static final String OPENAPI = "application/vnd.oai.openapi+json;version=3.0";
    static final List<String> CONFORMANCE = List.of(
            "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
            "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
            "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30",
            "http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs",
            "http://www.opengis.net/spec/ogcapi-features-5/1.0/conf/schemas");
    private static final String GREGORIAN = "http://www.opengis.net/def/uom/ISO-8601/0/Gregorian";

    private final ObjectMapper mapper;

    OgcDocuments(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** §7.2: links to the API definition, its documentation, the conformance declaration and the data. */
    ObjectNode landing(String base) {
        ObjectNode doc = mapper.createObjectNode();
        doc.put("title", "TruceWatch layers");
        doc.put("description", "Ceasefire monitoring layers as OGC API Features. Everything but this page needs "
                + "credentials (HTTP Basic or a bearer token); each caller sees only their mechanisms' features.");
        ArrayNode links = doc.putArray("links");
        link(links, base, "self", JSON, "This document");
        link(links, base + "?f=html", "alternate", HTML, "This document as HTML");
        link(links, base + "/api", "service-desc", OPENAPI, "The API definition (OpenAPI 3.0)");
        link(links, base + "/api.html", "service-doc", HTML, "The API documentation");
        link(links, base + "/conformance", "conformance", JSON, "Conformance classes implemented");
        link(links, base + "/conformance", "http://www.opengis.net/def/rel/ogc/1.0/conformance", JSON,
                "Conformance classes implemented");
        link(links, base + "/collections", "data", JSON, "The feature collections");
        link(links, base + "/collections", "http://www.opengis.net/def/rel/ogc/1.0/data", JSON, "The feature collections");
        return doc;
    }

    ObjectNode conformance() {
        ObjectNode doc = mapper.createObjectNode();
        ArrayNode classes = doc.putArray("conformsTo");
        CONFORMANCE.forEach(classes::add);
        Cql2Filters.CONFORMANCE.forEach(classes::add);
        return doc;
    }

    ObjectNode collections(String base, List<Layer> layers, List<LayerExtent> extents) {
        ObjectNode doc = mapper.createObjectNode();
        ArrayNode links = doc.putArray("links");
        link(links, base + "/collections", "self", JSON, "The feature collections");
        link(links, base + "/collections?f=html", "alternate", HTML, "The feature collections as HTML");
        ArrayNode crs = doc.putArray("crs");
        Crs.uris().forEach(crs::add);
        ArrayNode collections = doc.putArray("collections");
        for (int i = 0; i < layers.size(); i++) {
            collections.add(collection(base, layers.get(i), extents.get(i)));
        }
        return doc;
    }

    /** §7.14 with the CRS part's {@code crs} and {@code storageCrs} (18-058r1 §6.2). */
    ObjectNode collection(String base, Layer layer, LayerExtent extent) {
        String self = base + "/collections/" + layer.id();
        ObjectNode c = mapper.createObjectNode();
        c.put("id", layer.id());
        c.put("title", layer.title());
        c.put("description", layer.description());
        c.put("itemType", "feature");
        ArrayNode links = c.putArray("links");
        link(links, self, "self", JSON, "This collection");
        link(links, self + "?f=html", "alternate", HTML, "This collection as HTML");
        link(links, self + "/items", "items", GEO_JSON, "The features");
        link(links, self + "/queryables", OgcQueryablesController.REL, OgcQueryablesController.SCHEMA_JSON,
                "The properties a filter may name");
        // OGC API - Features Part 5: the schema of the features, for clients that type a layer before reading it.
        link(links, self + "/schema", "describedby", OgcSchema.MEDIA_TYPE, "The schema of the features (JSON Schema)");
        link(links, self + "/schema", "http://www.opengis.net/def/rel/ogc/1.0/schema", OgcSchema.MEDIA_TYPE,
                "The schema of the features (JSON Schema)");
        link(links, base.replaceFirst("/ogc$", "") + "/api/v1/exports/" + layer.id() + ".gpkg", "enclosure",
                "application/geopackage+sqlite3", "The whole layer as a GeoPackage");
        ObjectNode spatial = c.putObject("extent").putObject("spatial");
        ArrayNode box = spatial.putArray("bbox").addArray();
        if (extent.hasBbox()) {
            box.add(extent.minLon()).add(extent.minLat()).add(extent.maxLon()).add(extent.maxLat());
        } else {
            box.add(-180).add(-90).add(180).add(90);
        }
        spatial.put("crs", Crs.CRS84.uri());
        ObjectNode temporal = ((ObjectNode) c.get("extent")).putObject("temporal");
        ArrayNode interval = temporal.putArray("interval").addArray();
        if (extent.start() != null) {
            interval.add(extent.start().toString());
            if (extent.end() != null) {
                interval.add(extent.end().toString());
            } else {
                interval.addNull(); // open end, e.g. zones valid until further notice
            }
        } else {
            interval.addNull().addNull();
        }
        temporal.put("trs", GREGORIAN);
        ArrayNode crs = c.putArray("crs");
        Crs.uris().forEach(crs::add);
        c.put("storageCrs", Crs.CRS84.uri());
        return c;
    }

    static void link(ArrayNode links, String href, String rel, String type, String title) {
        links.addObject().put("href", href).put("rel", rel).put("type", type).put("title", title);
    }
}
