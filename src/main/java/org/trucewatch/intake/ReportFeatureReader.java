package org.trucewatch.intake;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Point;
import org.trucewatch.geo.GeoJsonGeometryReader;
import org.trucewatch.problem.FieldError;
import org.trucewatch.problem.ProblemException;
import org.trucewatch.problem.ProblemType;
import org.trucewatch.taxonomy.Taxonomy;

/**
 * Turns a report as sent, an RFC 7946 Feature, into a {@link SubmitReportCommand}, or
 * refuses it with every fault found, each named by its JSON pointer. Nothing is stored
 * before this has passed.
 */
@Singleton
public class ReportFeatureReader {
    static final int MAX_DESCRIPTION = 10_000;
    static final int MAX_PARTIES = 10;
    private static final OffsetDateTime EARLIEST = OffsetDateTime.parse("1900-01-01T00:00:00Z");
    private static final Pattern PARTY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,31}");
    private static final Pattern MECHANISM = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");
    private static final Set<String> FEATURE_MEMBERS = Set.of("type", "geometry", "properties", "bbox");
    private static final Set<String> PROPERTIES = Set.of("clientReportId", "observedAt", "observedUntil",
            "timePrecision", "locationAccuracyM", "observerLocation", "bearingDeg", "estimatedDistanceM",
            "category", "description", "allegedParties", "casualties", "count", "source", "mechanism");
    private static final Set<String> CASUALTIES = Set.of("civiliansKilled", "civiliansInjured",
            "combatantsKilled", "combatantsInjured", "womenKilled", "menKilled", "girlsKilled", "boysKilled",
            "womenInjured", "menInjured", "girlsInjured", "boysInjured");
    private static final Set<String> SOURCE = Set.of("type", "reliability", "credibility", "identity", "notes");

    private final ObjectReader json;
    private final Taxonomy taxonomy;
    private final Clock clock;
    private final Duration clockSkew;

    ReportFeatureReader(ObjectMapper mapper, Taxonomy taxonomy, Clock clock,
                        @Value("${trucewatch.intake.clock-skew:5m}") Duration clockSkew) {
        this.json = mapper.reader()
                .with(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        this.taxonomy = taxonomy;
        this.clock = clock;
        this.clockSkew = clockSkew;
    }

    public SubmitReportCommand read(String body) {
        JsonNode document = parse(body);
        List<FieldError> errors = new ArrayList<>();
        if (!document.isObject()) {
            throw invalid(List.of(FieldError.at("", "must be a GeoJSON Feature object")));
        }
        JsonObjectReader feature = new JsonObjectReader(document, "", errors);
        if (!"Feature".equals(document.path("type").asText(null))) {
            feature.fail("type", "must be \"Feature\"");
        }
        if (document.has("id")) {
            feature.fail("id", "is assigned by the server; send the device's id as properties.clientReportId");
        } else {
            feature.rejectUnknown(FEATURE_MEMBERS);
        }
        Geometry geometry = GeoJsonGeometryReader.read(document.get("geometry"), "/geometry", errors);
        JsonObjectReader properties = feature.object("properties");
        if (properties == null) {
            if (feature.member("properties") == null) {
                feature.fail("properties", "is required");
            }
            throw invalid(errors);
        }
        SubmitReportCommand command = properties(properties, geometry, errors);
        if (!errors.isEmpty()) {
            throw invalid(errors);
        }
        return command;
    }

    private JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            throw new ProblemException(ProblemType.MALFORMED_JSON, "The request body is empty",
                    List.of(FieldError.at("", "a GeoJSON Feature is required")));
        }
        try {
            return json.readTree(body);
        } catch (JacksonException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            throw new ProblemException(ProblemType.MALFORMED_JSON, e.getOriginalMessage() + where,
                    List.of(FieldError.at("", "not well-formed JSON" + where)));
        }
    }

    private SubmitReportCommand properties(JsonObjectReader p, Geometry geometry, List<FieldError> errors) {
        p.rejectUnknown(PROPERTIES);
        p.require("clientReportId");
        p.require("observedAt");
        p.require("category");
        UUID clientReportId = uuid(p, "clientReportId");
        OffsetDateTime observedAt = time(p, "observedAt");
        OffsetDateTime observedUntil = time(p, "observedUntil");
        if (observedAt != null && observedUntil != null && observedUntil.isBefore(observedAt)) {
            p.fail("observedUntil", "is before observedAt");
        }
        String timePrecision = p.code("timePrecision", taxonomy.timePrecisions());
        Point observer = null;
        if (p.member("observerLocation") != null) {
            observer = GeoJsonGeometryReader.readPosition(p.member("observerLocation"), p.pointer("observerLocation"), errors);
        }
        return new SubmitReportCommand(clientReportId, geometry, observedAt, observedUntil,
                timePrecision == null ? "exact" : timePrecision,
                p.number("locationAccuracyM", 0, 100_001, " metres (at most 100 km)"),
                observer,
                p.number("bearingDeg", 0, 360, " degrees from true north"),
                p.number("estimatedDistanceM", 0, 100_001, " metres (at most 100 km)"),
                p.code("category", taxonomy.categoryCodes()),
                p.text("description", MAX_DESCRIPTION),
                parties(p),
                casualties(p.object("casualties")),
                p.integer("count", 1, 100_000),
                source(p.object("source")),
                mechanism(p));
    }

    private UUID uuid(JsonObjectReader p, String name) {
        String text = p.token(name, 36);
        if (text == null) {
            return null;
        }
        try {
            UUID id = UUID.fromString(text);
            if (!id.toString().equalsIgnoreCase(text)) {
                throw new IllegalArgumentException();
            }
            return id;
        } catch (IllegalArgumentException e) {
            p.fail(name, "must be a UUID such as 0b6f1c2e-7d1a-4c1e-9a4e-2f3b5c6d7e8f");
            return null;
        }
    }

    private OffsetDateTime time(JsonObjectReader p, String name) {
        String text = p.token(name, 64);
        if (text == null) {
            return null;
        }
        OffsetDateTime value;
        try {
            value = OffsetDateTime.parse(text);
        } catch (DateTimeParseException e) {
            p.fail(name, "must be an RFC 3339 date-time with offset, e.g. 2026-03-01T06:30:00+02:00");
            return null;
        }
        if (value.isBefore(EARLIEST)) {
            p.fail(name, "is before 1900");
            return null;
        }
        if (value.toInstant().isAfter(clock.instant().plus(clockSkew))) {
            p.fail(name, "is in the future (server time " + clock.instant() + ", tolerance " + clockSkew + ")");
            return null;
        }
        return value;
    }

    private List<String> parties(JsonObjectReader p) {
        JsonNode array = p.member("allegedParties");
        if (array == null) {
            return List.of();
        }
        if (!array.isArray() || array.size() > MAX_PARTIES) {
            p.fail("allegedParties", "must be an array of at most " + MAX_PARTIES + " party codes");
            return List.of();
        }
        Set<String> parties = new LinkedHashSet<>();
        for (int i = 0; i < array.size(); i++) {
            JsonNode code = array.get(i);
            if (!code.isTextual() || !PARTY.matcher(code.asText()).matches()) {
                p.fail("allegedParties", i, "must be a party code (letters, digits, '_', '.', '-'; at most 32)");
            } else if (!parties.add(code.asText())) {
                p.fail("allegedParties", i, "repeats '" + code.asText() + "'");
            }
        }
        return List.copyOf(parties);
    }

    private static Casualties casualties(JsonObjectReader c) {
        if (c == null) {
            return Casualties.NOT_REPORTED;
        }
        c.rejectUnknown(CASUALTIES);
        Casualties k = new Casualties(c.integer("civiliansKilled", 0, 100_000), c.integer("civiliansInjured", 0, 100_000),
                c.integer("combatantsKilled", 0, 100_000), c.integer("combatantsInjured", 0, 100_000),
                sexAge(c, "Killed"), sexAge(c, "Injured"));
        checkBreakdown(c, "Killed", k.killed(), k.civiliansKilled(), k.combatantsKilled());
        checkBreakdown(c, "Injured", k.injured(), k.civiliansInjured(), k.combatantsInjured());
        return k;
    }

    /** Women, men, girls and boys killed (or injured), each optional. */
    private static Casualties.SexAge sexAge(JsonObjectReader c, String what) {
        return new Casualties.SexAge(c.integer("women" + what, 0, 100_000), c.integer("men" + what, 0, 100_000),
                c.integer("girls" + what, 0, 100_000), c.integer("boys" + what, 0, 100_000));
    }

    /** The groups by sex and age are some of the people killed (injured): never more than the totals given. */
    private static void checkBreakdown(JsonObjectReader c, String what, Casualties.SexAge groups, Integer civilians,
                                       Integer combatants) {
        if (!groups.isRecorded() || civilians == null && combatants == null) {
            return;
        }
        int total = (civilians == null ? 0 : civilians) + (combatants == null ? 0 : combatants);
        if (groups.sum() > total) {
            String first = groups.women() != null ? "women" : groups.men() != null ? "men" : groups.girls() != null ? "girls" : "boys";
            c.fail(first + what, "women, men, girls and boys " + what.toLowerCase(java.util.Locale.ROOT) + " (" + groups.sum()
                    + ") exceed civilians and combatants " + what.toLowerCase(java.util.Locale.ROOT) + " (" + total + ")");
        }
    }

    private ReportSource source(JsonObjectReader s) {
        if (s == null) {
            return new ReportSource(ReportSource.DEFAULT_TYPE, null, null, null, null);
        }
        s.rejectUnknown(SOURCE);
        s.require("type");
        Integer credibility = s.integer("credibility", 1, 6);
        return new ReportSource(s.code("type", taxonomy.sourceTypes()), s.code("reliability", taxonomy.reliabilities()),
                credibility, s.text("identity", 500), s.text("notes", 4_000));
    }

    private static String mechanism(JsonObjectReader p) {
        String code = p.token("mechanism", 64);
        if (code != null && !MECHANISM.matcher(code).matches()) {
            p.fail("mechanism", "must be a mechanism code (lower-case letters, digits and '-')");
            return null;
        }
        return code;
    }

    private static ProblemException invalid(List<FieldError> errors) {
        String detail = errors.size() == 1
                ? errors.get(0).pointer() + ": " + errors.get(0).detail()
                : errors.size() + " problems, the first " + errors.get(0).pointer() + ": " + errors.get(0).detail();
        return new ProblemException(ProblemType.INVALID_REPORT, detail, errors);
    }
}
