package org.trucewatch.access;

import io.micronaut.context.annotation.Requires;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.scheduling.annotation.Scheduled;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Inject;
import jakarta.inject.Provider;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The windows in {@code login_throttle} (migrations/V50), so that every instance behind a load
 * balancer counts against one budget per key: the default.
 *
 * <p>One transaction per call. Its first statement upserts both rows, the address's first
 * ({@code username = ''}), and so holds both row locks until commit: calls for one address run
 * one after another on every instance, and as every call takes the two locks in the same order
 * no two calls deadlock. A key without a window is a row whose window has ended (its placeholder
 * has {@code window_end = now}); {@link #forgetEnded} deletes those it finds unlocked.
 *
 * <p>Times come from the service's clock, as with the memory store: instances must keep their
 * clocks in step (NTP), which a cluster needs anyway; a skew of s seconds shifts a wait by s.
 */
@Singleton
@Requires(property = "trucewatch.security.login.counters", notEquals = "memory")
class LoginWindowsDatabase implements LoginWindows {
    private static final Logger LOG = LoggerFactory.getLogger(LoginWindowsDatabase.class);
    private static final String ADDRESS_ONLY = "";
    /** Locks and returns both rows, creating ended placeholders for keys seen for the first time. */
    private static final String LOCK = """
            INSERT INTO login_throttle (address, username, failures, last_failure, window_end)
            VALUES (?, '', 0, NULL, ?), (?, ?, 0, NULL, ?)
            ON CONFLICT (address, username) DO UPDATE SET failures = login_throttle.failures
            RETURNING username, failures, last_failure, window_end""";
    private static final String KEEP = """
            UPDATE login_throttle SET failures = ?, last_failure = ?, window_end = ?
            WHERE address = ? AND username = ?""";
    /** SKIP LOCKED: the clean-up never waits for a sign-in, so it can never deadlock with one. */
    private static final String FORGET_ENDED = """
            DELETE FROM login_throttle t USING (
                SELECT address, username FROM login_throttle WHERE window_end <= ?
                ORDER BY window_end LIMIT 10000 FOR UPDATE SKIP LOCKED) ended
            WHERE t.address = ended.address AND t.username = ended.username""";

    // Providers, not instances: the security module builds the limiter (through
    // LocalUserAuthenticationProvider) while the JDBC beans are still being built.
    private final Provider<TransactionOperations<Connection>> transactions;
    private final Provider<JdbcOperations> jdbc;
    private final Clock clock;

    @Inject
    LoginWindowsDatabase(Provider<TransactionOperations<Connection>> transactions, Provider<JdbcOperations> jdbc,
                         Clock clock) {
        this.transactions = transactions;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** With the JDBC beans at hand (tests that build a store of their own, as a second instance would have). */
    LoginWindowsDatabase(TransactionOperations<Connection> transactions, JdbcOperations jdbc, Clock clock) {
        this(() -> transactions, () -> jdbc, clock);
    }

    @Override
    public <T> T update(String username, String address, Instant at, Function<Pair, T> work) {
        // PostgreSQL keeps microseconds: the same instant is compared before and after storing.
        Instant now = at.truncatedTo(ChronoUnit.MICROS);
        return transactions.get().executeWrite(status -> jdbc.get().execute(connection -> {
            Pair windows = lock(connection, username, address, now);
            T result = work.apply(windows);
            keep(connection, address, username, windows.pair, now);
            keep(connection, address, ADDRESS_ONLY, windows.source, now);
            return result;
        }));
    }

    private static Pair lock(Connection connection, String username, String address, Instant now) throws SQLException {
        Pair windows = new Pair(null, null);
        try (PreparedStatement ps = connection.prepareStatement(LOCK)) {
            Timestamp ended = Timestamp.from(now);
            ps.setString(1, address);
            ps.setTimestamp(2, ended);
            ps.setString(3, address);
            ps.setString(4, username);
            ps.setTimestamp(5, ended);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Instant end = rs.getTimestamp("window_end").toInstant();
                    if (!end.isAfter(now)) {
                        continue; // ended, or a placeholder: no window
                    }
                    Timestamp last = rs.getTimestamp("last_failure");
                    LoginWindow w = new LoginWindow(end, rs.getInt("failures"), last == null ? null : last.toInstant());
                    if (ADDRESS_ONLY.equals(rs.getString("username"))) {
                        windows.source = w;
                    } else {
                        windows.pair = w;
                    }
                }
            }
        }
        return windows;
    }

    private static void keep(Connection connection, String address, String username, LoginWindow w, Instant now)
            throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(KEEP)) {
            ps.setInt(1, w == null ? 0 : w.failures);
            ps.setTimestamp(2, w == null || w.lastFailure == null ? null
                    : Timestamp.from(w.lastFailure.truncatedTo(ChronoUnit.MICROS)));
            ps.setTimestamp(3, Timestamp.from(w == null ? now : w.end.truncatedTo(ChronoUnit.MICROS)));
            ps.setString(4, address);
            ps.setString(5, username);
            ps.executeUpdate();
        }
    }

    /** Deletes ended windows, so that the table holds about one window's worth of keys. */
    @Scheduled(fixedDelay = "${trucewatch.security.login.cleanup-interval:5m}", initialDelay = "1m")
    void forgetEnded() {
        try {
            int forgotten = transactions.get().executeWrite(status -> jdbc.get().prepareStatement(FORGET_ENDED, ps -> {
                ps.setTimestamp(1, Timestamp.from(clock.instant()));
                return ps.executeUpdate();
            }));
            LOG.debug("forgot {} ended sign-in windows", forgotten);
        } catch (RuntimeException e) {
            // The next round tries again; ended windows already count as none.
            LOG.warn("could not forget ended sign-in windows: {}", e.toString());
        }
    }
}
