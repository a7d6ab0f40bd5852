package org.trucewatch.zones;

import org.trucewatch.zones.model.ZoneType;
import org.trucewatch.zones.model.ZoneVersion;
import org.trucewatch.zones.files.ZoneDraft;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import jakarta.inject.Singleton;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.trucewatch.geo.Ewkb;

/**
 * All SQL on {@code zone} and {@code zone_version}. Geometries cross as EWKB, JSON as text
 * cast to jsonb; every value is a bind parameter.
 *
 * <p>Hand-written, not generated: geometries go in and out through PostGIS functions
 * ({@code ST_GeomFromEWKB}, {@code ST_AsEWKB}), a version is read joined to its zone and to the
 * zone it derives from, and an import locks the zone row ({@code FOR UPDATE}) so that
 * concurrent imports take turns.
 */
@Singleton
class ZoneRepository {
    private static final String COLUMNS = "z.id, z.code, z.type, z.mechanism_code, d.code AS derived_code, v.version, "
            + "v.name::text AS name, v.properties::text AS properties, ST_AsEWKB(v.geom) AS geom, v.valid_from, "
            + "v.valid_to, v.recorded_at, v.placement::text AS placement";
    private static final String FROM = " FROM zone_version v JOIN zone z ON z.id = v.zone_id"
            + " LEFT JOIN zone d ON d.id = z.derived_from";
    private static final String VALID_AT = " v.valid_from <= ? AND (v.valid_to IS NULL OR v.valid_to > ?)";

    private final JdbcOperations jdbc;
    private final ObjectMapper mapper;

    ZoneRepository(JdbcOperations jdbc, ObjectMapper mapper) {
        this.jdbc = jdbc;
        this.mapper = mapper;
    }

    /** A zone's identity row. */
    record ZoneRow(UUID id, String code, ZoneType type, String mechanism) {
    }

    /** The current zone revision: a trigger on {@code zone} and {@code zone_version} bumps it on every change. */
    static final String REVISION = "SELECT revision FROM zone_revision";

    long revision() {
        return jdbc.prepareStatement(REVISION, ps -> {
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    /** Every version of every zone, history included: what the engine indexes. */
    List<ZoneVersion> all() {
        return list("SELECT " + COLUMNS + FROM + " ORDER BY z.code, v.version");
    }

    List<ZoneVersion> validAt(Instant at, String mechanism, ZoneType type) {
        String sql = "SELECT " + COLUMNS + FROM + " WHERE" + VALID_AT
                + " AND (CAST(? AS text) IS NULL OR z.mechanism_code = ?) AND (CAST(? AS text) IS NULL OR z.type = ?)"
                + " ORDER BY z.code";
        String typeCode = type == null ? null : type.code();
        return list(sql, time(at), time(at), mechanism, mechanism, typeCode, typeCode);
    }

    List<ZoneVersion> history(String code) {
        return list("SELECT " + COLUMNS + FROM + " WHERE z.code = ? ORDER BY v.version", code);
    }

    Optional<ZoneVersion> versionAt(String code, Instant at) {
        return list("SELECT " + COLUMNS + FROM + " WHERE z.code = ? AND" + VALID_AT, code, time(at), time(at))
                .stream().findFirst();
    }

    Optional<ZoneVersion> latest(UUID zoneId) {
        return list("SELECT " + COLUMNS + FROM + " WHERE z.id = ? ORDER BY v.version DESC LIMIT 1", zoneId)
                .stream().findFirst();
    }

    /** The zone with this code, locked until the transaction ends so concurrent imports take turns. */
    Optional<ZoneRow> lock(String code) {
        return jdbc.prepareStatement("SELECT id, code, type, mechanism_code FROM zone WHERE code = ? FOR UPDATE", ps -> {
            ps.setString(1, code);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new ZoneRow(rs.getObject(1, UUID.class), rs.getString(2),
                        ZoneType.of(rs.getString(3)).orElseThrow(), rs.getString(4))) : Optional.empty();
            }
        });
    }

    /** Inserts the zone unless its code exists; false when another transaction got there first. */
    boolean insertZone(UUID id, String code, ZoneType type, String mechanism, UUID derivedFrom, Instant now) {
        return jdbc.prepareStatement("INSERT INTO zone (id, code, type, mechanism_code, derived_from, created_at)"
                + " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (code) DO NOTHING", ps -> {
                    ps.setObject(1, id);
                    ps.setString(2, code);
                    ps.setString(3, type.code());
                    ps.setString(4, mechanism);
                    ps.setObject(5, derivedFrom);
                    ps.setObject(6, time(now));
                    return ps.executeUpdate() == 1;
                });
    }

    /** The smallest securityZoneM or nearLineM among the mechanisms' zones as they now stand, or null. */
    Double smallestDistanceM(List<String> mechanisms) {
        return jdbc.prepareStatement("SELECT min(d) FROM (SELECT CASE WHEN jsonb_typeof(v.properties -> p) = 'number'"
                + " THEN (v.properties ->> p)::float8 END AS d FROM zone_version v JOIN zone z ON z.id = v.zone_id"
                + " CROSS JOIN unnest(ARRAY['securityZoneM', 'nearLineM']) AS p"
                + " WHERE z.mechanism_code = ANY(?) AND v.valid_to IS NULL) m WHERE d > 0", ps -> {
                    ps.setArray(1, ps.getConnection().createArrayOf("text", mechanisms.toArray()));
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        double d = rs.getDouble(1);
                        return rs.wasNull() ? null : d;
                    }
                });
    }

    void insertVersion(UUID zoneId, int version, ZoneDraft draft, Instant from, Instant now, String by,
                       String placement) {
        jdbc.prepareStatement("INSERT INTO zone_version (zone_id, version, name, properties, geom, valid_from, valid_to,"
                + " recorded_at, recorded_by, placement) VALUES (?, ?, CAST(? AS jsonb), CAST(? AS jsonb),"
                + " ST_GeomFromEWKB(?), ?, ?, ?, ?, CAST(? AS jsonb))",
                ps -> {
                    ps.setObject(1, zoneId);
                    ps.setInt(2, version);
                    ps.setString(3, json(draft.name()));
                    ps.setString(4, json(draft.properties()));
                    ps.setBytes(5, Ewkb.write(draft.geometry()));
                    ps.setObject(6, time(from));
                    ps.setObject(7, time(draft.validTo()));
                    ps.setObject(8, time(now));
                    ps.setString(9, by);
                    ps.setString(10, placement);
                    return ps.executeUpdate();
                });
    }

    void close(UUID zoneId, int version, Instant validTo) {
        jdbc.prepareStatement("UPDATE zone_version SET valid_to = ? WHERE zone_id = ? AND version = ?", ps -> {
            ps.setObject(1, time(validTo));
            ps.setObject(2, zoneId);
            ps.setInt(3, version);
            return ps.executeUpdate();
        });
    }

    private List<ZoneVersion> list(String sql, Object... binds) {
        return jdbc.prepareStatement(sql, ps -> {
            for (int i = 0; i < binds.length; i++) {
                ps.setObject(i + 1, binds[i]);
            }
            List<ZoneVersion> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(map(rs));
                }
            }
            return out;
        });
    }

    private ZoneVersion map(ResultSet rs) throws SQLException {
        OffsetDateTime to = rs.getObject("valid_to", OffsetDateTime.class);
        return new ZoneVersion(rs.getObject("id", UUID.class), rs.getString("code"),
                ZoneType.of(rs.getString("type")).orElseThrow(), rs.getString("mechanism_code"),
                rs.getString("derived_code"), rs.getInt("version"), object(rs.getString("name")),
                object(rs.getString("properties")), Ewkb.read(rs.getBytes("geom")),
                rs.getObject("valid_from", OffsetDateTime.class).toInstant(), to == null ? null : to.toInstant(),
                rs.getObject("recorded_at", OffsetDateTime.class).toInstant(),
                rs.getString("placement") == null ? null : object(rs.getString("placement")));
    }

    private ObjectNode object(String json) {
        try {
            return (ObjectNode) mapper.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("PostgreSQL returned unreadable jsonb", e);
        }
    }

    private String json(ObjectNode node) {
        try {
            return mapper.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static OffsetDateTime time(Instant instant) {
        return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
