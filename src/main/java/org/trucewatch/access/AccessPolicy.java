package org.trucewatch.access;

import jakarta.inject.Singleton;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.trucewatch.problem.FieldError;
import org.trucewatch.problem.ProblemException;
import org.trucewatch.problem.ProblemType;
import org.trucewatch.taxonomy.Taxonomy;

/**
 * The confidentiality policy, in one place: who sees which reports, and which mechanisms a
 * user may submit to. Every outlet asks here; none decides on its own.
 */
@Singleton
public class AccessPolicy {
    private final Set<String> sensitiveCategories;

    AccessPolicy(Taxonomy taxonomy) {
        this.sensitiveCategories = taxonomy.categoryCodes().stream().filter(taxonomy::isSensitive)
                .collect(Collectors.toUnmodifiableSet());
    }

    public ReportScope reportScope(Principal user) {
        Set<String> full = user.mechanismsAs(Role.CHAIR);
        Set<String> redacted = new HashSet<>(user.mechanismsAs(Role.PARTY_DELEGATE, Role.GIS_ANALYST));
        redacted.removeAll(full);
        return new ReportScope(user.username(), full, Set.copyOf(redacted), sensitiveCategories);
    }

    /**
     * The mechanism a report from this user is filed under: the one named, which the user
     * must monitor or chair, or, when none is named, the only one they do.
     */
    public String submissionMechanism(Principal user, String requested) {
        Set<String> allowed = user.mechanismsAs(Role.MONITOR, Role.CHAIR);
        if (allowed.isEmpty()) {
            throw new ProblemException(ProblemType.FORBIDDEN, "You do not report for any mechanism");
        }
        if (requested != null) {
            if (!allowed.contains(requested)) {
                throw new ProblemException(ProblemType.FORBIDDEN, "You do not report for mechanism " + requested,
                        List.of(FieldError.at("/properties/mechanism",
                                "you report for: " + (allowed.isEmpty() ? "no mechanism" : String.join(", ", allowed)))));
            }
            return requested;
        }
        if (allowed.size() == 1) {
            return allowed.iterator().next();
        }
        throw new ProblemException(ProblemType.INVALID_REPORT, "Name the mechanism this report is for",
                List.of(FieldError.at("/properties/mechanism", "is required: you report for " + String.join(", ", allowed))));
    }
}
