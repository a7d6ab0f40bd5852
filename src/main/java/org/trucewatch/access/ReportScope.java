package org.trucewatch.access;

import java.util.Set;

/**
 * What one user may see of reports, decided once per request by {@link AccessPolicy}:
 * their own reports in full; every report of a mechanism they chair in full; reports of a
 * mechanism where they are a party delegate or GIS analyst redacted, and never those of a
 * sensitive category (conflict-related sexual violence, recruitment of children).
 * Repositories turn the same scope into SQL, so lists and pages are filtered in the database.
 */
public record ReportScope(String username, Set<String> fullMechanisms, Set<String> redactedMechanisms,
                          Set<String> sensitiveCategories) {

    public Visibility visibility(String mechanism, String category, String submittedBy) {
        if (username.equals(submittedBy) || mechanism != null && fullMechanisms.contains(mechanism)) {
            return Visibility.FULL;
        }
        if (mechanism != null && redactedMechanisms.contains(mechanism) && !sensitiveCategories.contains(category)) {
            return Visibility.REDACTED;
        }
        return Visibility.NONE;
    }
}
