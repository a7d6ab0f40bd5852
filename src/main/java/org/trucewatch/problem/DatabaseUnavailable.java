package org.trucewatch.problem;

import io.micronaut.transaction.exceptions.TransactionSystemException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * Tells whether an exception means the database is out of reach (stopped, restarting,
 * unreachable), which the client should retry, rather than a fault in a request or in our
 * code. Looks through every wrapper (Micronaut Data's DataAccessException and
 * ConnectionException, transaction exceptions, bean-creation errors) at the causes and
 * suppressed exceptions underneath.
 */
final class DatabaseUnavailable {
    /**
     * SQLSTATEs of a server going away or not yet there (PostgreSQL appendix A, class 57 "operator
     * intervention"): admin_shutdown (a fast or smart stop), crash_shutdown, cannot_connect_now (starting
     * up or shutting down). Class 08, connection exception, is matched as a whole.
     */
    private static final Set<String> SERVER_GONE = Set.of("57P01", "57P02", "57P03");
    /**
     * What HikariCP throws for any use of a connection it has already closed as broken (it does so when the
     * driver reports 08xxx or 57P0x on it). Micronaut Data then resets read-only and auto-commit on that
     * connection in a finally block, and the exception from that reset replaces the original one, so this
     * message, with no SQLSTATE, is all that is left of a connection cut by a restart.
     */
    private static final String HIKARI_CLOSED = "Connection is closed";

    private DatabaseUnavailable() {
    }

    static boolean isCauseOf(Throwable thrown) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Throwable> pending = new ArrayDeque<>();
        pending.push(thrown);
        while (!pending.isEmpty()) {
            Throwable t = pending.pop();
            if (!seen.add(t)) {
                continue;
            }
            if (means(t)) {
                return true;
            }
            if (t.getCause() != null) {
                pending.push(t.getCause());
            }
            for (Throwable s : t.getSuppressed()) {
                pending.push(s);
            }
            // A failed rollback keeps the exception that caused it here, not as its cause.
            if (t instanceof TransactionSystemException tx && tx.getApplicationException() != null) {
                pending.push(tx.getApplicationException());
            }
        }
        return false;
    }

    private static boolean means(Throwable t) {
        if (t instanceof SQLTransientConnectionException || t instanceof SQLNonTransientConnectionException) {
            return true;
        }
        if (t instanceof SQLException sql) {
            String state = sql.getSQLState();
            if (state == null) {
                return HIKARI_CLOSED.equals(sql.getMessage());
            }
            return state.startsWith("08") || SERVER_GONE.contains(state);
        }
        return false;
    }
}
