package org.trucewatch.access;

import io.micronaut.data.connection.annotation.Connectable;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import jakarta.inject.Singleton;
import java.sql.ResultSet;
import java.util.UUID;

/**
 * Reads one row's visibility through the scope's SQL, so that single reads agree with lists.
 *
 * <p>Hand-written, not generated: the row source is the access policy's FROM item
 * ({@link SqlFragment}), SQL text with its own bind parameters, which a generated query cannot take.
 */
@Connectable
@Singleton
class VisibilityRepository {
    private final JdbcOperations jdbc;

    VisibilityRepository(JdbcOperations jdbc) {
        this.jdbc = jdbc;
    }

    Visibility of(SqlFragment source, UUID id) {
        return jdbc.prepareStatement("SELECT x.visibility FROM " + source.sql() + " WHERE x.id = ?", ps -> {
            int next = source.bind(ps, 1);
            ps.setObject(next, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Visibility.valueOf(rs.getString(1)) : Visibility.NONE;
            }
        });
    }
}
