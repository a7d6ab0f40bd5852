package org.trucewatch.web;

import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import java.net.URI;

/**
 * Headers for the web app's files. The Content-Security-Policy allows only the service's
 * own scripts, styles and connections, so that an injected string (a report's description,
 * a zone name) cannot run as code or send data elsewhere; the app sets text, never HTML.
 * {@code no-cache} makes the browser revalidate the shell, which the service worker keeps
 * for offline use. {@code /app} without its slash is sent to {@code /app/}, where the
 * app's relative links resolve.
 */
@ServerFilter({"/app", "/app/**"})
class WebAppHeadersFilter {
    private final String csp;

    /**
     * The mission's tile server, when the base map comes from one ({@code trucewatch.basemap.url},
     * docs/operations.md "A base map"), is the one other origin the app's images may come from.
     */
    WebAppHeadersFilter(@Nullable @Value("${trucewatch.basemap.url:}") String basemapUrl) {
        String origin = tileOrigin(basemapUrl);
        this.csp = origin == null ? CSP : CSP.replace("img-src 'self' data: blob:;", "img-src 'self' data: blob: " + origin + ";");
    }

    /** scheme://host[:port] of an http(s) tile URL template; null for none or anything else. */
    static String tileOrigin(String url) {
        if (url == null || url.isBlank()) {
            return null;
        }
        try {
            URI uri = URI.create(url.strip().replace("{", "%7B").replace("}", "%7D"));
            String scheme = uri.getScheme();
            if (uri.getHost() == null || !"https".equals(scheme) && !"http".equals(scheme)) {
                return null;
            }
            return scheme + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    String csp() {
        return csp;
    }

    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; media-src 'self' blob:; "
            + "connect-src 'self'; worker-src 'self'; manifest-src 'self'; object-src 'none'; base-uri 'none'; "
            + "frame-ancestors 'none'; form-action 'self'";

    @RequestFilter
    @Nullable
    HttpResponse<?> slash(HttpRequest<?> request) {
        return request.getPath().equals("/app") ? HttpResponse.seeOther(URI.create("/app/")) : null;
    }

    @ResponseFilter
    void headers(MutableHttpResponse<?> response) {
        response.header("Content-Security-Policy", csp);
        response.header("X-Content-Type-Options", "nosniff");
        response.header("Referrer-Policy", "no-referrer");
        response.header("Permissions-Policy", "geolocation=(self), camera=(), microphone=()");
        if (!response.getHeaders().contains(HttpHeaders.CACHE_CONTROL)) {
            response.header(HttpHeaders.CACHE_CONTROL, "no-cache");
        }
    }
}
