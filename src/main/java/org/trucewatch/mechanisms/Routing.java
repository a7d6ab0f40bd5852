package org.trucewatch.mechanisms;

import java.time.Instant;
import java.util.List;

/** Where a new incident goes: a level's team queue (or the chair's triage queue when both are null), how urgent it is. */
public record Routing(String level, String team, int severity, List<MatchedRule> violations, Instant deadline,
                      List<String> areas) {

    /** A violation rule the incident matched. */
    public record MatchedRule(String rule, String article, int severity) {
    }

    public boolean isTriage() {
        return level == null;
    }
}
