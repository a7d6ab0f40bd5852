package org.trucewatch.operations;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.geojson.GeoJsonReader;
import org.trucewatch.intake.ReportFeatureReader;
import org.trucewatch.intake.ReportService;
import org.trucewatch.mechanisms.IncidentRepository;
import org.trucewatch.mechanisms.MechanismService;

/**
 * A demo data set at a chair's real volume (docs/operations.md, "A demo at volume"): thousands of
 * reports in the two sample mechanisms, through the same intake as a device's, so each is zoned,
 * routed and turned into an incident like any other. Reports fall near the sample zones (most
 * within a few kilometres of a zone's vertex), over the last 120 days with more of them lately,
 * in the four working languages. Everything derives from the seed: the same command stores
 * nothing twice, as a device resending its reports would not.
 */
@Singleton
public class DemoVolume {
    private static final String[] CATEGORIES = {"SMALL_ARMS_FIRE", "SMALL_ARMS_FIRE", "INDIRECT_FIRE", "EXPLOSION",
        "ARMED_PRESENCE", "ARMED_PRESENCE", "ARMED_PRESENCE", "HEAVY_WEAPONS_MOVEMENT", "AIR_INCURSION", "LINE_CROSSING",
        "CONSTRUCTION", "FREEDOM_OF_MOVEMENT_RESTRICTION", "ATTACK_ON_CIVILIANS", "EXPLOSIVE_HAZARD",
        "INFRASTRUCTURE_DAMAGE", "OTHER"};
    /** What monitors write, in the four working languages; {n} is a count, {p} a place word. */
    private static final String[][] TEXTS = {
        {"{n} bursts of automatic fire heard near the {p}.", "{n} rafales d'arme automatique entendues près de {p}.",
            "Se escucharon {n} ráfagas de fuego automático cerca de {p}.", "سُمعت {n} رشقات من نيران آلية قرب {p}."},
        {"{n} artillery impacts observed east of the {p}.", "{n} impacts d'artillerie observés à l'est de {p}.",
            "Se observaron {n} impactos de artillería al este de {p}.", "شوهدت {n} قذائف مدفعية شرق {p}."},
        {"Armed group of about {n} seen moving past the {p}.", "Groupe armé d'environ {n} personnes vu passant {p}.",
            "Grupo armado de unos {n} vistos pasando por {p}.", "مجموعة مسلحة من نحو {n} أشخاص شوهدت قرب {p}."},
        {"Checkpoint set up on the road to the {p}; {n} vehicles turned back.",
            "Barrage installé sur la route de {p} ; {n} véhicules refoulés.",
            "Retén instalado en la vía hacia {p}; {n} vehículos devueltos.",
            "حاجز أقيم على الطريق إلى {p}؛ أعيدت {n} مركبات."},
        {"Earthworks and {n} new positions dug near the {p}.", "Travaux de terrassement et {n} nouvelles positions près de {p}.",
            "Movimiento de tierra y {n} nuevas posiciones cerca de {p}.", "أعمال حفر و{n} مواقع جديدة قرب {p}."},
    };
    private static final String[][] PLACES = {
        {"school", "l'école", "la escuela", "المدرسة"}, {"water point", "le point d'eau", "el punto de agua", "نقطة المياه"},
        {"market", "le marché", "el mercado", "السوق"}, {"health post", "le poste de santé", "el puesto de salud", "المركز الصحي"},
        {"bridge", "le pont", "el puente", "الجسر"}, {"crossroads", "le carrefour", "el cruce", "المفترق"},
    };
    private static final Duration SPAN = Duration.ofDays(120);

    private final ReportService reports;
    private final ReportFeatureReader reader;
    private final MechanismService mechanisms;
    private final ObjectMapper json;
    private final Clock clock;
    private final IncidentRepository incidents;

    DemoVolume(ReportService reports, ReportFeatureReader reader, MechanismService mechanisms, ObjectMapper json,
               Clock clock, IncidentRepository incidents) {
        this.incidents = incidents;
        this.reports = reports;
        this.reader = reader;
        this.mechanisms = mechanisms;
        this.json = json;
        this.clock = clock;
    }

    /** What the generator did: reports offered, of which new (the others were stored by an earlier run), and incidents now. */
    public record Outcome(int offered, int created, long incidents) {
    }

    /**
     * Submits reports for the mechanisms whose sample zones are in {@code zoneFiles} (GeoJSON
     * FeatureCollections with a {@code mechanism} property per feature), in turn, until those
     * mechanisms hold at least {@code incidents} incidents (a few reports join another's
     * incident, as duplicates do). Refuses a mechanism that is not loaded.
     */
    public Outcome generate(int incidents, long seed, List<Path> zoneFiles, PrintStream progress) throws IOException {
        List<Site> sites = new ArrayList<>();
        for (Path file : zoneFiles) {
            sites.addAll(sites(file));
        }
        List<String> codes = sites.stream().map(Site::mechanism).distinct().sorted().toList();
        for (String code : codes) {
            if (mechanisms.protocol(code).isEmpty()) {
                throw new IllegalStateException("mechanism " + code + " is not loaded: start the service once"
                        + " (bin/trucewatch run loads the samples), then generate");
            }
        }
        Random random = new Random(seed);
        Instant now = clock.instant().truncatedTo(ChronoUnit.MINUTES);
        int created = 0;
        int n = 0;
        // Some reports join an incident already open (the duplicate rule), so count, top up, count again.
        for (long have = this.incidents.count(codes); have < incidents; have = this.incidents.count(codes)) {
            for (long missing = incidents - have; missing > 0; missing--, n++) {
                String code = codes.get(n % codes.size());
                List<Site> own = sites.stream().filter(s -> s.mechanism().equals(code)).toList();
                ObjectNode feature = feature(code, own.get(random.nextInt(own.size())), random, now,
                        UUID.nameUUIDFromBytes(("demo-volume:" + seed + ":" + n).getBytes(StandardCharsets.UTF_8)));
                if (reports.submit(reader.read(json.writeValueAsString(feature)), "demo-volume").created()) {
                    created++;
                }
                if ((n + 1) % 500 == 0) {
                    progress.println((n + 1) + " reports offered, " + created + " new");
                }
            }
        }
        return new Outcome(n, created, this.incidents.count(codes));
    }

    private ObjectNode feature(String mechanism, Site near, Random random, Instant now, UUID clientReportId) {
        // Most near a zone's vertex (within about 3 km), the rest anywhere in the zones' extent.
        double lon;
        double lat;
        if (random.nextDouble() < 0.8) {
            Coordinate c = near.vertices()[random.nextInt(near.vertices().length)];
            lon = c.x + (random.nextDouble() - 0.5) * 0.055;
            lat = c.y + (random.nextDouble() - 0.5) * 0.055;
        } else {
            lon = near.minLon() + random.nextDouble() * (near.maxLon() - near.minLon());
            lat = near.minLat() + random.nextDouble() * (near.maxLat() - near.minLat());
        }
        // More reports lately: the age is the span times a square of a uniform draw.
        double u = random.nextDouble();
        Instant observed = now.minusSeconds((long) (SPAN.toSeconds() * u * u) + 600);
        String category = CATEGORIES[random.nextInt(CATEGORIES.length)];
        int language = random.nextInt(4);
        String text = TEXTS[random.nextInt(TEXTS.length)][language];
        int count = 1 + random.nextInt(12);
        text = text.replace("{n}", String.valueOf(count)).replace("{p}", PLACES[random.nextInt(PLACES.length)][language]);
        ObjectNode feature = json.createObjectNode().put("type", "Feature");
        ArrayNode coordinates = feature.putObject("geometry").put("type", "Point").putArray("coordinates");
        coordinates.add(Math.round(lon * 1e6) / 1e6).add(Math.round(lat * 1e6) / 1e6);
        ObjectNode p = feature.putObject("properties");
        p.put("clientReportId", clientReportId.toString());
        p.put("observedAt", observed.atOffset(ZoneOffset.UTC).toString());
        p.put("timePrecision", "exact");
        p.put("locationAccuracyM", 50 + random.nextInt(450));
        p.put("category", category);
        p.put("count", count);
        p.put("description", text);
        p.putObject("source").put("type", "DIRECT_OBSERVATION").put("reliability", "B").put("credibility", 2);
        p.put("mechanism", mechanism);
        return feature;
    }

    /** A sample zone: its mechanism, its vertices and its extent. */
    private record Site(String mechanism, Coordinate[] vertices, double minLon, double minLat, double maxLon,
                        double maxLat) {
    }

    private List<Site> sites(Path file) throws IOException {
        GeoJsonReader geoJson = new GeoJsonReader();
        List<Site> out = new ArrayList<>();
        for (var f : json.readTree(Files.readString(file)).path("features")) {
            String mechanism = f.path("properties").path("mechanism").asText("");
            if (mechanism.isEmpty()) {
                continue;
            }
            try {
                Geometry g = geoJson.read(json.writeValueAsString(f.path("geometry")));
                var e = g.getEnvelopeInternal();
                out.add(new Site(mechanism, g.getCoordinates(), e.getMinX(), e.getMinY(), e.getMaxX(), e.getMaxY()));
            } catch (ParseException ex) {
                throw new IOException(file + ": " + ex.getMessage(), ex);
            }
        }
        return out;
    }
}
