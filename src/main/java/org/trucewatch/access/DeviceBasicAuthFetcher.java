package org.trucewatch.access;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Value;
import io.micronaut.http.HttpRequest;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.authentication.Authenticator;
import io.micronaut.security.authentication.BasicAuthAuthenticationFetcher;
import jakarta.inject.Singleton;
import java.util.List;
import org.reactivestreams.Publisher;
import io.micronaut.core.async.publisher.Publishers;

/**
 * HTTP Basic authentication, but only on the paths of clients that cannot do bearer
 * tokens: OpenRosa form clients (ODK Collect, Enketo) and GIS clients (GDAL, QGIS,
 * ArcGIS) reading OGC API layers and exports. Everywhere else a Basic header is ignored,
 * so a password sent by mistake to the JSON API authenticates nothing.
 */
@Singleton
@Replaces(BasicAuthAuthenticationFetcher.class)
class DeviceBasicAuthFetcher<B> extends BasicAuthAuthenticationFetcher<B> {
    private final List<String> prefixes;

    DeviceBasicAuthFetcher(Authenticator<HttpRequest<B>> authenticator,
                           @Value("${trucewatch.security.basic-auth-paths}") List<String> prefixes) {
        super(authenticator);
        this.prefixes = List.copyOf(prefixes);
    }

    @Override
    public Publisher<Authentication> fetchAuthentication(HttpRequest<B> request) {
        return matches(prefixes, request.getPath()) ? super.fetchAuthentication(request) : Publishers.empty();
    }

    /** Whether {@code path} is one of the prefixes or lies below one. */
    static boolean matches(List<String> prefixes, String path) {
        for (String prefix : prefixes) {
            if (path.equals(prefix) || path.startsWith(prefix.endsWith("/") ? prefix : prefix + "/")) {
                return true;
            }
        }
        return false;
    }
}
