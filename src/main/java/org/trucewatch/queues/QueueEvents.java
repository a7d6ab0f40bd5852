package org.trucewatch.queues;

import org.trucewatch.mechanisms.QueueNotifier;
import io.micronaut.context.annotation.Value;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * Queue changes as a stream, fed by PostgreSQL LISTEN on one dedicated connection (not
 * one of the pool's: it is held for as long as the service runs). Started by the first
 * subscriber; reconnects after a lost connection. Changes committed by any instance
 * sharing the database arrive here.
 */
@Singleton
class QueueEvents {
    private static final Logger LOG = LoggerFactory.getLogger(QueueEvents.class);

    /** What a subscriber receives: the queue and the incident that changed in it. */
    record QueueChange(String queue, UUID incidentId) {
    }

    private final Sinks.Many<QueueChange> sink = Sinks.many().multicast().directBestEffort();
    private final String url;
    private final String user;
    private final String password;
    private volatile Thread listener;
    private volatile boolean stopped;

    QueueEvents(@Value("${datasources.default.url}") String url, @Value("${datasources.default.username}") String user,
                @Value("${datasources.default.password:}") String password) {
        this.url = url;
        this.user = user;
        this.password = password;
    }

    Flux<QueueChange> changes(java.util.function.Predicate<String> queues) {
        start();
        // The sink drops a change for a subscriber that is not asking for more at that instant
        // (directBestEffort); a buffer per subscriber always asks. A subscriber that falls
        // 4,096 changes behind gets an error and its browser reconnects and reloads.
        return sink.asFlux().onBackpressureBuffer(4096).filter(c -> queues.test(c.queue()));
    }

    private synchronized void start() {
        if (listener != null) {
            return;
        }
        Connection first = connect();
        listener = new Thread(() -> listen(first), "queue-events");
        listener.setDaemon(true);
        listener.start();
    }

    private Connection connect() {
        try {
            Connection c = DriverManager.getConnection(url, user, password);
            try (Statement s = c.createStatement()) {
                s.execute("LISTEN " + QueueNotifier.CHANNEL);
            }
            return c;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot listen for queue changes", e);
        }
    }

    private void listen(Connection connection) {
        Connection c = connection;
        while (!stopped) {
            try {
                PGNotification[] notes = c.unwrap(PGConnection.class).getNotifications(1000);
                if (notes != null) {
                    for (PGNotification n : notes) {
                        String[] parts = n.getParameter().split(" ", 2);
                        sink.tryEmitNext(new QueueChange(parts[0], UUID.fromString(parts[1])));
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (stopped) {
                    return;
                }
                LOG.warn("queue change listener lost its connection ({}); reconnecting", e.toString());
                close(c);
                c = reconnect();
            }
        }
        close(c);
    }

    private Connection reconnect() {
        while (!stopped) {
            try {
                Thread.sleep(2000);
                return connect();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            } catch (RuntimeException e) {
                LOG.warn("queue change listener cannot reconnect yet: {}", e.toString());
            }
        }
        return null;
    }

    private static void close(Connection c) {
        try {
            if (c != null) {
                c.close();
            }
        } catch (SQLException ignored) {
            // closing a broken connection
        }
    }

    @PreDestroy
    void stop() {
        stopped = true;
        if (listener != null) {
            listener.interrupt();
        }
    }
}
