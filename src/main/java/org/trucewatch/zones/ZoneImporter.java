package org.trucewatch.zones;

import org.trucewatch.zones.model.ZoneType;
import org.trucewatch.zones.model.ZoneVersion;
import org.trucewatch.zones.files.RawZoneFeature;
import org.trucewatch.zones.files.ZoneDraft;
import org.trucewatch.zones.files.ZoneFeatureCheck;
import org.trucewatch.zones.files.ZoneFile;
import org.trucewatch.zones.files.ZoneFileGeoJson;
import org.trucewatch.zones.files.ZoneFileGeoPackage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.impl.TimeBasedEpochGenerator;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Lineal;
import org.trucewatch.problem.FieldError;
import org.trucewatch.problem.ProblemException;
import org.trucewatch.problem.ProblemType;
import org.trucewatch.zones.ImportZonesReport.FeatureOutcome;
import org.trucewatch.zones.ImportZonesReport.Outcome;

/**
 * Imports a zone file in two passes inside the caller's transaction: first read, check and
 * plan every feature (locking existing zones by code) and throw if anything is wrong, so a
 * broken file stores nothing; then write the plan.
 */
@Singleton
class ZoneImporter {
    /** 1e-7° is about a centimetre: the precision GeoJSON exports are written with. */
    static final double SAME_GEOMETRY_DEGREES = 1e-7;

    private final ZoneRepository repository;
    private final ObjectMapper mapper;
    private final Clock clock;
    private final TimeBasedEpochGenerator ids = Generators.timeBasedEpochGenerator();

    private final double accuracyLimitM;

    ZoneImporter(ZoneRepository repository, ObjectMapper mapper, Clock clock,
                 @Value("${trucewatch.zones.transformation-accuracy-limit-m:5}") double accuracyLimitM) {
        this.repository = repository;
        this.mapper = mapper;
        this.clock = clock;
        this.accuracyLimitM = accuracyLimitM;
    }

    private record Plan(ZoneDraft draft, ZoneRepository.ZoneRow existing, ZoneVersion latest, Outcome outcome,
                        Instant from, String derivedFrom) {
    }

    ImportZonesReport run(ImportZonesCommand command) {
        if (command.content() == null || command.content().length == 0) {
            throw new ProblemException(ProblemType.INVALID_ZONE_FILE, "The zone file is empty");
        }
        List<FieldError> errors = new ArrayList<>();
        String named = blank(command.crs().crs()) ? null : command.crs().crs();
        ZoneFile file = ZoneFileGeoPackage.looksLikeOne(command.content())
                ? ZoneFileGeoPackage.read(command.content(), command.layer(), named, mapper, errors)
                : ZoneFileGeoJson.read(command.content(), named, mapper, errors);
        if (file != null && !blank(command.crs().transformation())) {
            try {
                file = file.withCrs(file.crs().using(command.crs().transformation()));
            } catch (IllegalArgumentException e) {
                errors.add(FieldError.parameter("transformation", e.getMessage()));
                file = null;
            }
        }
        Double accepted = command.crs().acceptAccuracyM();
        if (accepted != null && !(accepted >= 0 && accepted <= 100_000)) {
            errors.add(FieldError.parameter("acceptAccuracyM", "a number of metres from 0 to 100000"));
        }
        List<ZoneDraft> drafts = new ArrayList<>();
        List<FeatureOutcome> skipped = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (RawZoneFeature raw : file == null ? List.<RawZoneFeature>of() : file.features()) {
            if (isDerived(raw.properties())) {
                skipped.add(new FeatureOutcome(raw.index(), raw.properties().path("code").asText(),
                        ZoneType.SECURITY_ZONE, Outcome.SKIPPED, 0, "derived zones are recomputed from their area"));
                continue;
            }
            ZoneDraft draft = ZoneFeatureCheck.check(raw, file, command.mechanism(), command.repair(), mapper, errors);
            if (draft != null && seen.putIfAbsent(draft.code(), draft.index()) != null) {
                errors.add(FieldError.at("/features/" + draft.index() + "/properties/code", "code '" + draft.code()
                        + "' is already used by feature " + seen.get(draft.code())));
            } else if (draft != null) {
                drafts.add(draft);
            }
        }
        failIfAny(errors, file);
        double limit = TransformationPolicy.limit(accuracyLimitM, drafts, repository.smallestDistanceM(
                drafts.stream().map(ZoneDraft::mechanism).distinct().toList()));
        List<FieldError> inaccurate = new ArrayList<>();
        ImportZonesReport.CrsReport crsReport = TransformationPolicy.judge(file.crs(),
                command.layer(), drafts, command.crs(), limit, inaccurate);
        if (!inaccurate.isEmpty()) {
            throw new ProblemException(ProblemType.INACCURATE_TRANSFORMATION, "The file is in " + file.crs().crsLabel()
                    + "; bringing it to WGS 84 is accurate only to " + TransformationPolicy.metres(crsReport.accuracyM())
                    + (crsReport.operations().stream().anyMatch(o -> o.outsideAreaOfUse() || o.datumShiftOmitted())
                    ? " or worse" : "") + ", and zones are held to " + TransformationPolicy.metres(limit)
                    + "; nothing was imported", inaccurate);
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        Instant defaultFrom = command.validFrom() != null ? command.validFrom().truncatedTo(ChronoUnit.MICROS) : now;
        List<Plan> plans = new ArrayList<>();
        for (ZoneDraft draft : drafts) {
            Plan plan = plan(draft, defaultFrom, null, errors);
            if (plan == null) {
                continue;
            }
            plans.add(plan);
            if (draft.type() == ZoneType.CANTONMENT_AREA) {
                Plan derived = planSecurityZone(draft, plan, errors);
                if (derived != null) {
                    plans.add(derived);
                }
            }
        }
        failIfAny(errors, file);
        List<FeatureOutcome> outcomes = new ArrayList<>(skipped);
        Map<String, java.util.UUID> idsByCode = new HashMap<>();
        for (Plan plan : plans) {
            outcomes.add(write(plan, now, command.importedBy(), idsByCode, crsReport));
        }
        // file order, each derived zone right after its area (the sort is stable)
        Map<String, Integer> areaIndex = new HashMap<>();
        plans.forEach(p -> areaIndex.putIfAbsent(p.draft().code(), p.draft().index()));
        outcomes.sort(java.util.Comparator.comparingInt(o -> o.index() >= 0 ? o.index()
                : areaIndex.getOrDefault(o.code().substring(0, o.code().length() - ZoneFeatureCheck.DERIVED_SUFFIX.length()), 0)));
        return new ImportZonesReport(file.crs().crsName(), file.features().size(), count(outcomes, Outcome.CREATED),
                count(outcomes, Outcome.NEW_VERSION), count(outcomes, Outcome.UNCHANGED), outcomes, crsReport);
    }

    private Plan plan(ZoneDraft draft, Instant defaultFrom, String derivedFrom, List<FieldError> errors) {
        String at = "/features/" + draft.index() + "/properties/";
        var existing = repository.lock(draft.code()).orElse(null);
        if (existing == null) {
            Instant from = draft.validFrom() != null ? draft.validFrom() : defaultFrom;
            return new Plan(draft, null, null, Outcome.CREATED, from, derivedFrom);
        }
        if (existing.type() != draft.type()) {
            errors.add(FieldError.at(at + "type", "zone " + draft.code() + " is a " + existing.type().code()
                    + "; a zone's type cannot change (give the new zone a new code)"));
            return null;
        }
        if (!existing.mechanism().equals(draft.mechanism())) {
            errors.add(FieldError.at(at + "mechanism", "zone " + draft.code() + " belongs to mechanism "
                    + existing.mechanism()));
            return null;
        }
        ZoneVersion latest = repository.latest(existing.id()).orElseThrow();
        if (sameContent(latest, draft)) {
            return new Plan(draft, existing, latest, Outcome.UNCHANGED, latest.validFrom(), derivedFrom);
        }
        // An edited export still carries the current version's start: the edit starts now.
        Instant from = draft.validFrom() != null && !draft.validFrom().equals(latest.validFrom())
                ? draft.validFrom() : defaultFrom;
        if (!from.isAfter(latest.validFrom())) {
            errors.add(FieldError.at(at + "validFrom", "the new version of " + draft.code() + " would start at " + from
                    + ", not after version " + latest.version() + " (from " + latest.validFrom() + ")"));
            return null;
        }
        return new Plan(draft, existing, latest, Outcome.NEW_VERSION, from, derivedFrom);
    }

    private Plan planSecurityZone(ZoneDraft area, Plan areaPlan, List<FieldError> errors) {
        Instant from = areaPlan.from();
        String code = area.code() + ZoneFeatureCheck.DERIVED_SUFFIX;
        JsonNode metres = area.properties().get("securityZoneM");
        if (metres == null || !metres.isNumber()) {
            var existing = repository.lock(code).orElse(null);
            ZoneVersion latest = existing == null ? null : repository.latest(existing.id()).orElseThrow();
            return latest == null || latest.validTo() != null ? null
                    : new Plan(area, existing, latest, Outcome.CLOSED, from, area.code());
        }
        Geometry ring;
        try {
            // An unchanged area is derived from its stored geometry, so the result is the same to the bit.
            Geometry source = areaPlan.outcome() == Outcome.UNCHANGED ? areaPlan.latest().geometry() : area.geometry();
            ring = SecurityZones.derive(source, metres.doubleValue());
        } catch (RuntimeException e) {
            // IllegalArgumentException (antimeridian) or a JTS topology failure: the area's fault, not a 500
            errors.add(FieldError.at("/features/" + area.index() + "/geometry", "no security zone can be derived: "
                    + e.getMessage()));
            return null;
        }
        ObjectNode properties = mapper.createObjectNode();
        properties.set("securityZoneM", metres);
        properties.set("party", area.properties().get("party"));
        properties.put("derivedFrom", area.code());
        ZoneDraft draft = new ZoneDraft(area.index(), code, ZoneType.SECURITY_ZONE, area.mechanism(),
                SecurityZoneNames.of(area.name()), properties, ring, from, area.validTo(), null, area.transformations());
        return plan(draft, from, area.code(), errors);
    }

    private FeatureOutcome write(Plan plan, Instant now, String by, Map<String, java.util.UUID> idsByCode,
                                 ImportZonesReport.CrsReport crs) {
        String placed = placement(plan.draft(), crs, by);
        ZoneDraft d = plan.draft();
        int index = plan.derivedFrom() != null ? -1 : d.index();
        String code = plan.derivedFrom() != null && plan.outcome() == Outcome.CLOSED
                ? d.code() + ZoneFeatureCheck.DERIVED_SUFFIX : d.code();
        switch (plan.outcome()) {
            case CREATED -> {
                java.util.UUID id = ids.generate();
                java.util.UUID parent = plan.derivedFrom() == null ? null : idsByCode.get(plan.derivedFrom());
                if (!repository.insertZone(id, d.code(), d.type(), d.mechanism(), parent, now)) {
                    throw new ProblemException(ProblemType.ZONE_IMPORT_CONFLICT, "Zone " + d.code()
                            + " was created by another import while this one ran; nothing was imported");
                }
                repository.insertVersion(id, 1, d, plan.from(), now, by, placed);
                idsByCode.put(d.code(), id);
                return new FeatureOutcome(index, d.code(), d.type(), Outcome.CREATED, 1, d.repaired());
            }
            case NEW_VERSION -> {
                ZoneVersion latest = plan.latest();
                if (latest.validTo() == null || latest.validTo().isAfter(plan.from())) {
                    repository.close(latest.zoneId(), latest.version(), plan.from());
                }
                repository.insertVersion(latest.zoneId(), latest.version() + 1, d, plan.from(), now, by, placed);
                idsByCode.put(d.code(), latest.zoneId());
                return new FeatureOutcome(index, d.code(), d.type(), Outcome.NEW_VERSION, latest.version() + 1,
                        d.repaired());
            }
            case CLOSED -> {
                repository.close(plan.latest().zoneId(), plan.latest().version(), plan.from());
                return new FeatureOutcome(-1, code, ZoneType.SECURITY_ZONE, Outcome.CLOSED, plan.latest().version(),
                        "the area no longer has a securityZoneM");
            }
            default -> {
                idsByCode.put(d.code(), plan.latest().zoneId());
                return new FeatureOutcome(index, d.code(), d.type(), Outcome.UNCHANGED, plan.latest().version(),
                        d.repaired());
            }
        }
    }

    /** What is kept with a zone version about how it reached WGS 84 (JSON). */
    private String placement(ZoneDraft draft, ImportZonesReport.CrsReport crs, String by) {
        ObjectNode json = mapper.createObjectNode();
        json.put("sourceCrs", crs.sourceCrs());
        var operations = json.putArray("operations");
        double worst = 0;
        for (org.trucewatch.geo.Transformation t : draft.transformations()) {
            ObjectNode o = operations.addObject().put("name", t.name()).put("code", t.code())
                    .put("accuracyM", t.accuracyM());
            if (t.datumShiftOmitted()) {
                o.put("datumShiftOmitted", true);
            }
            if (t.outsideAreaOfUse()) {
                o.put("outsideAreaOfUse", true).put("areaOfUse", t.areaOfUse());
            }
            worst = Math.max(worst, t.accuracyM());
        }
        json.put("accuracyM", worst).put("limitM", crs.limitM()).put("basis", crs.basis());
        if (crs.acceptedAccuracyM() != null) {
            json.put("acceptedAccuracyM", crs.acceptedAccuracyM());
        }
        if (crs.basis().equals("named") || crs.basis().equals("accepted")) {
            json.put("decidedBy", by);
        }
        return json.toString();
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    static boolean sameContent(ZoneVersion stored, ZoneDraft draft) {
        return stored.name().equals(NUMERIC, draft.name()) && stored.properties().equals(NUMERIC, draft.properties())
                && Objects.equals(stored.validTo(), draft.validTo()) && sameGeometry(stored.geometry(), draft.geometry());
    }

    /** Same shape to about a centimetre; a line's direction counts (it says which side is left). */
    static boolean sameGeometry(Geometry a, Geometry b) {
        if (!a.getGeometryType().equals(b.getGeometryType())) {
            return false;
        }
        return a instanceof Lineal ? a.equalsExact(b, SAME_GEOMETRY_DEGREES)
                : a.norm().equalsExact(b.norm(), SAME_GEOMETRY_DEGREES);
    }

    /** 1000 and 1000.0 are the same number of metres. */
    private static final java.util.Comparator<JsonNode> NUMERIC = (x, y) -> {
        if (x.equals(y)) {
            return 0;
        }
        return x.isNumber() && y.isNumber() && x.decimalValue().compareTo(y.decimalValue()) == 0 ? 0 : 1;
    };

    private static boolean isDerived(ObjectNode properties) {
        return ZoneType.SECURITY_ZONE.code().equals(properties.path("type").asText())
                && properties.path("derivedFrom").isTextual();
    }

    private static int count(List<FeatureOutcome> outcomes, Outcome outcome) {
        return (int) outcomes.stream().filter(o -> o.outcome() == outcome).count();
    }

    private static void failIfAny(List<FieldError> errors, ZoneFile file) {
        if (!errors.isEmpty()) {
            String of = file == null ? "" : " in " + file.features().size() + " features";
            throw new ProblemException(ProblemType.INVALID_ZONE_FILE, errors.size() + " problem"
                    + (errors.size() == 1 ? "" : "s") + of + "; nothing was imported", errors);
        }
    }
}
