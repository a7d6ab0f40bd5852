package org.trucewatch.forms;

import io.micronaut.core.order.Ordered;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;

/**
 * Every answer on the OpenRosa paths, a 401 or 413 from the framework included, carries
 * {@code X-OpenRosa-Version: 1.0} (OpenRosa Request header spec: servers must send it).
 * Ordered before the security filter so that its 401 passes through here on the way out.
 */
@ServerFilter({"/submission", "/formList", "/forms/**"})
class OpenRosaHeaderFilter implements Ordered {

    @ResponseFilter
    void version(MutableHttpResponse<?> response) {
        response.getHeaders().set(OpenRosa.VERSION_HEADER, OpenRosa.VERSION);
    }

    @Override
    public int getOrder() {
        return ServerFilterPhase.SECURITY.before();
    }
}
