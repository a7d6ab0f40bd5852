package org.trucewatch.review;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.trucewatch.mechanisms.IncidentRecordRepository.LinkedReport;
import org.trucewatch.zones.ZoneRelationView;
import org.trucewatch.zones.model.Relation;
import org.trucewatch.zones.model.ZoneType;

/**
 * What a list row says of where an incident lies and what it is about, from its reports as
 * the geofence judged them: the place (a zone by name, or the nearest one and its distance),
 * the zones it is inside, and the start of its first report's description.
 */
final class IncidentPlaces {
    /** The longest snippet, in code points; a chair reads it in one line of a queue. */
    static final int SNIPPET = 160;

    /** Most local first: "inside the security zone of CA-3" says more than "inside Sector West". */
    private static final List<ZoneType> LOCAL_FIRST = List.of(ZoneType.SECURITY_ZONE, ZoneType.CANTONMENT_AREA,
            ZoneType.BUFFER_ZONE, ZoneType.AREA_OF_SEPARATION, ZoneType.AREA_OF_LIMITATION, ZoneType.CEASEFIRE_LINE,
            ZoneType.AREA_OF_RESPONSIBILITY);

    private IncidentPlaces() {
    }

    static IncidentView.Place place(List<LinkedReport> reports, Map<UUID, List<ZoneRelationView>> zones) {
        return first(reports).flatMap(r -> {
            List<ZoneRelationView> rel = zones.getOrDefault(r.reportId(), List.of());
            Optional<ZoneRelationView> inside = rel.stream().filter(z -> z.relation() == Relation.INSIDE)
                    .min(Comparator.comparingInt((ZoneRelationView z) -> LOCAL_FIRST.indexOf(z.zoneType()))
                            .thenComparing(ZoneRelationView::zoneCode));
            return inside.or(() -> rel.stream().min(Comparator.comparingDouble(ZoneRelationView::distanceM)
                    .thenComparing(ZoneRelationView::zoneCode)));
        }).map(z -> new IncidentView.Place(z.zoneCode(), z.zoneType().code(), z.relation().code(),
                Math.round(z.distanceM() * 10) / 10.0, z.name())).orElse(null);
    }

    /** The zones any of the incident's own reports (not those merely suggested) lies inside, by code. */
    static List<String> zones(List<LinkedReport> reports, Map<UUID, List<ZoneRelationView>> zones) {
        return reports.stream().filter(r -> !"suggested".equals(r.link()))
                .flatMap(r -> zones.getOrDefault(r.reportId(), List.of()).stream())
                .filter(z -> z.relation() == Relation.INSIDE).map(ZoneRelationView::zoneCode)
                .distinct().sorted().toList();
    }

    /** The first report's description on one line, cut at a word near {@link #SNIPPET} code points. */
    static String snippet(List<LinkedReport> reports) {
        String text = first(reports).map(LinkedReport::description).orElse(null);
        if (text == null || text.isBlank()) {
            return null;
        }
        String line = text.strip().replaceAll("\\s+", " ");
        if (line.codePointCount(0, line.length()) <= SNIPPET) {
            return line;
        }
        String cut = line.substring(0, line.offsetByCodePoints(0, SNIPPET));
        int space = cut.lastIndexOf(' ');
        return (space > SNIPPET / 2 ? cut.substring(0, space) : cut).stripTrailing() + "…";
    }

    /** The report that opened the incident, or its earliest when the origin is not among those seen. */
    private static Optional<LinkedReport> first(List<LinkedReport> reports) {
        return reports.stream().filter(r -> "origin".equals(r.link())).findFirst()
                .or(() -> reports.stream().filter(r -> !"suggested".equals(r.link())).findFirst());
    }
}
