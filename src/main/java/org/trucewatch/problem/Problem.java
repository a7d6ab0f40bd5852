package org.trucewatch.problem;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The body of every error answer, {@code application/problem+json} (RFC 9457).
 * {@code code} repeats the catalogue slug for clients that do not parse URIs;
 * {@code errors} lists each field or parameter that is wrong; {@code errorId} ties a
 * 5xx answer to the log line that holds its cause.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(String type, String title, int status, String detail, String instance,
                      String code, List<FieldError> errors, String errorId) {

    public static final String MEDIA_TYPE = "application/problem+json";
    /** The schema's reference in the OpenAPI document (src/main/openapi/components.yml). */
    public static final String SCHEMA = "#/components/schemas/Problem";

    public static Problem of(ProblemType type, String detail, String instance, List<FieldError> errors) {
        return new Problem(type.typeUri(), type.title(), type.status().getCode(), detail, instance,
                type.slug(), errors == null ? List.of() : List.copyOf(errors), null);
    }

    public Problem withErrorId(String id) {
        return new Problem(type, title, status, detail, instance, code, errors, id);
    }
}
