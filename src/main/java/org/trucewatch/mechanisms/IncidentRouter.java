package org.trucewatch.mechanisms;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Decides, from a mechanism's protocol and what the geofence found, where a new incident
 * goes and how urgent it is: the lowest level with a team whose area contains the report
 * (inside, or straddling when nothing contains it for certain), else the chair's triage
 * queue; severity is the category's, raised by every violation rule that matches; the
 * deadline is the level's for that severity. Nothing is ever dropped.
 */
public final class IncidentRouter {
    private IncidentRouter() {
    }

    static Routing route(MechanismProtocol protocol, String category, List<String> allegedParties, List<ZoneHit> hits,
                         Instant now) {
        List<Routing.MatchedRule> matched = violations(protocol, category, allegedParties, hits);
        int severity = Math.max(protocol.severityOf(category),
                matched.stream().mapToInt(Routing.MatchedRule::severity).max().orElse(0));
        List<String> areas = hits.stream().filter(h -> "area_of_responsibility".equals(h.zoneType()))
                .filter(ZoneHit::isInOrStraddles).map(ZoneHit::zoneCode).toList();
        Set<String> inside = hits.stream().filter(h -> "inside".equals(h.relation())).map(ZoneHit::zoneCode)
                .collect(Collectors.toSet());
        for (boolean certainOnly : new boolean[] {true, false}) {
            for (MechanismProtocol.Level level : protocol.levels()) {
                for (MechanismProtocol.Team team : level.teams()) {
                    boolean owns = team.areas().stream().anyMatch(a -> certainOnly ? inside.contains(a) : areas.contains(a));
                    if (owns) {
                        return new Routing(level.code(), team.code(), severity, matched,
                                deadline(protocol, level.code(), severity, now), areas);
                    }
                }
            }
        }
        return new Routing(null, null, severity, matched, deadline(protocol, null, severity, now), areas);
    }

    /** The team of {@code level} that should take an incident lying in {@code areas}; the only team when there is one. */
    public static String teamFor(MechanismProtocol.Level level, List<String> areas) {
        for (MechanismProtocol.Team team : level.teams()) {
            if (team.areas().stream().anyMatch(areas::contains)) {
                return team.code();
            }
        }
        return level.teams().size() == 1 ? level.teams().get(0).code() : null;
    }

    public static Instant deadline(MechanismProtocol protocol, String level, int severity, Instant from) {
        Duration d = protocol.deadline(level, severity);
        return d == null ? null : from.plus(d);
    }

    static List<Routing.MatchedRule> violations(MechanismProtocol protocol, String category, List<String> parties,
                                                List<ZoneHit> hits) {
        List<Routing.MatchedRule> matched = new ArrayList<>();
        for (MechanismProtocol.ViolationRule rule : protocol.violationRules()) {
            if (!"*".equals(rule.category()) && !rule.category().equals(category)) {
                continue;
            }
            if (!partiesMatch(rule, parties) || !placeMatches(rule, hits)) {
                continue;
            }
            matched.add(new Routing.MatchedRule(rule.id(), rule.article(), rule.severity()));
        }
        return matched;
    }

    private static boolean partiesMatch(MechanismProtocol.ViolationRule rule, List<String> parties) {
        if (rule.parties() != null && !rule.parties().isEmpty()) {
            return parties.stream().anyMatch(rule.parties()::contains);
        }
        if (rule.exceptParties() != null && !rule.exceptParties().isEmpty()) {
            // An armed presence by an unknown party is not one of the allowed parties.
            return parties.isEmpty() || parties.stream().anyMatch(p -> !rule.exceptParties().contains(p));
        }
        return true;
    }

    private static boolean placeMatches(MechanismProtocol.ViolationRule rule, List<ZoneHit> hits) {
        if (rule.zoneTypes() == null || rule.zoneTypes().isEmpty()) {
            return true;
        }
        String relation = rule.relation() == null ? "inside" : rule.relation();
        return hits.stream().filter(h -> rule.zoneTypes().contains(h.zoneType())).anyMatch(h -> switch (relation) {
            case "crosses" -> h.crosses();
            case "near" -> h.near() || h.crosses();
            default -> h.isInOrStraddles();
        });
    }
}
