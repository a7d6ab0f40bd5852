package org.trucewatch.forms;

import io.micronaut.core.order.Ordered;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;
import org.trucewatch.problem.Problem;

/**
 * Every answer on the OpenRosa paths carries {@code X-OpenRosa-Version: 1.0} (OpenRosa Request
 * header spec: servers must send it), and every error there is an OpenRosa response message
 * ({@code <OpenRosaResponse><message nature="error">}), which ODK Collect and Enketo show to the
 * monitor, never problem+json: a 401, 404 or 413 from the framework, the security filter or
 * {@link BodySizeFilter} included. Ordered first of all filters, so that the answers of every
 * later one pass through here on the way out.
 */
@ServerFilter({"/submission", "/formList", "/forms/**"})
class OpenRosaHeaderFilter implements Ordered {

    @ResponseFilter
    MutableHttpResponse<?> version(MutableHttpResponse<?> response) {
        MutableHttpResponse<?> answer = response;
        if (response.getStatus().getCode() >= 400 && isProblem(response)) {
            Problem problem = response.getBody(Problem.class).orElse(null);
            String detail = problem == null || problem.detail() == null ? response.getStatus().getReason()
                    : problem.detail();
            answer = OpenRosa.message(response.getStatus(), detail);
            copyHeaders(response, answer);
        }
        return answer.header(OpenRosa.VERSION_HEADER, OpenRosa.VERSION);
    }

    private static boolean isProblem(MutableHttpResponse<?> response) {
        return response.getContentType().map(t -> t.getName().equals(Problem.MEDIA_TYPE)).orElse(false)
                || response.getBody().map(b -> b instanceof Problem).orElse(false);
    }

    /** WWW-Authenticate, Retry-After and the like stay; the body's own headers are the message's. */
    private static void copyHeaders(MutableHttpResponse<?> from, MutableHttpResponse<?> to) {
        from.getHeaders().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("Content-Type") && !name.equalsIgnoreCase("Content-Length")) {
                values.forEach(v -> to.getHeaders().add(name, v));
            }
        });
    }

    @Override
    public int getOrder() {
        return ServerFilterPhase.FIRST.before();
    }
}
