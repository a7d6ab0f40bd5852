package org.trucewatch.mechanisms;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The verification workflow. Moves not listed here are refused (409): a finding cannot be
 * reviewed before it is recorded, a closed incident only reopens.
 * <pre>
 * received → triaged → under_verification → finding_recorded → reviewed → closed
 *    any open state ──escalate──▶ escalated (next level's queue) → triaged | reviewed
 *    closed → reopened → triaged
 *    any open state ──merge──▶ merged (into another incident; undone back to where it was)
 * </pre>
 * Merging is not a move a transition can ask for: only a merge sets it (review.IncidentMerges).
 */
public enum IncidentStatus {
    RECEIVED, TRIAGED, UNDER_VERIFICATION, FINDING_RECORDED, ESCALATED, REVIEWED, CLOSED, REOPENED, MERGED;

    private static final Map<IncidentStatus, Set<IncidentStatus>> NEXT = Map.of(
            RECEIVED, EnumSet.of(TRIAGED),
            TRIAGED, EnumSet.of(UNDER_VERIFICATION),
            UNDER_VERIFICATION, EnumSet.of(FINDING_RECORDED),
            FINDING_RECORDED, EnumSet.of(REVIEWED, UNDER_VERIFICATION),
            ESCALATED, EnumSet.of(TRIAGED, UNDER_VERIFICATION, REVIEWED),
            REVIEWED, EnumSet.of(CLOSED),
            CLOSED, EnumSet.of(REOPENED),
            REOPENED, EnumSet.of(TRIAGED),
            MERGED, EnumSet.noneOf(IncidentStatus.class));

    public boolean canMoveTo(IncidentStatus next) {
        return NEXT.get(this).contains(next);
    }

    /** Escalation is allowed while the incident is still being handled. */
    public boolean canEscalate() {
        return isOpen();
    }

    /** Still being handled: not reviewed, closed, or merged into another incident. */
    public boolean isOpen() {
        return this != REVIEWED && this != CLOSED && this != MERGED;
    }

    /** The move to this status records the finding (a transition to it carries one). */
    public boolean recordsFinding() {
        return this == FINDING_RECORDED;
    }

    /** Awaiting review at its level: what the level's meeting agenda lists. */
    public boolean isOnAgenda() {
        return this == FINDING_RECORDED || this == ESCALATED;
    }

    public String code() {
        return name().toLowerCase();
    }

    public static IncidentStatus of(String code) {
        return valueOf(code.toUpperCase());
    }

    /** The status a client's code names, if any (codes are lower case). */
    public static java.util.Optional<IncidentStatus> fromCode(String code) {
        for (IncidentStatus s : values()) {
            if (s.code().equals(code)) {
                return java.util.Optional.of(s);
            }
        }
        return java.util.Optional.empty();
    }

    public Set<IncidentStatus> next() {
        return NEXT.get(this);
    }
}
