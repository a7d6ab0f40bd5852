package org.trucewatch.access;

import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.authentication.AuthorizationException;
import io.micronaut.web.router.RouteAttributes;

/**
 * An anonymous request to a path the service does not route answers 401, like any other
 * path: without credentials nothing can be learnt, not even which paths exist. Signed-in
 * users get the honest 404, 405 or 415 (Micronaut Security would answer them 403).
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
class UnknownPathFilter implements Ordered {

    @RequestFilter
    void rejectAnonymousUnrouted(HttpRequest<?> request) {
        if (RouteAttributes.getRouteMatch(request).isEmpty()
                && !isPublicStatic(request)
                && request.getUserPrincipal(Authentication.class).isEmpty()) {
            throw new AuthorizationException(null);
        }
    }

    /** The web app's static files (the app shell must load before anyone can sign in). */
    private static boolean isPublicStatic(HttpRequest<?> request) {
        return request.getPath().equals("/app") || request.getPath().startsWith("/app/");
    }

    @Override
    public int getOrder() {
        return ServerFilterPhase.SECURITY.after();
    }
}
