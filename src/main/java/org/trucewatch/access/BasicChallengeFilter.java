package org.trucewatch.access;

import io.micronaut.context.annotation.Value;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;
import java.util.List;

/**
 * Puts the HTTP Basic challenge (RFC 7617) on a 401 only where Basic is accepted
 * ({@code trucewatch.security.basic-auth-paths}): ODK Collect and Enketo ask without
 * credentials first and send them only after a {@code WWW-Authenticate: Basic}, and GIS
 * clients do the same. The JSON API answers its 401 without the challenge, so a browser
 * never pops up a password dialog for a bearer-token API. Micronaut's own challenge
 * provider, which would add it everywhere, is switched off
 * ({@code micronaut.security.basic-auth.www-authenticate: false}). Ordered before the
 * security filter so that the security filter's 401 passes through here on the way out.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
class BasicChallengeFilter implements Ordered {
    static final String CHALLENGE = "Basic realm=\"TruceWatch\", charset=\"UTF-8\"";
    private final List<String> prefixes;

    BasicChallengeFilter(@Value("${trucewatch.security.basic-auth-paths}") List<String> prefixes) {
        this.prefixes = List.copyOf(prefixes);
    }

    @ResponseFilter
    void challenge(HttpRequest<?> request, MutableHttpResponse<?> response) {
        if (response.getStatus() == HttpStatus.UNAUTHORIZED && DeviceBasicAuthFetcher.matches(prefixes, request.getPath())) {
            response.getHeaders().set("WWW-Authenticate", CHALLENGE);
        }
    }

    @Override
    public int getOrder() {
        return ServerFilterPhase.SECURITY.before();
    }
}
