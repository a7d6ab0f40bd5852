package org.trucewatch.access;

/**
 * The shapes in which records leave the service. Each {@link ConfidentialField} says where it
 * sits in each shape, so that the {@link Redactor} can take it out of every outlet alike.
 */
public enum Shape {
    /** A report as a GeoJSON Feature of the JSON API ({@code /api/v1/reports}). */
    REPORT,
    /** A report as flat layer attributes (OGC API items, every export format). */
    REPORT_ATTRIBUTES,
    /** An incident as the JSON API, the agenda (JSON and HTML) and the web app show it. */
    INCIDENT,
    /** An item of a meeting agenda and meeting pack (JSON, PDF): queues.AgendaItem. */
    AGENDA_ITEM,
    /** An incident as flat layer attributes (OGC API items, every export format). */
    INCIDENT_ATTRIBUTES,
    /** The bytes of a file attached to a report, and the list of them. */
    MEDIA_FILE,
    /** The audit log's events about one incident. */
    INCIDENT_AUDIT
}
