package org.trucewatch.problem;

import java.util.List;

/**
 * Thrown by domain code to answer with a catalogue entry. Only the web edge turns it into
 * HTTP (see {@link ProblemExceptionHandler}); domain code never builds responses.
 */
public class ProblemException extends RuntimeException {
    private final ProblemType type;
    private final List<FieldError> errors;
    private Long retryAfterSeconds;

    public ProblemException(ProblemType type, String detail, List<FieldError> errors) {
        super(detail, null, false, false);
        this.type = type;
        this.errors = List.copyOf(errors);
    }

    public ProblemException(ProblemType type, String detail) {
        this(type, detail, List.of());
    }

    public static ProblemException invalidParameter(String name, String detail) {
        return new ProblemException(ProblemType.INVALID_PARAMETER, "Query parameter '" + name + "': " + detail,
                List.of(FieldError.parameter(name, detail)));
    }

    public static ProblemException invalidHeader(String name, String detail) {
        return new ProblemException(ProblemType.BAD_REQUEST, "Header '" + name + "': " + detail,
                List.of(FieldError.header(name, detail)));
    }

    public static ProblemException notFound(String what) {
        return new ProblemException(ProblemType.NOT_FOUND, what);
    }

    /** Adds a Retry-After (RFC 9110 §10.2.3) to the answer, for 429 and 503. */
    public ProblemException retryAfter(long seconds) {
        this.retryAfterSeconds = seconds;
        return this;
    }

    public Long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    public ProblemType type() {
        return type;
    }

    public List<FieldError> errors() {
        return errors;
    }
}
