package org.trucewatch.access;

/**
 * The fields only the chair's staff may read. Every outlet (JSON API, live streams, OGC API
 * layers, file exports, agenda pages) leaves these out of a {@link Visibility#REDACTED} view.
 */
public enum ConfidentialField {
    /** Who the source is ({@code properties.source.identity}). */
    SOURCE_IDENTITY,
    /** Notes about the source ({@code properties.source.notes}). */
    SOURCE_NOTES,
    /** Which monitor submitted the report, and how to reach them ({@code properties.submittedBy}). */
    MONITOR_IDENTITY,
    /** Photos, audio and documents attached to a report. */
    MEDIA
}
