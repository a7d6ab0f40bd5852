package org.trucewatch.queues;

import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.trucewatch.access.Principal;
import org.trucewatch.access.Redactor;
import org.trucewatch.access.Shape;
import org.trucewatch.access.Visibility;
import org.trucewatch.geo.GeoJsonGeometryReader;
import org.trucewatch.geo.Geodesy;
import org.trucewatch.geo.MapSketch;
import org.trucewatch.intake.ReportService;
import org.trucewatch.intake.ReportSource;
import org.trucewatch.mechanisms.IncidentRecordRepository;
import org.trucewatch.mechanisms.MechanismProtocol;
import org.trucewatch.mechanisms.PartyPosition;
import org.trucewatch.review.IncidentQueries;
import org.trucewatch.review.IncidentView;
import org.trucewatch.review.MeetingOutcomes;
import org.trucewatch.zones.GeofenceService;
import org.trucewatch.zones.ZoneRelationView;
import org.trucewatch.zones.ZoneService;
import org.trucewatch.zones.model.ZoneView;

/**
 * The items of a level's meeting agenda as the meeting pack shows them ({@link AgendaItem}), and
 * each item's small map. Every incident comes from the access policy's agenda query
 * ({@link IncidentQueries#agenda}); every item is redacted by the {@link Redactor} for its reader.
 */
@Singleton
class MeetingPack {
    /** The small map of an item, in pixels. */
    static final int MAP_WIDTH = 480;
    static final int MAP_HEIGHT = 300;
    /** The least ground a small map shows around the incident, in metres (east–west; north–south is 5/8 of it). */
    private static final double MAP_SPAN_M = 6_000;

    private final IncidentQueries queries;
    private final GeofenceService geofence;
    private final ZoneService zones;
    private final ReportService reports;
    private final Redactor redactor;

    MeetingPack(IncidentQueries queries, GeofenceService geofence, ZoneService zones, ReportService reports, Redactor redactor) {
        this.queries = queries;
        this.geofence = geofence;
        this.zones = zones;
        this.reports = reports;
        this.redactor = redactor;
    }

    /** The agenda of one level as the reader may see it, most severe first. */
    List<AgendaItem> items(MechanismProtocol protocol, String level, Principal user) {
        List<IncidentView> views = queries.agenda(protocol.code(), level, user);
        Map<UUID, String> levels = new HashMap<>();
        views.forEach(v -> levels.put(v.id(), v.level()));
        Map<UUID, IncidentQueries.Proposal> proposals = queries.proposals(levels);
        // Every item's zones in one query, not one per item.
        Map<UUID, List<ZoneRelationView>> relations = geofence.relationsOf(views.stream().map(MeetingPack::origin)
                .filter(java.util.Objects::nonNull).toList());
        return views.stream().map(v -> item(protocol, level, v, proposals.get(v.id()),
                origin(v) == null ? List.of() : zones(relations.getOrDefault(origin(v), List.of())))).toList();
    }

    private AgendaItem item(MechanismProtocol protocol, String level, IncidentView v, IncidentQueries.Proposal proposal,
                            List<AgendaItem.Zone> related) {
        AgendaItem whole = new AgendaItem(v.id(), v.reference(), v.mechanism(), v.queue(), v.level(), v.team(), v.status(),
                v.category(), v.severity(), v.violations(), v.deadline(), v.observedAt(), v.geometry(), place(v),
                related.stream().filter(z -> !"outside".equals(z.relation())).toList(), v.finding(), v.aggregate(),
                positions(protocol, level, v), proposal == null ? null
                        : new AgendaItem.Proposal(proposal.text(), proposal.recordedAt(), proposal.recordedBy()),
                sources(v), MeetingOutcomes.decisions(v), "/api/v1/incidents/" + v.id() + "/map.png", v.visibility());
        return redactor.redactView(Shape.AGENDA_ITEM, Visibility.valueOf(v.visibility()), whole, AgendaItem.class);
    }

    /** One position per party of the mechanism at this level: the one recorded, else not yet stated. */
    private static List<AgendaItem.Position> positions(MechanismProtocol protocol, String level, IncidentView v) {
        List<IncidentRecordRepository.Position> recorded = v.positions() == null ? List.of() : v.positions();
        List<AgendaItem.Position> out = new ArrayList<>();
        for (MechanismProtocol.Party party : protocol.parties()) {
            out.add(recorded.stream().filter(p -> p.party().equals(party.code()) && level.equals(p.level()))
                    .max(Comparator.comparing(IncidentRecordRepository.Position::recordedAt))
                    .map(p -> new AgendaItem.Position(p.party(), p.position(), p.statement(), p.recordedAt(), p.recordedBy()))
                    .orElse(new AgendaItem.Position(party.code(), PartyPosition.NOT_YET_STATED.code(), null, null, null)));
        }
        return out;
    }

    /** The zones the incident's first report relates to (the geofence's stored relations), nearest first. */
    private List<AgendaItem.Zone> zonesOf(IncidentView v) {
        UUID origin = origin(v);
        return origin == null ? List.of() : zones(geofence.relationsOf(origin));
    }

    private static List<AgendaItem.Zone> zones(List<ZoneRelationView> relations) {
        return relations.stream()
                .sorted(Comparator.comparing((ZoneRelationView r) -> !r.intersects()).thenComparingDouble(ZoneRelationView::distanceM))
                .map(r -> new AgendaItem.Zone(r.zoneCode(), r.zoneType().code(), r.relation().code(), Math.round(r.distanceM()),
                        r.name()))
                .toList();
    }

    /** Where it happened, for people: the place the queue shows (the most local zone it lies in, else the nearest). */
    private static AgendaItem.Zone place(IncidentView v) {
        IncidentView.Place p = v.place();
        return p == null ? null : new AgendaItem.Zone(p.zone(), p.zoneType(), p.relation(), Math.round(p.distanceM()),
                p.name() instanceof ObjectNode name ? name : null);
    }

    private static UUID origin(IncidentView v) {
        return v.reports() == null ? null : v.reports().stream().filter(r -> "origin".equals(r.link())).findFirst()
                .or(() -> v.reports().stream().findFirst()).map(IncidentView.ReportLink::reportId).orElse(null);
    }

    /** The sources of the reports the reader sees of this incident (the view lists only those). */
    private List<AgendaItem.Source> sources(IncidentView v) {
        List<AgendaItem.Source> out = new ArrayList<>();
        for (IncidentView.ReportLink link : v.reports() == null ? List.<IncidentView.ReportLink>of() : v.reports()) {
            reports.find(link.reportId()).ifPresent(r -> {
                ReportSource s = r.content().source();
                out.add(new AgendaItem.Source(r.id(), link.link(), s == null ? null : s.type(), s == null ? null : s.reliability(),
                        s == null ? null : s.identity(), s == null ? null : s.notes(), r.submittedBy()));
            });
        }
        return out;
    }

    /** The incident's small map: its geometry in red over the outlines of the zones its first report relates to. */
    byte[] map(UUID id, Principal user) {
        IncidentView v = queries.view(id, user);
        Geometry where = GeoJsonGeometryReader.read(v.geometry(), "", new ArrayList<>());
        List<Geometry> outlines = new ArrayList<>();
        for (AgendaItem.Zone z : zonesOf(v)) {
            zones.zone(z.zone(), v.observedAt()).map(ZoneView::geometry).ifPresent(outlines::add);
        }
        return MapSketch.png(MAP_WIDTH, MAP_HEIGHT, frame(where), outlines, where == null ? List.of() : List.of(where));
    }

    /** At least MAP_SPAN_M of ground around the incident's centre, more when the incident is larger. */
    private static Envelope frame(Geometry where) {
        Envelope e = where == null ? new Envelope(0, 0, 0, 0) : new Envelope(where.getEnvelopeInternal());
        double lat = e.centre().y;
        double degLat = MAP_SPAN_M * 5 / 8 / Geodesy.MIN_METRES_PER_DEGREE_LAT;
        double degLon = MAP_SPAN_M / (Geodesy.MIN_METRES_PER_DEGREE_LAT * Math.max(0.05, Math.cos(Math.toRadians(lat))));
        Envelope box = new Envelope(e.centre());
        box.expandBy(Math.max(degLon, e.getWidth() * 1.2) / 2, Math.max(degLat, e.getHeight() * 1.2) / 2);
        return box;
    }

    /** The zone's name in the language, else in English, else its code. */
    static String name(AgendaItem.Zone z, String lang) {
        ObjectNode n = z.name();
        return n == null ? z.zone() : n.path(lang).asText(n.path("en").asText(z.zone()));
    }
}
