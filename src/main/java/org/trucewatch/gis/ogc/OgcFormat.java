package org.trucewatch.gis.ogc;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.uri.UriBuilder;
import java.math.BigDecimal;
import java.net.URI;
import java.util.Set;
import org.trucewatch.problem.ProblemException;

/**
 * Which face of an OGC resource a request gets: JSON (the default, what GDAL, QGIS and the
 * OGC test suite read) or the HTML pages (OGC 17-069r4 §7.7 recommends both). {@code f}
 * decides when given; otherwise the Accept header (RFC 9110 §12.5.1) does, and only a client
 * that names {@code text/html} and rates it above every JSON type gets HTML: a browser's
 * {@code text/html,…,*&#47;*;q=0.8} does, {@code *&#47;*} (GDAL, the ETS), no Accept and
 * {@code application/json} do not, and a tie goes to JSON.
 */
enum OgcFormat {
    JSON, HTML;

    static final String HTML_TYPE = "text/html;charset=utf-8";
    private static final Set<String> F_JSON = Set.of("json", "geojson", "application/json", "application/geo+json");
    private static final Set<String> F_HTML = Set.of("html", "text/html");
    private static final Set<String> JSON_TYPES = Set.of("application/json", "application/geo+json");
    private static final Set<String> HTML_TYPES = Set.of("text/html", "application/xhtml+xml");

    /** The format of a resource that has both faces; an {@code f} naming neither is 400 naming {@code f}. */
    static OgcFormat of(HttpRequest<?> request) {
        String f = request.getParameters().get("f");
        if (f != null) {
            String v = f.strip();
            if (F_HTML.contains(v)) {
                return HTML;
            }
            if (F_JSON.contains(v)) {
                return JSON;
            }
            throw ProblemException.invalidParameter("f", "'" + f + "' is not served; use json or html");
        }
        BigDecimal html = BigDecimal.ZERO;
        BigDecimal json = BigDecimal.ZERO;
        for (MediaType type : request.accept()) {
            String name = type.getName();
            BigDecimal q = type.getQualityAsNumber();
            if (HTML_TYPES.contains(name)) {
                html = html.max(q);
            } else if (JSON_TYPES.contains(name)) {
                json = json.max(q);
            }
        }
        return html.signum() > 0 && html.compareTo(json) > 0 ? HTML : JSON;
    }

    /** Resources with a JSON face only (API definition, schema, queryables): {@code f} may only ask for JSON. */
    static void jsonOnly(HttpRequest<?> request) {
        String f = request.getParameters().get("f");
        if (f != null && !F_JSON.contains(f.strip())) {
            throw ProblemException.invalidParameter("f", "'" + f + "' is not served; use json");
        }
    }

    /** {@code href} with {@code f} set to this format, for {@code alternate} links and links between pages. */
    String on(String href) {
        return UriBuilder.of(URI.create(href))
                .replaceQueryParam("f", this == HTML ? "html" : "json").build().toString();
    }
}
