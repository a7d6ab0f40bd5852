package org.trucewatch.problem;

import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;
import java.util.List;
import java.util.Map;

/**
 * Refuses, before any route runs, a query parameter or path holding a NUL character:
 * PostgreSQL text cannot hold one, so it could only ever end as a database error. One check
 * here instead of one in every parameter parser (report bodies get their own, with pointers).
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
class UnstorableInputFilter implements Ordered {

    @RequestFilter
    void refuseNul(HttpRequest<?> request) {
        if (request.getPath().indexOf('\0') >= 0) {
            throw new ProblemException(ProblemType.NOT_FOUND, "No such resource");
        }
        for (Map.Entry<String, List<String>> parameter : request.getParameters()) {
            boolean nul = parameter.getKey().indexOf('\0') >= 0
                    || parameter.getValue().stream().anyMatch(v -> v.indexOf('\0') >= 0);
            if (nul) {
                throw ProblemException.invalidParameter(parameter.getKey().replace("\0", "\\0"),
                        "must not contain NUL (U+0000) characters");
            }
        }
    }

    /** Right after authentication: anonymous callers still get 401, not a hint about parameters. */
    @Override
    public int getOrder() {
        return ServerFilterPhase.SECURITY.after() + 1;
    }
}
