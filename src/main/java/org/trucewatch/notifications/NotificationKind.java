package org.trucewatch.notifications;

/** What a notice tells of (docs/notifications.md); {@link #code()} is what the API, the table and the texts use. */
enum NotificationKind {
    /** An incident opened at or above the user's severity threshold. */
    NEW,
    /** An incident passed its deadline and the deadline job escalated it into the user's queue. */
    OVERDUE,
    /** A chair escalated an incident into the user's queue. */
    ESCALATED,
    /** A party's position was recorded on an incident of the user's queue. */
    POSITION,
    /** Another chair asks the user to release an incident the user holds. */
    RELEASE;

    String code() {
        return name().toLowerCase();
    }
}
