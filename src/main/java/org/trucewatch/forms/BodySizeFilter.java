package org.trucewatch.forms;

import io.micronaut.context.annotation.Value;
import io.micronaut.core.convert.format.ReadableBytes;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;
import java.util.regex.Pattern;
import org.trucewatch.problem.ProblemException;
import org.trucewatch.problem.ProblemType;

/**
 * Keeps the JSON API at its 1 MB body limit now that {@code micronaut.server.max-request-size}
 * is raised for OpenRosa submissions (photos), and /submission and a file's PUT to a report
 * at their own limit: a path whose declared
 * Content-Length exceeds {@code trucewatch.json-max-request-size} is refused with 413
 * before its body is read. Runs first, so even an anonymous oversize request is cut short.
 * A chunked body (no Content-Length) is bounded by the global limit, and report intake
 * checks its own body again (ReportController).
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
class BodySizeFilter implements Ordered {
    private static final Pattern FILE_UPLOAD = Pattern.compile("/api/v1/reports/[^/]+/attachments/[^/]+");
    private final long limit;
    private final long submissionLimit;

    BodySizeFilter(@ReadableBytes @Value("${trucewatch.json-max-request-size:1MB}") long limit,
                   @ReadableBytes @Value("${trucewatch.forms.max-request-size:105MB}") long submissionLimit) {
        this.limit = limit;
        this.submissionLimit = submissionLimit;
    }

    @RequestFilter
    void limit(HttpRequest<?> request) {
        // /submission is checked here too, below the server's own max-request-size: a body the
        // server itself refuses leaves the client stalled while sending (seen with the JDK client).
        long limit = request.getPath().equals("/submission") || isFileUpload(request) ? submissionLimit : this.limit;
        long length = request.getContentLength();
        if (length > limit) {
            throw new ProblemException(ProblemType.PAYLOAD_TOO_LARGE,
                    "The request body is " + length + " bytes; at most " + limit + " are accepted here");
        }
    }

    /** PUT /api/v1/reports/{id}/attachments/{name}: one file, checked against its kind's limit by ReportFileUpload. */
    private static boolean isFileUpload(HttpRequest<?> request) {
        return request.getMethod() == HttpMethod.PUT && FILE_UPLOAD.matcher(request.getPath()).matches();
    }

    @Override
    public int getOrder() {
        return ServerFilterPhase.FIRST.order();
    }
}
