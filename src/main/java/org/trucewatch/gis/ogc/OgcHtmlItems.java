package org.trucewatch.gis.ogc;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.trucewatch.gis.Crs;
import org.trucewatch.gis.Layer;
import org.trucewatch.gis.LayerFeature;
import org.trucewatch.gis.LayerField;

/**
 * The HTML face of a page of items and of one feature: a table of every property of the
 * caller's schema (the same {@link LayerField}s and already-redacted {@link LayerFeature}s the
 * GeoJSON is written from), paging links, the URLs to paste into QGIS or GDAL, and a small
 * Leaflet map of the features (drawn only in CRS84, the map's own CRS).
 */
final class OgcHtmlItems {
    private OgcHtmlItems() {
    }

    static String items(OgcItemsPage p, String base, ObjectMapper mapper) {
        Layer layer = p.layer();
        Map<String, String> trail = trail(base, layer);
        trail.remove(layer.title() + " (features)");
        OgcHtml page = new OgcHtml(OgcHtmlPages.root(base), layer.title() + ": features", trail,
                OgcFormat.JSON.on(p.self()), OgcDocuments.GEO_JSON);
        page.tag("p").text(p.matched() + " features match; this page shows " + p.features().size() + ". ");
        paging(page, p);
        page.tag("/p");
        map(page, p.features(), p.crs(), p.collection(), mapper);
        page.tag("table class=\"features\"").tag("thead").tag("tr").element("th", "id");
        p.fields().forEach(f -> page.element("th", f.name()));
        page.tag("/tr").tag("/thead").tag("tbody");
        for (LayerFeature f : p.features()) {
            page.tag("tr").tag("td").a(OgcFormat.HTML.on(OgcItemsPage.featureUrl(p.collection(), f, p.crs())), f.id())
                    .tag("/td");
            p.fields().forEach(field -> page.element("td", value(f, field)));
            page.tag("/tr");
        }
        page.tag("/tbody").tag("/table").tag("p");
        paging(page, p);
        page.tag("/p");
        use(page, base, p.collection());
        return page.end();
    }

    static String feature(Layer layer, LayerFeature feature, List<LayerField> fields, Crs crs, String base,
                          ObjectMapper mapper) {
        String collection = base + "/collections/" + layer.id();
        OgcHtml page = new OgcHtml(OgcHtmlPages.root(base), layer.title() + ": " + feature.id(), trail(base, layer),
                OgcFormat.JSON.on(OgcItemsPage.featureUrl(collection, feature, crs)), OgcDocuments.GEO_JSON);
        map(page, List.of(feature), crs, collection, mapper);
        page.tag("table class=\"properties\"").tag("thead").tag("tr").element("th", "property")
                .element("th", "title").element("th", "value").tag("/tr").tag("/thead").tag("tbody");
        page.tag("tr").element("td", "id").element("td", "Feature id").element("td", feature.id()).tag("/tr");
        for (LayerField field : fields) {
            page.tag("tr").element("td", field.name()).element("td", field.title())
                    .element("td", value(feature, field)).tag("/tr");
        }
        page.tag("/tbody").tag("/table");
        use(page, base, collection);
        return page.end();
    }

    /** A property as the GeoJSON has it: times in UTC, nothing for null. */
    static String value(LayerFeature feature, LayerField field) {
        Object v = feature.properties().get(field.name());
        if (v == null) {
            return "";
        }
        return v instanceof OffsetDateTime t ? LayerFeature.utc(t) : String.valueOf(v);
    }

    private static Map<String, String> trail(String base, Layer layer) {
        Map<String, String> trail = OgcHtmlPages.trail(base);
        String collection = base + "/collections/" + layer.id();
        trail.put("Collections", base + "/collections?f=html");
        trail.put(layer.title(), collection + "?f=html");
        trail.put(layer.title() + " (features)", collection + "/items?f=html");
        return trail;
    }

    private static void paging(OgcHtml page, OgcItemsPage p) {
        List<String> none = new ArrayList<>();
        if (p.prev() != null) {
            page.a(OgcFormat.HTML.on(p.prev()), "‹ Previous page").text(" ");
        } else {
            none.add("previous");
        }
        if (p.next() != null) {
            page.a(OgcFormat.HTML.on(p.next()), "Next page ›");
        } else {
            none.add("next");
        }
        if (!none.isEmpty()) {
            page.text(" (no " + String.join(" or ", none) + " page)");
        }
    }

    private static void map(OgcHtml page, List<LayerFeature> features, Crs crs, String collection, ObjectMapper mapper) {
        if (crs == Crs.CRS84) {
            page.map(OgcItemsPage.mapData(mapper, features, crs.decimals()), collection + "/items");
        } else {
            page.element("p", "The map is drawn only in CRS84: leave out crs to see it.");
        }
    }

    private static void use(OgcHtml page, String base, String collection) {
        page.element("h2", "Use this layer in a GIS");
        page.copyable("Collection URL", collection);
        page.copyable("GDAL (ogrinfo, ogr2ogr)", "OAPIF:" + collection);
        page.copyable("QGIS: Add WFS / OGC API - Features Layer, connection URL", base);
    }
}
