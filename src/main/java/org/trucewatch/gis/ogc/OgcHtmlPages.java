package org.trucewatch.gis.ogc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The HTML face of the metadata documents (landing page, conformance, collections, one
 * collection), written from the very JSON documents {@link OgcDocuments} builds for the
 * caller, so both faces show the same links, extents and layers.
 */
final class OgcHtmlPages {
    private OgcHtmlPages() {
    }

    static String landing(ObjectNode doc, String base) {
        OgcHtml page = new OgcHtml(root(base), doc.path("title").asText(), Map.of(), base, OgcDocuments.JSON);
        page.element("p", doc.path("description").asText());
        page.tag("ul");
        page.tag("li").a(base + "/collections?f=html", "The feature collections").tag("/li");
        page.tag("li").a(base + "/conformance?f=html", "Conformance classes implemented").tag("/li");
        page.tag("li").a(base + "/api.html", "The API documentation").tag("/li");
        page.tag("li").a(base + "/api", "The API definition (OpenAPI 3.0, JSON)").tag("/li");
        page.tag("/ul");
        page.copyable("QGIS: Layer › Add Layer › Add WFS / OGC API - Features Layer, connection URL", base);
        return page.end();
    }

    static String conformance(ObjectNode doc, String base) {
        OgcHtml page = new OgcHtml(root(base), "Conformance classes", trail(base), base + "/conformance",
                OgcDocuments.JSON);
        page.tag("ul");
        doc.path("conformsTo").forEach(c -> page.element("li", c.asText()));
        return page.tag("/ul").end();
    }

    static String collections(ObjectNode doc, String base) {
        OgcHtml page = new OgcHtml(root(base), "Collections", trail(base), base + "/collections", OgcDocuments.JSON);
        page.element("p", "The layers you may read, each with the extent of the features you may see.");
        page.tag("table").tag("thead").tag("tr").element("th", "Collection").element("th", "Id")
                .element("th", "Spatial extent (CRS84: W, S, E, N)").element("th", "Temporal extent")
                .element("th", "Features").tag("/tr").tag("/thead").tag("tbody");
        for (JsonNode c : doc.path("collections")) {
            String self = base + "/collections/" + c.path("id").asText();
            page.tag("tr").tag("td").a(self + "?f=html", c.path("title").asText()).tag("/td")
                    .element("td", c.path("id").asText()).element("td", bbox(c)).element("td", interval(c))
                    .tag("td").a(self + "/items?f=html", "Browse").tag("/td").tag("/tr");
        }
        return page.tag("/tbody").tag("/table").end();
    }

    static String collection(ObjectNode c, String base) {
        String id = c.path("id").asText();
        String self = base + "/collections/" + id;
        Map<String, String> trail = trail(base);
        trail.put("Collections", base + "/collections?f=html");
        OgcHtml page = new OgcHtml(root(base), c.path("title").asText(), trail, self, OgcDocuments.JSON);
        page.element("p", c.path("description").asText());
        page.tag("p").a(self + "/items?f=html", "Browse the features").tag("/p");
        page.tag("table").row("Id", id).row("Spatial extent (CRS84: W, S, E, N)", bbox(c))
                .row("Temporal extent", interval(c)).row("Storage CRS", c.path("storageCrs").asText());
        List<String> crs = new ArrayList<>();
        c.path("crs").forEach(x -> crs.add(x.asText()));
        page.row("CRS served", String.join(", ", crs)).tag("/table");
        page.element("h2", "Use it in a GIS");
        page.copyable("Collection URL", self);
        page.copyable("GDAL (ogrinfo, ogr2ogr)", "OAPIF:" + self);
        page.copyable("QGIS: Add WFS / OGC API - Features Layer, connection URL", base);
        page.element("h2", "Links");
        page.tag("table").tag("thead").tag("tr").element("th", "Relation").element("th", "Type")
                .element("th", "Link").tag("/tr").tag("/thead").tag("tbody");
        for (JsonNode l : c.path("links")) {
            page.tag("tr").element("td", l.path("rel").asText()).element("td", l.path("type").asText())
                    .tag("td").a(l.path("href").asText(), l.path("title").asText()).tag("/td").tag("/tr");
        }
        return page.tag("/tbody").tag("/table").end();
    }

    /** The trail from the landing page: each page below it starts with this link. */
    static Map<String, String> trail(String base) {
        Map<String, String> trail = new LinkedHashMap<>();
        trail.put("TruceWatch layers", base + "?f=html");
        return trail;
    }

    /** The service's root URL ({@code base} is it plus {@code /ogc}), where the web app's files are. */
    static String root(String base) {
        return base.replaceFirst("/ogc$", "");
    }

    private static String bbox(JsonNode collection) {
        JsonNode b = collection.path("extent").path("spatial").path("bbox").path(0);
        List<String> values = new ArrayList<>();
        b.forEach(v -> values.add(v.asText()));
        return String.join(", ", values);
    }

    private static String interval(JsonNode collection) {
        JsonNode i = collection.path("extent").path("temporal").path("interval").path(0);
        String start = i.path(0).isNull() ? ".." : i.path(0).asText();
        String end = i.path(1).isNull() ? ".." : i.path(1).asText();
        return start.equals("..") && end.equals("..") ? "none you may see" : start + " / " + end;
    }
}
