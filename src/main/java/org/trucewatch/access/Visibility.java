package org.trucewatch.access;

/** How much of a record a user may see. */
public enum Visibility {
    /** Everything, confidential fields included (the chair's staff, the report's own author). */
    FULL,
    /** Everything but the confidential fields ({@link ConfidentialField}). */
    REDACTED,
    /** Nothing: the record does not exist for this user (answered 404, left out of lists). */
    NONE
}
