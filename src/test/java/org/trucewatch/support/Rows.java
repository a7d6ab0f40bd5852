package org.trucewatch.support;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;

/** Reads what the service stored, straight from PostGIS, for assertions. */
public final class Rows {
    private Rows() {
    }

    public static long count(String sql, Object... binds) {
        try (Connection c = TestDatabase.get().connect(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < binds.length; i++) {
                ps.setObject(i + 1, binds[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public static long reports() {
        return count("SELECT count(*) FROM report");
    }

    public static long reportsWithClientId(String clientReportId) {
        try {
            return count("SELECT count(*) FROM report WHERE client_report_id = ?", UUID.fromString(clientReportId));
        } catch (IllegalArgumentException notAUuid) {
            return count("SELECT count(*) FROM report WHERE client_report_id::text = ?", clientReportId);
        }
    }

    /** The first column of the first row, as text. */
    public static String text(String sql, Object... binds) {
        try (Connection c = TestDatabase.get().connect(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < binds.length; i++) {
                ps.setObject(i + 1, binds[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The first column of every row, as text, in the query's order. */
    public static java.util.List<String> texts(String sql, Object... binds) {
        try (Connection c = TestDatabase.get().connect(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < binds.length; i++) {
                ps.setObject(i + 1, binds[i]);
            }
            java.util.List<String> out = new java.util.ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
