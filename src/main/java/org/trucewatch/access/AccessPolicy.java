package org.trucewatch.access;

import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.trucewatch.problem.FieldError;
import org.trucewatch.problem.ProblemException;
import org.trucewatch.problem.ProblemType;
import org.trucewatch.taxonomy.Taxonomy;

/**
 * The confidentiality and authority policy, in one place: which rows a user may see (as SQL,
 * {@link AccessScope}), which fields of them ({@link Redactor}, driven by
 * {@link ConfidentialField}), what a chair may do to an incident, and which mechanisms a user
 * may submit to. Every outlet asks here; none decides on its own. docs/security.md states
 * the decisions in words.
 */
@Singleton
public class AccessPolicy {
    private final Set<String> sensitiveCategories;
    private final List<String> categories;
    private final MechanismLevels structure;
    private final VisibilityRepository visibility;

    AccessPolicy(Taxonomy taxonomy, MechanismLevels structure, VisibilityRepository visibility) {
        this.structure = structure;
        this.visibility = visibility;
        this.categories = List.copyOf(taxonomy.categoryCodes());
        this.sensitiveCategories = taxonomy.categoryCodes().stream().filter(taxonomy::isSensitive)
                .collect(Collectors.toUnmodifiableSet());
    }

    public AccessScope scope(Principal user) {
        Set<String> whole = new HashSet<>();
        List<Grant> levelGrants = new ArrayList<>();
        for (Grant g : user.grants()) {
            if (Role.CHAIR.code().equals(g.role()) && g.mechanism() != null) {
                if (g.level() == null) {
                    whole.add(g.mechanism());
                } else {
                    levelGrants.add(g);
                }
            }
        }
        levelGrants.removeIf(g -> whole.contains(g.mechanism()));
        levelGrants.sort(Comparator.comparing(Grant::mechanism).thenComparing(Grant::level)
                .thenComparing(g -> g.team() == null ? "" : g.team()));
        Set<String> redacted = new HashSet<>(user.mechanismsAs(Role.PARTY_DELEGATE, Role.GIS_ANALYST));
        levelGrants.forEach(g -> redacted.add(g.mechanism()));
        redacted.removeAll(whole);
        boolean submits = !user.mechanismsAs(Role.MONITOR, Role.CHAIR).isEmpty();
        return new AccessScope(user.username(), whole, levelGrants, redacted, sensitiveCategories, structure, submits);
    }

    /**
     * The scope a periodic report is issued under: the chair's staff of {@code mechanism} as a
     * whole (the chair issues it; who may read it is decided when it is served).
     */
    public AccessScope issuer(String mechanism) {
        return new AccessScope("system:reports", Set.of(mechanism), List.of(), Set.of(), sensitiveCategories, structure, false);
    }

    /** How much of one report the user may see, from the database (NONE for a missing report). */
    public Visibility reportVisibility(Principal user, java.util.UUID reportId) {
        return visibility.of(scope(user).reports("x"), reportId);
    }

    /**
     * The same for a report whose author is known: its author sees it in full (the scope's
     * first rule), without asking the database; anyone else as {@link #reportVisibility(Principal, java.util.UUID)}.
     */
    public Visibility reportVisibility(Principal user, java.util.UUID reportId, String submittedBy) {
        return user.username().equals(submittedBy) ? Visibility.FULL : reportVisibility(user, reportId);
    }

    /** How much of one incident a scope sees: one column of one row (NONE for a missing incident). */
    public Visibility incidentVisibility(AccessScope scope, java.util.UUID incidentId) {
        return visibility.of(scope.incidents("x"), incidentId);
    }

    /**
     * The category codes that may be named to this user (in filters' allowed values, KML
     * styles, error messages): all of them to those who may see some record in full, the
     * others never a sensitive one.
     */
    public List<String> nameableCategories(Principal user) {
        return scope(user).mayEverSeeFull() ? categories
                : categories.stream().filter(c -> !sensitiveCategories.contains(c)).toList();
    }

    /**
     * The audience whose rules a reader's statistics of {@code mechanism} follow (docs/security.md,
     * "Numbers"). Only the chair's staff may have the internal figures, which is also their default;
     * party delegates and GIS staff get the parties' figures by default; any member may ask for
     * the public figures, to see what the public will. Someone who sees nothing of the mechanism
     * is told it does not exist (404), as everywhere else.
     */
    public Audience audience(AccessScope scope, String mechanism, String requested) {
        if (mechanism == null || !scope.seesMechanism(mechanism)) {
            throw ProblemException.notFound("No mechanism " + mechanism);
        }
        boolean staff = scope.chairs(mechanism);
        if (requested == null) {
            return staff ? Audience.INTERNAL : Audience.PARTIES;
        }
        Audience audience = Audience.of(requested).orElseThrow(() -> ProblemException.invalidParameter("audience",
                "'" + requested + "' is not one of: internal, parties, public"));
        if (audience == Audience.INTERNAL && !staff) {
            throw new ProblemException(ProblemType.FORBIDDEN, "Internal figures are for the chair's staff",
                    List.of(FieldError.parameter("audience", "you may ask for: parties, public")));
        }
        return audience;
    }

    /**
     * Whether a periodic report for {@code audience} may draw incidents of {@code category} one by
     * one on its map (docs/reports.md, "Audiences"): the chair's staff all of them, the parties never
     * a sensitive category (those are counts only), the public none at all. Which incidents it names
     * with a summary is {@link #notableInReport}.
     */
    public boolean listableInReport(Audience audience, String category) {
        return switch (audience) {
            case INTERNAL -> true;
            case PARTIES -> !sensitiveCategories.contains(category);
            case PUBLIC -> false;
        };
    }

    /**
     * Whether a periodic report for {@code audience} names an incident of {@code category} that the
     * chair marked notable, with its reference, time, category, finding, attributed party and the
     * chair's summary (docs/reports.md, "Notable incidents"): the chair's staff every one, the parties
     * none of a sensitive category, the public only those the chair marked publishable and never one of
     * a sensitive category, whatever the chair chose (no incident-level detail otherwise).
     */
    public boolean notableInReport(Audience audience, String category, boolean publishable) {
        return switch (audience) {
            case INTERNAL -> true;
            case PARTIES -> !sensitiveCategories.contains(category);
            case PUBLIC -> publishable && !sensitiveCategories.contains(category);
        };
    }

    /**
     * Whether a reader who sees an incident with {@code visibility} may read the summary the chair
     * wrote when marking it notable: exactly when the periodic report of their kind names it (the
     * chair's staff's for a whole view, the parties' for a redacted one), so the incident page shows a
     * delegate no more and no less than the report they will receive. Who marked it is
     * {@link ConfidentialField#STAFF_IDENTITY}.
     */
    public boolean readsNotableSummary(Visibility visibility, String category, boolean publishable) {
        if (visibility == null || visibility == Visibility.NONE) {
            throw new IllegalArgumentException("a record the reader may not see is never shown");
        }
        return notableInReport(visibility == Visibility.FULL ? Audience.INTERNAL : Audience.PARTIES, category, publishable);
    }

    /**
     * That the user may issue {@code mechanism}'s periodic reports on demand: its chair of the
     * whole mechanism, or, for one level's report, that level's chair. Someone who sees nothing
     * of the mechanism is told it does not exist (404); another member is refused (403).
     */
    public void checkMayIssueReports(Principal user, String mechanism, String level) {
        AccessScope scope = scope(user);
        if (!scope.seesMechanism(mechanism)) {
            throw ProblemException.notFound("No mechanism " + mechanism);
        }
        boolean whole = scope.wholeMechanisms().contains(mechanism);
        boolean ofLevel = level != null && user.grants().stream().anyMatch(g -> Role.CHAIR.code().equals(g.role())
                && mechanism.equals(g.mechanism()) && level.equals(g.level()) && g.team() == null);
        if (!whole && !ofLevel) {
            throw new ProblemException(ProblemType.FORBIDDEN, "Only the mechanism's chair issues its reports");
        }
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
