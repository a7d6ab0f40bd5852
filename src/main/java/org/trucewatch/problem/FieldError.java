package org.trucewatch.problem;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One thing wrong with the input: where ({@code pointer}, an RFC 6901 JSON pointer into
 * the request body, {@code parameter}, a query parameter's name, or {@code header}, a request
 * header's name) and why.
 * Serialised as a member of the problem's {@code errors} array, the shape RFC 9457 §3 shows.
 * A parameter holding an expression (a CQL2 {@code filter}) also says where in it the fault
 * is: {@code position}, a character offset from 0, or {@code pointer}, a JSON pointer into the
 * parameter's JSON value.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FieldError(String pointer, String parameter, String header, Integer position, String detail) {

    public static FieldError at(String pointer, String detail) {
        return new FieldError(pointer, null, null, null, detail);
    }

    public static FieldError parameter(String name, String detail) {
        return new FieldError(null, name, null, null, detail);
    }

    public static FieldError header(String name, String detail) {
        return new FieldError(null, null, name, null, detail);
    }

    /** A fault inside parameter {@code name}'s value: at {@code position} (text) or {@code pointer} (JSON). */
    public static FieldError inParameter(String name, String pointer, Integer position, String detail) {
        return new FieldError(pointer, name, null, position, detail);
    }
}
