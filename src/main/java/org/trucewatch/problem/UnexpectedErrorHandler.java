package org.trucewatch.problem;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;

/**
 * Every exception no more specific handler claims: a 500 (or a 503 when the database is
 * out of reach) whose body holds only an error id. Framework exceptions with their own
 * handlers (bad JSON, conversion errors, oversize bodies) do not reach this one.
 */
@Produces
@Singleton
class UnexpectedErrorHandler implements ExceptionHandler<Exception, HttpResponse<Problem>> {
    @Override
    public HttpResponse<Problem> handle(HttpRequest request, Exception exception) {
        return ProblemResponse.unexpected(request, exception);
    }
}
