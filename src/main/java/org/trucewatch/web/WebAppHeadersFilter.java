package org.trucewatch.web;

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
        response.header("Content-Security-Policy", CSP);
        response.header("X-Content-Type-Options", "nosniff");
        response.header("Referrer-Policy", "no-referrer");
        response.header("Permissions-Policy", "geolocation=(self), camera=(), microphone=()");
        if (!response.getHeaders().contains(HttpHeaders.CACHE_CONTROL)) {
            response.header(HttpHeaders.CACHE_CONTROL, "no-cache");
        }
    }
}
