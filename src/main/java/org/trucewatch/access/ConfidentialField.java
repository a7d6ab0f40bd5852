package org.trucewatch.access;

import java.util.List;

/**
 * The fields only those who see a record in full (the chair's staff within their reach, a
 * report's own author) may read, and where each sits in every {@link Shape}. The
 * {@link Redactor} removes them from a {@link Visibility#REDACTED} view in every outlet; an
 * outlet never strips a field by hand. A place is a path of JSON-pointer segments where
 * {@code *} means every element, {@code *[kind=comment]} removes the array elements whose
 * {@code kind} is {@code comment}, and the empty path means the whole record: the outlet
 * answers 403 to a redacted reader. Flat attribute shapes name the attribute.
 */
public enum ConfidentialField {
    /** Who the source is. */
    SOURCE_IDENTITY(new Place(Shape.REPORT, "/properties/source/identity"),
            new Place(Shape.REPORT_ATTRIBUTES, "sourceIdentity"), new Place(Shape.AGENDA_ITEM, "/sources/*/identity")),
    /** Notes about the source. */
    SOURCE_NOTES(new Place(Shape.REPORT, "/properties/source/notes"),
            new Place(Shape.REPORT_ATTRIBUTES, "sourceNotes"), new Place(Shape.AGENDA_ITEM, "/sources/*/notes")),
    /** Which monitor submitted a report. */
    MONITOR_IDENTITY(new Place(Shape.REPORT, "/properties/submittedBy"), new Place(Shape.REPORT, "/properties/revisedBy"),
            new Place(Shape.REPORT_ATTRIBUTES, "submittedBy"),
            new Place(Shape.INCIDENT, "/reports/*/submittedBy"), new Place(Shape.AGENDA_ITEM, "/sources/*/submittedBy")),
    /** Where the monitor stood when reporting from afar: a patrol's position. */
    OBSERVER_LOCATION(new Place(Shape.REPORT, "/properties/observerLocation"),
            new Place(Shape.REPORT_ATTRIBUTES, "observerLocation")),
    /** Which member of the chair's staff claimed, was assigned, acted, recorded a position or marked the incident notable. */
    STAFF_IDENTITY(new Place(Shape.INCIDENT, "/claimedBy"), new Place(Shape.INCIDENT, "/assignedTo"),
            new Place(Shape.INCIDENT, "/history/*/actor"), new Place(Shape.INCIDENT, "/positions/*/recordedBy"),
            new Place(Shape.INCIDENT_ATTRIBUTES, "claimedBy"), new Place(Shape.INCIDENT_ATTRIBUTES, "assignedTo"),
            new Place(Shape.AGENDA_ITEM, "/positions/*/recordedBy"), new Place(Shape.AGENDA_ITEM, "/proposedAction/recordedBy"),
            new Place(Shape.INCIDENT, "/notable/markedBy")),
    /** What the chair's staff wrote: comments, escalation reasons, assignment notes. */
    STAFF_NOTES(new Place(Shape.INCIDENT, "/history/*[kind=comment]"), new Place(Shape.INCIDENT, "/history/*[kind=release_request]"),
            new Place(Shape.INCIDENT, "/history/*/body")),
    /** Photos, audio and documents attached to a report. */
    MEDIA(new Place(Shape.MEDIA_FILE, "")),
    /** The audit trail of an incident: it names every actor. */
    AUDIT_TRAIL(new Place(Shape.INCIDENT_AUDIT, ""));

    /** Where a field sits in one shape. */
    public record Place(Shape shape, String path) {
    }

    private final List<Place> places;

    ConfidentialField(Place... places) {
        this.places = List.of(places);
    }

    public List<Place> places() {
        return places;
    }

    /** The paths of this field in {@code shape} (none when the shape does not carry it). */
    public List<String> pathsIn(Shape shape) {
        return places.stream().filter(p -> p.shape() == shape).map(Place::path).toList();
    }
}
