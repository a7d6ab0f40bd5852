package org.trucewatch.gis;

import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.locationtech.jts.io.WKBReader;
import org.trucewatch.access.Principal;
import org.trucewatch.access.Role;
import org.trucewatch.geo.Wgs84;
import org.trucewatch.problem.ProblemException;
import org.trucewatch.zones.ZoneType;

/**
 * Zones as one layer, every type together (filter with {@code type}): one feature per zone
 * version valid now, or valid at / during the {@code datetime} asked for. Feature ids are
 * {@code code@version}. Zones are a mechanism's business: its members (any role) see them,
 * admins see all (as {@code /api/v1/zones}). Only the name in English and the type-specific
 * properties listed in {@link #FIELDS} are published; nothing else of the properties, nor
 * who recorded a version.
 */
@Singleton
public class ZoneLayer implements Layer {
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

    private final ZoneLayerRepository repository;
    private final Clock clock;

    ZoneLayer(ZoneLayerRepository repository, Clock clock) {
        this.repository = repository;
        this.clock = clock;
    }

    @Override
    public String id() {
        return "zones";
    }

    @Override
    public String title() {
        return "Zones";
    }

    @Override
    public String description() {
        return "Buffer zones, areas of separation and limitation, cantonment areas, security zones, ceasefire lines "
                + "and areas of responsibility of your mechanisms: the versions valid now, or at the datetime asked for.";
    }

    @Override
    public List<LayerField> fields(Principal principal) {
        return FIELDS;
    }

    @Override
    public List<String> propertyFilters() {
        return ZoneLayerRepository.filterNames();
    }

    @Override
    public List<String> allowedValues(String propertyFilter, Principal principal) {
        return "type".equals(propertyFilter) ? Arrays.stream(ZoneType.values()).map(ZoneType::code).toList() : List.of();
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
    @Transactional(readOnly = true)
    public LayerExtent extent(Principal principal) {
        return repository.extent(mechanisms(principal), clock.instant());
    }

    @Override
    @Transactional(readOnly = true)
    public long count(LayerQuery query, Principal principal) {
        return repository.count(query, mechanisms(principal), clock.instant());
    }

    @Override
    @Transactional(readOnly = true)
    public void read(LayerQuery query, Principal principal, FeatureSink sink) {
        String key = query.cursor() == null ? null : key(query.cursor().key());
        WKBReader wkb = new WKBReader(Wgs84.FACTORY);
        repository.read(query, mechanisms(principal), clock.instant(), key, (rs, bytes) -> {
            sink.acceptUnchecked(feature(rs, bytes, query.crs(), wkb));
        });
    }

    @Override
    @Transactional(readOnly = true)
    public Optional<LayerFeature> find(String featureId, Crs crs, Principal principal) {
        if (!KEY.matcher(featureId).matches()) {
            return Optional.empty();
        }
        int at = featureId.lastIndexOf('@');
        int version = Integer.parseInt(featureId.substring(at + 1));
        LayerFeature[] found = new LayerFeature[1];
        repository.find(featureId.substring(0, at), version, mechanisms(principal), crs,
                (rs, bytes) -> found[0] = feature(rs, bytes, crs, new WKBReader(Wgs84.FACTORY)));
        return Optional.ofNullable(found[0]);
    }

    /** A key this layer issued: {@code code@version}. */
    private static String key(String raw) {
        if (!KEY.matcher(raw).matches()) {
            throw ProblemException.invalidParameter("cursor", "is not a cursor this service issued");
        }
        return raw;
    }

    private static LayerFeature feature(ResultSet rs, byte[] bytes, Crs crs, WKBReader wkb) throws SQLException {
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
        return new LayerFeature(code + "@" + version, ReportLayerRows.geometry(bytes, crs, wkb), p);
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
