package org.trucewatch.access;

import io.micronaut.data.connection.annotation.Connectable;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import jakarta.inject.Singleton;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** {@code saved_filter} (V107): a user's named filters, each row the user's own. Each call borrows a connection. */
@Singleton
@Connectable
class SavedFilterRepository {
    private final JdbcOperations jdbc;

    SavedFilterRepository(JdbcOperations jdbc) {
        this.jdbc = jdbc;
    }

    /** One saved filter as its owner reads it. */
    record SavedFilter(long id, String page, String name, String query, Instant updatedAt) {
    }

    List<SavedFilter> of(String username, String page) {
        return jdbc.prepareStatement("SELECT id, page, name, query, updated_at FROM saved_filter WHERE username = ?"
                + " AND (CAST(? AS text) IS NULL OR page = ?) ORDER BY page, lower(name), id", ps -> {
                    ps.setString(1, username);
                    ps.setString(2, page);
                    ps.setString(3, page);
                    List<SavedFilter> out = new ArrayList<>();
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            out.add(new SavedFilter(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                                    rs.getTimestamp(5).toInstant()));
                        }
                    }
                    return out;
                });
    }

    /** Saves under the name, replacing the user's filter of that page and name; answers the row and whether it is new. */
    Saved save(String username, String page, String name, String query, Instant now) {
        return jdbc.prepareStatement("INSERT INTO saved_filter (username, page, name, query, updated_at) VALUES (?, ?, ?, ?, ?)"
                + " ON CONFLICT (username, page, name) DO UPDATE SET query = excluded.query, updated_at = excluded.updated_at"
                + " RETURNING id, (xmax = 0) AS created", ps -> {
                    ps.setString(1, username);
                    ps.setString(2, page);
                    ps.setString(3, name);
                    ps.setString(4, query);
                    ps.setTimestamp(5, Timestamp.from(now));
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        return new Saved(new SavedFilter(rs.getLong(1), page, name, query, now), rs.getBoolean(2));
                    }
                });
    }

    record Saved(SavedFilter filter, boolean created) {
    }

    /** Deletes the user's filter; false when the user has none of that id. */
    boolean delete(String username, long id) {
        return jdbc.prepareStatement("DELETE FROM saved_filter WHERE username = ? AND id = ?", ps -> {
            ps.setString(1, username);
            ps.setLong(2, id);
            return ps.executeUpdate() == 1;
        });
    }
}
