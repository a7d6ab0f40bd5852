package org.trucewatch.mechanisms;

import io.micronaut.data.connection.annotation.Connectable;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import jakarta.inject.Singleton;
import java.util.UUID;

/**
 * Announces that a queue changed, with PostgreSQL NOTIFY inside the changing transaction:
 * the notice is delivered when (and only if) it commits, to every service instance that
 * listens ({@link QueueEvents}), this one included. A function call on the transaction's
 * connection, not a table: nothing here for a generated repository.
 */
@Connectable
@Singleton
public class QueueNotifier {
    public static final String CHANNEL = "trucewatch_queue";

    private final JdbcOperations jdbc;

    QueueNotifier(JdbcOperations jdbc) {
        this.jdbc = jdbc;
    }

    public void changed(String queueId, UUID incidentId) {
        jdbc.prepareStatement("SELECT pg_notify(?, ?)", ps -> {
            ps.setString(1, CHANNEL);
            ps.setString(2, queueId + " " + incidentId);
            ps.executeQuery().close();
            return null;
        });
    }
}
