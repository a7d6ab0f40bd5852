package org.trucewatch.problem;

import io.micronaut.http.HttpStatus;

/**
 * The one catalogue of problems the service reports (RFC 9457). Each entry has a stable
 * slug, which makes its {@code type} URI, a title that never changes between occurrences,
 * and the HTTP status. Clients may switch on the slug; it is never renamed.
 */
public enum ProblemType {
    MALFORMED_JSON("malformed-json", "The request body is not well-formed JSON", HttpStatus.BAD_REQUEST),
    MALFORMED_XML("malformed-xml", "The submission is not well-formed or not allowed XML", HttpStatus.BAD_REQUEST),
    INVALID_REPORT("invalid-report", "The report is not valid", HttpStatus.UNPROCESSABLE_ENTITY),
    INVALID_INPUT("invalid-input", "The request body is not valid", HttpStatus.UNPROCESSABLE_ENTITY),
    INVALID_PARAMETER("invalid-parameter", "A query parameter is not valid", HttpStatus.BAD_REQUEST),
    BAD_REQUEST("bad-request", "The request cannot be processed", HttpStatus.BAD_REQUEST),
    UNAUTHORIZED("unauthorized", "Authentication is required", HttpStatus.UNAUTHORIZED),
    FORBIDDEN("forbidden", "The request is not allowed for this user", HttpStatus.FORBIDDEN),
    NOT_FOUND("not-found", "No such resource", HttpStatus.NOT_FOUND),
    METHOD_NOT_ALLOWED("method-not-allowed", "The method is not allowed on this resource", HttpStatus.METHOD_NOT_ALLOWED),
    NOT_ACCEPTABLE("not-acceptable", "None of the accepted media types can be produced", HttpStatus.NOT_ACCEPTABLE),
    REPORT_CONFLICT("report-conflict",
            "A different report was already stored under this clientReportId", HttpStatus.CONFLICT),
    STALE_REVISION("stale-revision",
            "The edit was made from a revision of the report that is no longer the current one", HttpStatus.CONFLICT),
    REPORT_PAST_TRIAGE("report-past-triage",
            "The report's incident is past triage: the report can no longer be corrected", HttpStatus.CONFLICT),
    PRECONDITION_REQUIRED("precondition-required",
            "The request must name the revision it was made from (If-Match)", HttpStatus.PRECONDITION_REQUIRED),
    ILLEGAL_TRANSITION("illegal-transition", "The incident cannot make this move from its current state",
            HttpStatus.CONFLICT),
    CONFLICT("conflict", "The resource already exists or was changed meanwhile", HttpStatus.CONFLICT),
    TOO_MANY_REQUESTS("too-many-requests", "Too many attempts; wait before trying again", HttpStatus.TOO_MANY_REQUESTS),
    INVALID_ZONE_FILE("invalid-zone-file", "The zone file is not valid; nothing was imported",
            HttpStatus.UNPROCESSABLE_ENTITY),
    INACCURATE_TRANSFORMATION("inaccurate-transformation",
            "The file's coordinates cannot be brought to WGS 84 accurately enough; nothing was imported",
            HttpStatus.UNPROCESSABLE_ENTITY),
    ZONE_IMPORT_CONFLICT("zone-import-conflict", "Another import changed the same zones at the same time; retry",
            HttpStatus.CONFLICT),
    PAYLOAD_TOO_LARGE("payload-too-large", "The request body is too large", HttpStatus.REQUEST_ENTITY_TOO_LARGE),
    UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", "The request's content type is not supported",
            HttpStatus.UNSUPPORTED_MEDIA_TYPE),
    SERVICE_UNAVAILABLE("service-unavailable", "The service cannot reach its database; retry later",
            HttpStatus.SERVICE_UNAVAILABLE),
    INTERNAL_ERROR("internal-error", "Internal error", HttpStatus.INTERNAL_SERVER_ERROR);

    /** Relative URI reference (RFC 9457 §3.1.1); resolved against the service it names a page served at /problems/{slug}. */
    public static final String TYPE_PREFIX = "/problems/";

    private final String slug;
    private final String title;
    private final HttpStatus status;

    ProblemType(String slug, String title, HttpStatus status) {
        this.slug = slug;
        this.title = title;
        this.status = status;
    }

    public String slug() {
        return slug;
    }

    public String title() {
        return title;
    }

    public HttpStatus status() {
        return status;
    }

    /** Entries the framework's own errors may map to; the others are raised only by our code. */
    private boolean generic() {
        return switch (this) {
            case INVALID_REPORT, INVALID_INPUT, REPORT_CONFLICT, STALE_REVISION, REPORT_PAST_TRIAGE, MALFORMED_JSON, MALFORMED_XML, INVALID_PARAMETER, ILLEGAL_TRANSITION,
                 INVALID_ZONE_FILE, ZONE_IMPORT_CONFLICT -> false;
            default -> true;
        };
    }

    public String typeUri() {
        return TYPE_PREFIX + slug;
    }

    /** The catalogue entry a framework-produced status maps to, for errors raised outside our code. */
    public static ProblemType forStatus(int status) {
        for (ProblemType type : values()) {
            if (type.status.getCode() == status && type.generic()) {
                return type;
            }
        }
        return status >= 500 ? INTERNAL_ERROR : BAD_REQUEST;
    }
}
