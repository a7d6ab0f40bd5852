package org.trucewatch.forms;

import io.micronaut.context.annotation.Value;
import io.micronaut.core.convert.format.ReadableBytes;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;
import org.trucewatch.problem.ProblemException;
import org.trucewatch.problem.ProblemType;

/**
 * Keeps the JSON API at its 1 MB body limit now that {@code micronaut.server.max-request-size}
 * is raised for OpenRosa submissions (photos): any other path whose declared
 * Content-Length exceeds {@code trucewatch.json-max-request-size} is refused with 413
 * before its body is read. Runs first, so even an anonymous oversize request is cut short.
 * A chunked body (no Content-Length) is bounded by the global limit, and report intake
 * checks its own body again (ReportController).
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
class BodySizeFilter implements Ordered {
    private final long limit;

    BodySizeFilter(@ReadableBytes @Value("${trucewatch.json-max-request-size:1MB}") long limit) {
        this.limit = limit;
    }

    @RequestFilter
    void limit(HttpRequest<?> request) {
        if (request.getPath().equals("/submission")) {
            return;
        }
        long length = request.getContentLength();
        if (length > limit) {
            throw new ProblemException(ProblemType.PAYLOAD_TOO_LARGE,
                    "The request body is " + length + " bytes; at most " + limit + " are accepted here");
        }
    }

    @Override
    public int getOrder() {
        return ServerFilterPhase.FIRST.order();
    }
}
