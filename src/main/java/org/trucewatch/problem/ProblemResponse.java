package org.trucewatch.problem;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpResponse;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The only place problems become HTTP responses. A 5xx answer carries an error id and no
 * cause; the cause goes to the log under the same id (the ldproxy error policy).
 */
final class ProblemResponse {
    private static final Logger LOG = LoggerFactory.getLogger(ProblemResponse.class);
    /** RFC 9110 §10.2.3. A PostgreSQL restart takes seconds; retrying sooner would only add load. */
    private static final int RETRY_AFTER_SECONDS = 5;

    private ProblemResponse() {
    }

    static MutableHttpResponse<Problem> of(Problem problem) {
        return HttpResponse.<Problem>status(io.micronaut.http.HttpStatus.valueOf(problem.status()))
                .contentType(Problem.MEDIA_TYPE)
                .body(problem);
    }

    static MutableHttpResponse<Problem> of(HttpRequest<?> request, ProblemType type, String detail, List<FieldError> errors) {
        return of(Problem.of(type, detail, request.getPath(), errors));
    }

    /** An error nobody anticipated: logged with an id; the client learns only the id. */
    static MutableHttpResponse<Problem> unexpected(HttpRequest<?> request, Throwable cause) {
        String errorId = UUID.randomUUID().toString().substring(0, 13);
        if (DatabaseUnavailable.isCauseOf(cause)) {
            // Expected while the database restarts: one line, no stack trace.
            LOG.warn("errorId={} {} {}: database unavailable: {} (innermost: {})", errorId, request.getMethod(),
                    request.getPath(), cause, innermost(cause).toString());
            return of(Problem.of(ProblemType.SERVICE_UNAVAILABLE, "Logged as error id " + errorId, request.getPath(),
                    List.of()).withErrorId(errorId)).header("Retry-After", String.valueOf(RETRY_AFTER_SECONDS));
        }
        LOG.error("errorId={} {} {}", errorId, request.getMethod(), request.getPath(), cause);
        return of(Problem.of(ProblemType.INTERNAL_ERROR, "Logged as error id " + errorId, request.getPath(),
                List.of()).withErrorId(errorId));
    }

    private static Throwable innermost(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        return c;
    }
}
