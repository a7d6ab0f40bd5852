package org.trucewatch.gis.ogc;

import static org.trucewatch.markup.Html.escape;

import java.util.List;
import java.util.Map;

/**
 * Writes one HTML page of the OGC API: head, a trail of links back to the landing page, the
 * body the caller adds, and a footer linking the JSON of the same resource ({@code alternate},
 * OGC 17-069r4 §7.7). Every text and attribute value passes the service's one escaping rule
 * ({@link org.trucewatch.markup.Html#escape}); markup comes only from the constant strings of
 * this class. No template engine is on the classpath (docs/gis.md, "Written by hand").
 * Scripts and styles are files the service serves itself ({@code /app/…}): the pages'
 * Content-Security-Policy ({@link #CSP}) allows no inline script or style, and the closed
 * networks allow no CDN.
 */
final class OgcHtml {
    /** Only the service's own files run or style the page; an injected value stays text. */
    static final String CSP = "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; "
            + "frame-ancestors 'none'; form-action 'self'";

    private final StringBuilder out = new StringBuilder(16_384);
    private final String root;
    private final String json;
    private final String jsonType;
    private boolean map;

    /**
     * Starts a page titled {@code title}; {@code trail} are the links above the heading (label
     * to URL, in order); {@code json} the URL of this resource's JSON, of media type {@code jsonType}.
     */
    OgcHtml(String root, String title, Map<String, String> trail, String json, String jsonType) {
        this.root = root;
        this.json = json;
        this.jsonType = jsonType;
        out.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<title>").append(escape(title)).append(" - TruceWatch layers</title>")
                .append("<link rel=\"stylesheet\" href=\"").append(escape(root)).append("/app/lib/leaflet/leaflet.css\">")
                .append("<link rel=\"stylesheet\" href=\"").append(escape(root)).append("/app/ogc/ogc.css\">")
                .append("<link rel=\"alternate\" type=\"").append(escape(jsonType)).append("\" href=\"")
                .append(escape(json)).append("\"></head><body><nav class=\"trail\">");
        trail.forEach((label, href) -> a(href, label).text(" › "));
        out.append("</nav><main><h1>").append(escape(title)).append("</h1>");
    }

    /** Escaped text. */
    OgcHtml text(Object value) {
        out.append(escape(value == null ? null : String.valueOf(value)));
        return this;
    }

    /** An element of this class's own (tag is a constant here) holding escaped text. */
    OgcHtml element(String tag, Object value) {
        out.append('<').append(tag).append('>');
        text(value);
        out.append("</").append(tag).append('>');
        return this;
    }

    /** Opens or closes a plain element ({@code "table"}, {@code "/table"}); tag is a constant of the caller. */
    OgcHtml tag(String tag) {
        out.append('<').append(tag).append('>');
        return this;
    }

    OgcHtml a(String href, Object label) {
        out.append("<a href=\"").append(escape(href)).append("\">");
        return text(label).tag("/a");
    }

    /** A URL to copy into QGIS or GDAL, shown as code. */
    OgcHtml copyable(String label, String value) {
        tag("p").text(label).text(": ").tag("code class=\"copy\"").text(value).tag("/code").tag("/p");
        return this;
    }

    /** A row of a two-column table: a name and a value, both text. */
    OgcHtml row(Object name, Object value) {
        return tag("tr").element("th", name).element("td", value).tag("/tr");
    }

    /** A row of cells holding text. */
    OgcHtml cells(List<?> values) {
        tag("tr");
        values.forEach(v -> element("td", v));
        return tag("/tr");
    }

    /**
     * The small map: {@code geoJson} (CRS84) drawn by {@code /app/ogc/map.js} with Leaflet; a
     * click on a feature opens its page under {@code items}. The data sits in an attribute,
     * escaped like any value, where the browser decodes it as text, never as markup.
     */
    OgcHtml map(String geoJson, String items) {
        map = true;
        out.append("<div id=\"map\" class=\"map\" data-basemap=\"").append(escape(root))
                .append("/app/basemap/countries-50m.json\" data-items=\"").append(escape(items))
                .append("\" data-geojson=\"").append(escape(geoJson)).append("\"></div>");
        return this;
    }

    /** Closes the page with the link to its JSON and, if it has a map, Leaflet and the map's script. */
    String end() {
        out.append("</main><footer>This page as <a rel=\"alternate\" type=\"").append(escape(jsonType))
                .append("\" href=\"").append(escape(json)).append("\">JSON</a> (").append(escape(jsonType))
                .append(")</footer>");
        if (map) {
            out.append("<script src=\"").append(escape(root)).append("/app/lib/leaflet/leaflet.js\"></script>")
                    .append("<script src=\"").append(escape(root)).append("/app/ogc/map.js\"></script>");
        }
        return out.append("</body></html>").toString();
    }
}
