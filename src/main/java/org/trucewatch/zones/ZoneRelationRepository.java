package org.trucewatch.zones;

import org.trucewatch.zones.engine.ZoneFinding;

import io.micronaut.data.jdbc.runtime.JdbcOperations;
import jakarta.inject.Singleton;
import java.sql.ResultSet;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** All SQL on {@code report_zone_relation}. */
@Singleton
class ZoneRelationRepository {
    private final JdbcOperations jdbc;

    ZoneRelationRepository(JdbcOperations jdbc) {
        this.jdbc = jdbc;
    }

    /** Replaces the report's stored relations (a re-evaluation leaves no stale rows). */
    void replace(UUID reportId, List<ZoneFinding> findings, double accuracyM, Instant now) {
        jdbc.prepareStatement("DELETE FROM report_zone_relation WHERE report_id = ?", ps -> {
            ps.setObject(1, reportId);
            return ps.executeUpdate();
        });
        if (findings.isEmpty()) {
            return;
        }
        jdbc.prepareStatement("INSERT INTO report_zone_relation (report_id, zone_id, zone_version, relation, distance_m,"
                + " intersects, side, side_label, crosses, near, accuracy_m, evaluated_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", ps -> {
                    for (ZoneFinding f : findings) {
                        ps.setObject(1, reportId);
                        ps.setObject(2, f.zone().zoneId());
                        ps.setInt(3, f.zone().version());
                        ps.setString(4, f.relation().code());
                        ps.setDouble(5, f.distanceM());
                        ps.setBoolean(6, f.intersects());
                        ps.setString(7, f.sideCode());
                        ps.setString(8, f.sideLabel());
                        ps.setObject(9, f.crosses(), Types.BOOLEAN);
                        ps.setObject(10, f.near(), Types.BOOLEAN);
                        ps.setDouble(11, accuracyM);
                        ps.setObject(12, ZoneRepository.time(now));
                        ps.addBatch();
                    }
                    return ps.executeBatch();
                });
    }

    List<ZoneRelationView> of(UUID reportId) {
        return jdbc.prepareStatement("SELECT r.report_id, z.code, z.type, r.zone_version, z.mechanism_code, r.relation,"
                + " r.distance_m, r.intersects, r.side, r.side_label, r.crosses, r.near, r.accuracy_m"
                + " FROM report_zone_relation r JOIN zone z ON z.id = r.zone_id WHERE r.report_id = ?"
                + " ORDER BY z.code, r.zone_version", ps -> {
                    ps.setObject(1, reportId);
                    List<ZoneRelationView> out = new ArrayList<>();
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            out.add(new ZoneRelationView(rs.getObject(1, UUID.class), rs.getString(2),
                                    ZoneType.of(rs.getString(3)).orElseThrow(), rs.getInt(4), rs.getString(5),
                                    Relation.of(rs.getString(6)), rs.getDouble(7), rs.getBoolean(8), rs.getString(9),
                                    rs.getString(10), rs.getObject(11, Boolean.class), rs.getObject(12, Boolean.class),
                                    rs.getDouble(13)));
                        }
                    }
                    return out;
                });
    }
}
