package org.trucewatch.gis;

import jakarta.inject.Singleton;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.locationtech.jts.geom.Geometry;
import org.trucewatch.access.Principal;
import org.trucewatch.access.Role;
import org.trucewatch.problem.ProblemException;
import org.trucewatch.zones.model.ZoneType;

/**
 * Zones as one layer, every type together (filter with {@code type}): one feature per zone
 * version valid now, or valid at / during the {@code datetime} asked for. Feature ids are
 * {@code code@version}. Zones are a mechanism's business: its members (any role) see them,
 * admins see all (as {@code /api/v1/zones}). Only the name in English and the type-specific
 * properties listed in {@link #FIELDS} are published; nothing else of the properties, nor
 * who recorded a version.
 */
@Singleton
public class ZoneLayer extends SqlLayer {
    static final List<LayerField> FIELDS = List.of(
            LayerField.text("code", "code", "Zone code"),
            LayerField.text("type", "type", "Zone type"),
            LayerField.text("mechanism", "mechanism", "Mechanism"),
            LayerField.integer("version", "version", "Version"),
            LayerField.longText("name", "name", "Name (English)"),
            LayerField.time("validFrom", "valid_from", "Valid from"),
            LayerField.time("validTo", "valid_to", "Valid until (exclusive; empty: until further notice)"),
            LayerField.text("party", "party", "Party (cantonment areas, security zones)"),
            LayerField.decimal("securityZoneM", "sec_zone_m", "Security zone width (m)"),
            LayerField.decimal("nearLineM", "near_line", "Near-line band (m, ceasefire lines)"),
            LayerField.text("team", "team", "Team (areas of responsibility)"),
            LayerField.text("level", "level", "Level (areas of responsibility)"));

    /** A feature id or cursor key this layer issues: a zone code (as the importer allows it), '@', a version. */
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,99}@[1-9][0-9]{0,8}");


    ZoneLayer(LayerRepository rows, Clock clock) {
        super(rows, clock, ZoneLayerSql.SQL, "zones", "Zones",
                "Buffer zones, areas of separation and limitation, cantonment areas, security zones, ceasefire lines "
                + "and areas of responsibility of your mechanisms: the versions valid now, or at the datetime asked for.");
    }

    @Override
    public List<LayerField> fields(Principal principal) {
        return FIELDS;
    }

    @Override
    public List<String> allowedValues(String propertyFilter, Principal principal) {
        return "type".equals(propertyFilter) ? Arrays.stream(ZoneType.values()).map(ZoneType::code).toList() : List.of();
    }

    @Override
    public Map<String, String> codes(String field, Principal principal) {
        if (!"type".equals(field)) {
            return Map.of();
        }
        Map<String, String> types = new LinkedHashMap<>();
        // The zone types have no label list of their own; the code spelt out is its English name.
        for (String code : allowedValues(field, principal)) {
            types.put(code, Character.toUpperCase(code.charAt(0)) + code.substring(1).replace('_', ' '));
        }
        return types;
    }

    /** Zones may be MultiLineString / MultiPolygon: the per-kind layers declare the Multi types. */
    @Override
    public boolean multiPart() {
        return true;
    }

    @Override
    public LayerTimeFields timeFields() {
        return new LayerTimeFields("validFrom", "validTo", true);
    }

    /** A zone is known by its name, not its type (which the colour shows). */
    @Override
    public String labelField() {
        return "name";
    }

    @Override
    public List<String> styleFields() {
        return List.of("type");
    }

    /** The mechanisms whose zones the caller sees; null for all (admins). */
    private static Collection<String> mechanisms(Principal principal) {
        return principal.isAdmin() ? null : principal.mechanismsAs(Role.values());
    }

    @Override
    LayerSource source(Principal principal, Instant now) {
        return ZoneLayerSql.source(mechanisms(principal), now);
    }

    /** A key this layer issued: {@code code@version}. */
    @Override
    Object cursorKey(String raw) {
        if (!KEY.matcher(raw).matches()) {
            throw ProblemException.invalidParameter("cursor", "is not a cursor this service issued");
        }
        return raw;
    }

    /** {@code code@version} as the code and the version. */
    @Override
    Optional<Object[]> featureKey(String featureId) {
        if (!KEY.matcher(featureId).matches()) {
            return Optional.empty();
        }
        int at = featureId.lastIndexOf('@');
        return Optional.of(new Object[] {featureId.substring(0, at), Integer.parseInt(featureId.substring(at + 1))});
    }

    @Override
    LayerFeature feature(ResultSet rs, Geometry geometry, Instant now) throws SQLException {
        String code = rs.getString("code");
        int version = rs.getInt("version");
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("code", code);
        p.put("type", rs.getString("type"));
        p.put("mechanism", rs.getString("mechanism_code"));
        p.put("version", (long) version);
        p.put("name", rs.getString("name_en"));
        p.put("validFrom", rs.getObject("valid_from", OffsetDateTime.class));
        p.put("validTo", rs.getObject("valid_to", OffsetDateTime.class));
        p.put("party", rs.getString("party"));
        p.put("securityZoneM", number(rs.getString("security_zone_m")));
        p.put("nearLineM", number(rs.getString("near_line_m")));
        p.put("team", rs.getString("team"));
        p.put("level", rs.getString("level"));
        p.values().removeIf(v -> v == null);
        return new LayerFeature(code + "@" + version, geometry, p);
    }

    /** A number from the properties; anything else (never stored by the importer) is left out. */
    private static Double number(String raw) {
        if (raw == null) {
            return null;
        }
        try {
            double d = Double.parseDouble(raw);
            return Double.isFinite(d) ? d : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
