package org.trucewatch.gis;

import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;

/**
 * A 401 on the GIS paths carries {@code WWW-Authenticate: Basic realm="TruceWatch"} (RFC 7617
 * §2): GDAL, QGIS and ArcGIS send their stored credentials only after such a challenge, or
 * not at all without it. Elsewhere clients sign in for a bearer token and get no Basic challenge.
 */
@ServerFilter({"/ogc/**", "/api/v1/exports/**"})
class BasicChallengeFilter implements Ordered {
    static final String CHALLENGE = "Basic realm=\"TruceWatch\", charset=\"UTF-8\"";

    @ResponseFilter
    void challenge(HttpRequest<?> request, MutableHttpResponse<?> response) {
        if (response.status() == HttpStatus.UNAUTHORIZED) {
            response.getHeaders().set("WWW-Authenticate", CHALLENGE);
        }
    }

    /** Outside the security filter, so that its 401 passes through here on the way out. */
    @Override
    public int getOrder() {
        return ServerFilterPhase.SECURITY.before();
    }
}
