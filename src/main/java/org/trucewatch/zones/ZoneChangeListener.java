package org.trucewatch.zones;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebuilds this instance's zone index in the background as soon as a zone change commits
 * anywhere: the trigger that bumps {@code zone_revision} sends {@code NOTIFY trucewatch_zones}
 * (migration V46), received here with LISTEN on one connection of its own (not the pool's:
 * it is held for as long as the service runs). Reconnects after a lost connection and then
 * checks once, for changes made while it was away. Only a speed-up: correctness does not
 * depend on it ({@link ZoneEngine}). Off ({@code trucewatch.zones.refresh.listen: false})
 * where the database is reached through a pooler in transaction mode, which cannot LISTEN.
 */
@Singleton
@Requires(property = "trucewatch.zones.refresh.listen", notEquals = "false")
class ZoneChangeListener {
    private static final Logger LOG = LoggerFactory.getLogger(ZoneChangeListener.class);
    static final String CHANNEL = "trucewatch_zones";
    private static final int WAIT_MS = 1000;
    /** A statement on a silent connection this often, so that a dead one is found out. */
    private static final long PROBE_AFTER_MS = 30_000;
    private static final long RECONNECT_MS = 2000;

    private final ZoneEngine engine;
    private final String url;
    private final Properties properties = new Properties();
    private volatile Thread listener;
    private volatile boolean stopped;

    ZoneChangeListener(ZoneEngine engine, @Value("${datasources.default.url}") String url,
                       @Value("${datasources.default.username}") String user,
                       @Value("${datasources.default.password:}") String password) {
        this.engine = engine;
        this.url = url;
        properties.setProperty("user", user);
        properties.setProperty("password", password);
        properties.setProperty("ApplicationName", "trucewatch-zones-listener");
        properties.setProperty("connectTimeout", "2");
        properties.setProperty("socketTimeout", "10");
    }

    @EventListener
    void onStartup(ServerStartupEvent event) {
        start();
    }

    synchronized void start() {
        if (listener == null && !stopped) {
            listener = new Thread(this::listen, "zones-listener");
            listener.setDaemon(true);
            listener.start();
        }
    }

    private void listen() {
        Connection c = null;
        long lastHeard = System.currentTimeMillis();
        boolean failing = false;
        while (!stopped) {
            try {
                if (c == null) {
                    c = connect();
                    lastHeard = System.currentTimeMillis();
                    if (failing) {
                        LOG.info("zones listener listening again");
                        failing = false;
                    }
                    refresh(); // whatever changed while no one listened
                }
                PGNotification[] notes = c.unwrap(PGConnection.class).getNotifications(WAIT_MS);
                if (notes != null && notes.length > 0) {
                    lastHeard = System.currentTimeMillis();
                    refresh();
                } else if (System.currentTimeMillis() - lastHeard > PROBE_AFTER_MS) {
                    try (Statement s = c.createStatement()) {
                        s.execute("SELECT 1");
                    }
                    lastHeard = System.currentTimeMillis();
                }
            } catch (SQLException | RuntimeException e) {
                if (stopped) {
                    break;
                }
                if (!failing) {
                    LOG.warn("zones listener lost its connection ({}); trying again every {} ms", e.toString(),
                            RECONNECT_MS);
                    failing = true;
                }
                close(c);
                c = null;
                if (!pause()) {
                    break;
                }
            }
        }
        close(c);
    }

    private Connection connect() throws SQLException {
        Connection c = DriverManager.getConnection(url, properties);
        try (Statement s = c.createStatement()) {
            s.execute("LISTEN " + CHANNEL);
        }
        return c;
    }

    private void refresh() {
        try {
            engine.refresh();
        } catch (RuntimeException e) {
            LOG.warn("zones index not refreshed ({}); the next report or check does it", e.toString());
        }
    }

    private boolean pause() {
        try {
            Thread.sleep(RECONNECT_MS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
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
        Thread t = listener;
        if (t != null) {
            t.interrupt();
        }
    }
}
