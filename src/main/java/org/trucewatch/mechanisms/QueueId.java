package org.trucewatch.mechanisms;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.trucewatch.problem.ProblemException;

/**
 * Names a queue in URLs: {@code mechanism.level.team}, {@code mechanism.level} for a
 * level's plenary (no team), {@code mechanism.triage} for the chair's triage queue. Codes
 * never contain dots (the protocol reader checks), so the name splits back unambiguously.
 */
public record QueueId(String mechanism, String level, String team) {
    /** The level part of the triage queue's id, never a level's code; also its key among a protocol's deadlines. */
    public static final String TRIAGE = "triage";
    private static final Pattern FORM = Pattern.compile("([a-z0-9-]+)(?:\\.([a-z0-9-]+))?(?:\\.([a-z0-9-]+))?");

    public static String of(String mechanism, String level, String team) {
        if (level == null) {
            return mechanism + "." + TRIAGE;
        }
        return team == null ? mechanism + "." + level : mechanism + "." + level + "." + team;
    }

    public static QueueId parse(String id) {
        Matcher m = FORM.matcher(id);
        if (!m.matches() || m.group(2) == null) {
            throw ProblemException.notFound("No queue " + id);
        }
        if (TRIAGE.equals(m.group(2)) && m.group(3) == null) {
            return new QueueId(m.group(1), null, null);
        }
        return new QueueId(m.group(1), m.group(2), m.group(3));
    }

    @Override
    public String toString() {
        return of(mechanism, level, team);
    }
}
