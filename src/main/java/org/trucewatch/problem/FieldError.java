package org.trucewatch.problem;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One thing wrong with the input: where ({@code pointer}, an RFC 6901 JSON pointer into
 * the request body, {@code parameter}, a query parameter's name, or {@code header}, a request
 * header's name) and why.
 * Serialised as a member of the problem's {@code errors} array, the shape RFC 9457 §3 shows.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FieldError(String pointer, String parameter, String header, String detail) {

    public static FieldError at(String pointer, String detail) {
        return new FieldError(pointer, null, null, detail);
    }

    public static FieldError parameter(String name, String detail) {
        return new FieldError(null, name, null, detail);
    }

    public static FieldError header(String name, String detail) {
        return new FieldError(null, null, name, detail);
    }
}
