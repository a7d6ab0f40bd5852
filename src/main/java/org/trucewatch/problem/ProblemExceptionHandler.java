package org.trucewatch.problem;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;

/** Answers a domain {@link ProblemException} with its catalogue entry. */
@Produces
@Singleton
@Requires(classes = {ProblemException.class, ExceptionHandler.class})
class ProblemExceptionHandler implements ExceptionHandler<ProblemException, HttpResponse<Problem>> {
    @Override
    public HttpResponse<Problem> handle(HttpRequest request, ProblemException exception) {
        var response = ProblemResponse.of(request, exception.type(), exception.getMessage(), exception.errors());
        if (exception.retryAfterSeconds() != null) {
            response.header("Retry-After", String.valueOf(exception.retryAfterSeconds()));
        }
        return response;
    }
}
