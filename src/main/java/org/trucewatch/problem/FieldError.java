package org.trucewatch.problem;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One thing wrong with the input: where ({@code pointer}, an RFC 6901 JSON pointer into
 * the request body, or {@code parameter}, a query parameter's name) and why.
 * Serialised as a member of the problem's {@code errors} array, the shape RFC 9457 §3 shows.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FieldError(String pointer, String parameter, String detail) {

    public static FieldError at(String pointer, String detail) {
        return new FieldError(pointer, null, detail);
    }

    public static FieldError parameter(String name, String detail) {
        return new FieldError(null, name, detail);
    }
}
