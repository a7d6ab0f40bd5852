package org.trucewatch.problem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.micronaut.data.connection.exceptions.ConnectionException;
import io.micronaut.data.connection.jdbc.exceptions.CannotGetJdbcConnectionException;
import io.micronaut.data.exceptions.DataAccessException;
import io.micronaut.transaction.exceptions.CannotCreateTransactionException;
import io.micronaut.transaction.exceptions.TransactionSystemException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.postgresql.util.PSQLException;
import org.postgresql.util.PSQLState;

/** Which failures answer 503 service-unavailable (retry later) and which stay 500 (our fault, logged). */
class DatabaseUnavailableTest {

    static Stream<Arguments> failures() {
        SQLException adminShutdown = new SQLException("terminating connection due to administrator command", "57P01");
        return Stream.of(
                // the pool waited connection-timeout for a connection
                Arguments.of(new CannotGetJdbcConnectionException("Failed to obtain JDBC Connection",
                        new SQLTransientConnectionException("HikariPool-1 - Connection is not available"))),
                Arguments.of(new PSQLException("Connection to 127.0.0.1:5432 refused", PSQLState.CONNECTION_UNABLE_TO_CONNECT)),
                Arguments.of(new DataAccessException("Error executing SQL",
                        new PSQLException("An I/O error occurred while sending to the backend", PSQLState.CONNECTION_FAILURE))),
                Arguments.of(new DataAccessException("Error executing SQL", adminShutdown)),
                Arguments.of(new SQLException("terminating connection due to crash of another server process", "57P02")),
                Arguments.of(new SQLException("the database system is starting up", "57P03")),
                Arguments.of(new CannotCreateTransactionException("Could not open connection for transaction",
                        new SQLException("the database system is shutting down", "57P03"))),
                Arguments.of(withSuppressed(new IllegalStateException("closing a statement failed"),
                        new PSQLException("This connection has been closed.", PSQLState.CONNECTION_DOES_NOT_EXIST))),
                Arguments.of(rollbackFailedAfter(adminShutdown)));
    }

    @ParameterizedTest
    @MethodSource("failures")
    void anUnreachableDatabaseIsRecognisedBehindAnyWrapper(Throwable failure) {
        assertThat(DatabaseUnavailable.isCauseOf(failure)).isTrue();
    }

    static Stream<Arguments> faults() {
        return Stream.of(
                Arguments.of(new DataAccessException("Error executing SQL",
                        new SQLException("duplicate key value violates unique constraint", "23505"))),
                // statement_timeout: the database answered; the query is at fault
                Arguments.of(new SQLException("canceling statement due to statement timeout", "57014")),
                Arguments.of(new SQLException("password authentication failed for user", "28P01")),
                Arguments.of(new CannotGetJdbcConnectionException("No current JDBC Connection found")),
                Arguments.of(new SQLException("no state, another message")),
                Arguments.of(new IllegalStateException("a bug")),
                Arguments.of(selfCaused()));
    }

    @ParameterizedTest
    @MethodSource("faults")
    void otherFailuresStayInternalErrors(Throwable failure) {
        assertThat(DatabaseUnavailable.isCauseOf(failure)).isFalse();
    }

    /**
     * What Micronaut Data throws when PostgreSQL cuts a connection under a request: its reset
     * of the connection fails on Hikari's closed connection and replaces the original 08006.
     * Built with the real pool, so that a HikariCP upgrade that changes the message fails here.
     */
    @Test
    void aConnectionHikariClosedAsBrokenIsRecognised() throws SQLException {
        HikariConfig config = new HikariConfig();
        config.setDataSource(stub(DataSource.class, DatabaseUnavailableTest::dataSource));
        config.setMaximumPoolSize(1);
        try (HikariDataSource pool = new HikariDataSource(config); Connection connection = pool.getConnection()) {
            SQLException cut = catchThrowableOfType(SQLException.class, () -> connection.prepareStatement("SELECT 1"));
            assertThat(cut.getSQLState()).isEqualTo("08006");

            SQLException closed = catchThrowableOfType(SQLException.class, () -> connection.setReadOnly(false));

            assertThat(DatabaseUnavailable.isCauseOf(new ConnectionException("Could not set JDBC Connection read-only",
                    closed))).isTrue();
        }
    }

    private static Object dataSource(Method method) {
        return method.getName().equals("getConnection") ? stub(Connection.class, DatabaseUnavailableTest::connection)
                : zero(method.getReturnType());
    }

    /** A connection that the server has dropped: every statement fails as pgjdbc reports a broken socket. */
    private static Object connection(Method method) throws SQLException {
        return switch (method.getName()) {
            case "prepareStatement", "createStatement", "prepareCall" ->
                    throw new SQLException("An I/O error occurred while sending to the backend.", "08006");
            case "isValid" -> true;
            case "getTransactionIsolation" -> Connection.TRANSACTION_READ_COMMITTED;
            default -> zero(method.getReturnType());
        };
    }

    private interface Answer {
        Object apply(Method method) throws SQLException;
    }

    private static <T> T stub(Class<T> type, Answer answer) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) ->
                switch (method.getName()) {
                    case "toString" -> "stub " + type.getSimpleName();
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> answer.apply(method);
                }));
    }

    private static Object zero(Class<?> type) {
        if (type == boolean.class) {
            return false;
        }
        if (type == int.class) {
            return 0;
        }
        if (type == long.class) {
            return 0L;
        }
        return null;
    }

    private static Throwable withSuppressed(Throwable t, Throwable suppressed) {
        t.addSuppressed(suppressed);
        return t;
    }

    private static Throwable rollbackFailedAfter(Throwable original) {
        TransactionSystemException rollback = new TransactionSystemException("Could not roll back JDBC transaction",
                new IllegalStateException("rollback failed"));
        rollback.initApplicationException(original);
        return rollback;
    }

    private static Throwable selfCaused() {
        Exception outer = new Exception("outer");
        Exception inner = new Exception("inner", outer);
        outer.initCause(inner);
        return outer;
    }
}
