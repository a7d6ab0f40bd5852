package org.trucewatch.zones.files;

import org.trucewatch.zones.model.ZoneType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.trucewatch.problem.FieldError;

/**
 * Checks one feature's properties against its zone type and hands the geometry to
 * {@link ZoneGeometryCheck}. Every fault is recorded with its pointer
 * ({@code /features/3/properties/nearLineM}) so one answer names them all.
 */
public final class ZoneFeatureCheck {
    static final Pattern CODE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,99}");
    public static final String DERIVED_SUFFIX = ".security";
    private static final Pattern LANGUAGE = Pattern.compile("[a-z]{2,3}(-[A-Za-z0-9]{2,8})*");
    private static final java.util.regex.Pattern LEVEL = java.util.regex.Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");
    /** Members that describe the zone itself rather than being kept in its properties. */
    private static final Set<String> RESERVED = Set.of("code", "type", "name", "mechanism", "validFrom", "validTo",
            "version", "derivedFrom", "recordedAt");

    private final ObjectMapper mapper;
    private final List<FieldError> errors;
    private final RawZoneFeature feature;
    private final String pointer;

    private ZoneFeatureCheck(ObjectMapper mapper, RawZoneFeature feature, List<FieldError> errors) {
        this.mapper = mapper;
        this.feature = feature;
        this.errors = errors;
        this.pointer = "/features/" + feature.index();
    }

    /** The draft, or null after adding at least one error. */
    public static ZoneDraft check(RawZoneFeature feature, ZoneFile file, String mechanism, boolean repair, ObjectMapper mapper,
                           List<FieldError> errors) {
        return new ZoneFeatureCheck(mapper, feature, errors).check(file, mechanism, repair);
    }

    private ZoneDraft check(ZoneFile file, String forMechanism, boolean repair) {
        int before = errors.size();
        ObjectNode p = feature.properties();
        String code = text("code", true);
        if (code != null && !CODE.matcher(code).matches()) {
            fail("code", "'" + code + "' is not a zone code: letters, digits and . _ : - (at most 100), starting with a"
                    + " letter or digit");
        } else if (code != null && code.endsWith(DERIVED_SUFFIX)) {
            fail("code", "codes ending in " + DERIVED_SUFFIX + " are kept for derived security zones");
        }
        String typeCode = text("type", true);
        ZoneType type = typeCode == null ? null : ZoneType.of(typeCode).orElse(null);
        if (typeCode != null && (type == null || type.derived())) {
            fail("type", "'" + typeCode + "' is not a zone type one can import; use one of " + ZoneType.importable()
                    + (type != null ? " (security zones are derived from a cantonment area's securityZoneM)" : ""));
            type = null;
        }
        String mechanism = text("mechanism", false);
        if (mechanism == null) {
            mechanism = forMechanism;
            if (mechanism == null) {
                fail("mechanism", "no mechanism: give it on the feature or for the whole import");
            }
        } else if (forMechanism != null && !mechanism.equals(forMechanism)) {
            fail("mechanism", "the feature belongs to '" + mechanism + "' but this import is for '"
                    + forMechanism + "'");
        }
        ObjectNode name = name(p);
        Instant validFrom = instant("validFrom");
        Instant validTo = instant("validTo");
        if (validFrom != null && validTo != null && !validTo.isAfter(validFrom)) {
            fail("validTo", "must be later than validFrom");
        }
        if (type != null) {
            typeProperties(type);
        }
        unstorable(p, pointer + "/properties");
        ZoneGeometryCheck.Checked geometry = null;
        try {
            geometry = type == null ? null
                    : ZoneGeometryCheck.check(feature, file.crs(), type, repair, pointer + "/geometry", errors);
        } catch (RuntimeException e) {
            // a JTS or SIS failure on a pathological shape is the file's fault: say so, never a 500
            errors.add(FieldError.at(pointer + "/geometry", "the geometry cannot be processed: " + e.getMessage()));
        }
        if (errors.size() > before || geometry == null) {
            return null;
        }
        ObjectNode properties = mapper.createObjectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = p.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!RESERVED.contains(e.getKey()) && !e.getKey().startsWith("name_") && !e.getValue().isNull()) {
                properties.set(e.getKey(), e.getValue());
            }
        }
        return new ZoneDraft(feature.index(), code, type, mechanism, name, properties, geometry.geometry(), validFrom,
                validTo, geometry.repaired(), geometry.transformations());
    }

    private void typeProperties(ZoneType type) {
        switch (type) {
            case CANTONMENT_AREA -> {
                text("party", true);
                metres("securityZoneM", false, 50_000);
            }
            case CEASEFIRE_LINE -> {
                metres("nearLineM", true, 100_000);
                JsonNode sides = feature.properties().get("sides");
                if (sides != null && !sides.isNull() && (!sides.isObject() || !sides.path("left").isTextual()
                        || !sides.path("right").isTextual())) {
                    fail("sides", "must be an object naming both sides, e.g. {\"left\": \"LB\", \"right\": \"IL\"},"
                            + " relative to the line's digitising direction");
                }
            }
            case AREA_OF_RESPONSIBILITY -> {
                text("team", true);
                String level = text("level", true);
                // Levels are the mechanism protocol's (local/regional/national, or e.g. "tripartite");
                // which team owns an area is decided there, so here only the form is checked.
                if (level != null && !LEVEL.matcher(level).matches()) {
                    fail("level", "'" + level + "' is not a level code (lower-case letters, digits, '-')");
                }
            }
            case AREA_OF_LIMITATION -> {
                JsonNode limits = feature.properties().get("limits");
                if (limits != null && !limits.isNull() && !limits.isObject()) {
                    fail("limits", "must be an object, e.g. {\"maxPersonnel\": 5000, \"weapons\": [\"small-arms\"]}");
                }
            }
            default -> {
            }
        }
    }

    /** {@code name} as an object of language tag → label, a plain string (English), and/or {@code name_xx} members. */
    private ObjectNode name(ObjectNode p) {
        ObjectNode name = mapper.createObjectNode();
        JsonNode given = p.get("name");
        if (given != null && given.isTextual()) {
            name.put("en", given.asText());
        } else if (given != null && given.isObject()) {
            given.fields().forEachRemaining(e -> name.set(e.getKey(), e.getValue()));
        } else if (given != null && !given.isNull()) {
            fail("name", "must be an object of language tag to label, e.g. {\"en\": \"Sector West\", \"fr\": \"Secteur"
                    + " Ouest\"}");
            return null;
        }
        p.fields().forEachRemaining(e -> {
            if (e.getKey().startsWith("name_") && e.getValue().isTextual()) {
                name.set(e.getKey().substring(5), e.getValue());
            }
        });
        for (Iterator<Map.Entry<String, JsonNode>> it = name.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!LANGUAGE.matcher(e.getKey()).matches()) {
                fail("name", "'" + e.getKey() + "' is not a language tag (e.g. en, fr, ar, es)");
            } else if (!e.getValue().isTextual() || e.getValue().asText().isBlank()) {
                fail("name", "the " + e.getKey() + " label must be a non-empty string");
            }
        }
        if (name.isEmpty()) {
            fail("name", "a zone needs a name in at least one language");
        }
        return name;
    }

    private String text(String member, boolean required) {
        JsonNode value = feature.properties().get(member);
        if (value == null || value.isNull()) {
            if (required) {
                fail(member, "is required");
            }
            return null;
        }
        if (!value.isTextual() || value.asText().isBlank()) {
            fail(member, "must be a non-empty string");
            return null;
        }
        return value.asText().strip();
    }

    private void metres(String member, boolean required, double max) {
        JsonNode value = feature.properties().get(member);
        if (value == null || value.isNull()) {
            if (required) {
                fail(member, "is required (metres on the ground)");
            }
            return;
        }
        if (!value.isNumber() || !(value.doubleValue() > 0) || value.doubleValue() > max) {
            fail(member, "must be a number of metres above 0 and at most " + (long) max);
        }
    }

    private Instant instant(String member) {
        JsonNode value = feature.properties().get(member);
        if (value == null || value.isNull()) {
            return null;
        }
        try {
            // PostgreSQL keeps microseconds: compare and store what it will keep.
            return OffsetDateTime.parse(value.asText()).toInstant().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
        } catch (DateTimeParseException e) {
            fail(member, "'" + value.asText() + "' is not an RFC 3339 date-time with offset (e.g. 2006-08-14T05:00:00Z)");
            return null;
        }
    }

    /** PostgreSQL's jsonb cannot hold U+0000, and a lone surrogate cannot be UTF-8: refuse both. */
    private void unstorable(JsonNode node, String at) {
        if (node.isTextual()) {
            String text = node.asText();
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                boolean pair = Character.isHighSurrogate(c) && i + 1 < text.length()
                        && Character.isLowSurrogate(text.charAt(i + 1));
                if (c == 0 || (Character.isSurrogate(c) && !pair)) {
                    errors.add(FieldError.at(at, "contains a NUL character or an unpaired surrogate"));
                    return;
                }
                if (pair) {
                    i++;
                }
            }
        } else if (node.isContainerNode()) {
            node.fields().forEachRemaining(e -> {
                String child = org.trucewatch.problem.JsonPointer.child(at, e.getKey());
                if (e.getKey().indexOf(0) >= 0) {
                    errors.add(FieldError.at(at, "a member name contains a NUL character"));
                } else {
                    unstorable(e.getValue(), child);
                }
            });
            for (int i = 0; node.isArray() && i < node.size(); i++) {
                unstorable(node.get(i), at + "/" + i);
            }
        }
    }

    private void fail(String member, String detail) {
        errors.add(FieldError.at(pointer + "/properties/" + member, detail));
    }
}
