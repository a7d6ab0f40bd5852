package org.trucewatch.web;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import java.util.List;
import org.trucewatch.problem.Problem;
import org.trucewatch.problem.ProblemType;

/**
 * Micronaut serves a static file to any method; the service's static files (the web app,
 * the OpenAPI document) are only read: anything but GET and HEAD is 405 problem+json.
 */
@ServerFilter({"/app", "/app/**", "/openapi/**"})
class StaticFilesReadOnlyFilter {

    @RequestFilter
    @Nullable
    HttpResponse<?> readOnly(HttpRequest<?> request) {
        if (request.getMethod() == HttpMethod.GET || request.getMethod() == HttpMethod.HEAD) {
            return null;
        }
        return HttpResponse.status(HttpStatus.METHOD_NOT_ALLOWED).header(HttpHeaders.ALLOW, "GET, HEAD")
                .contentType(Problem.MEDIA_TYPE).body(Problem.of(ProblemType.METHOD_NOT_ALLOWED,
                        "Static files are only read (GET)", request.getPath(), List.of()));
    }
}
