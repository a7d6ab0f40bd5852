package org.trucewatch.problem;

import io.micronaut.context.annotation.Primary;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.response.Error;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import jakarta.inject.Singleton;
import java.util.List;

/**
 * Renders the errors Micronaut itself raises (no route: 404, wrong method: 405, wrong
 * content type: 415, body too large: 413, unconvertible arguments: 400, and later 401/403)
 * as problem+json with the catalogue's type, instead of the framework's own JSON or HTML.
 */
@Primary
@Singleton
class ProblemResponseProcessor implements ErrorResponseProcessor<Problem> {
    @Override
    @SuppressWarnings("unchecked")
    public MutableHttpResponse<Problem> processResponse(ErrorContext context, MutableHttpResponse<?> base) {
        int status = base.getStatus().getCode();
        if (status >= 500 && context.getRootCause().isPresent()) {
            return copyHeaders(base, ProblemResponse.unexpected(context.getRequest(), context.getRootCause().get()));
        }
        ProblemType type = ProblemType.forStatus(status);
        List<FieldError> errors = context.getErrors().stream()
                .filter(e -> e.getPath().isPresent())
                .map(e -> FieldError.parameter(e.getPath().get(), e.getMessage()))
                .toList();
        String detail = context.getErrors().stream().map(Error::getMessage).findFirst().orElse(type.title());
        Problem problem = Problem.of(type, detail, context.getRequest().getPath(), errors);
        MutableHttpResponse<Problem> response = (MutableHttpResponse<Problem>) base;
        return response.contentType(Problem.MEDIA_TYPE).body(problem);
    }

    private static MutableHttpResponse<Problem> copyHeaders(MutableHttpResponse<?> from, MutableHttpResponse<Problem> to) {
        from.getHeaders().forEach((name, values) -> values.forEach(v -> to.header(name, v)));
        return to;
    }
}
