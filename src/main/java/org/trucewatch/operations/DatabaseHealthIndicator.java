package org.trucewatch.operations;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.health.HealthStatus;
import io.micronaut.jdbc.DataSourceResolver;
import io.micronaut.management.endpoint.health.HealthEndpoint;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import io.micronaut.management.health.indicator.annotation.Readiness;
import io.micronaut.management.health.indicator.jdbc.JdbcIndicator;
import io.micronaut.scheduling.TaskExecutors;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

/**
 * The database check of {@code /health} and {@code /health/readiness}: a connection from the
 * service's own pool that answers, within {@code trucewatch.health.database-timeout}.
 *
 * <p>Replaces Micronaut's JDBC indicator, which waits as long as the pool's connection
 * timeout and then up to 3 s more for {@code isValid}: a probe must read DOWN within its
 * own timeout rather than time out (docs/operations.md). A check that outlives the limit
 * is not interrupted: the pool's own timeouts end it soon after, and its answer is dropped.
 */
@Singleton
@Readiness
@Replaces(JdbcIndicator.class)
@Requires(beans = HealthEndpoint.class)
class DatabaseHealthIndicator implements HealthIndicator {
    /** The same name as the indicator it replaces, so dashboards keep reading {@code details.jdbc}. */
    private static final String NAME = "jdbc";

    private final DataSource dataSource;
    private final Duration limit;
    private final Executor blocking;

    DatabaseHealthIndicator(DataSource dataSource, @Nullable DataSourceResolver resolver,
                            @Value("${trucewatch.health.database-timeout:500ms}") Duration limit,
                            @Named(TaskExecutors.BLOCKING) Executor blocking) {
        // The pool itself, not Micronaut Data's transaction-aware wrapper around it (as JdbcIndicator does).
        this.dataSource = (resolver == null ? DataSourceResolver.DEFAULT : resolver).resolve(dataSource);
        this.limit = limit;
        this.blocking = blocking;
    }

    @Override
    public Publisher<HealthResult> getResult() {
        return Mono.fromFuture(CompletableFuture.supplyAsync(this::check, blocking).completeOnTimeout(
                down("no database connection within " + limit), limit.toMillis(), TimeUnit.MILLISECONDS));
    }

    private HealthResult check() {
        try (Connection connection = dataSource.getConnection()) {
            // isValid counts whole seconds; completeOnTimeout is what bounds the probe.
            if (!connection.isValid(1)) {
                return down("the database connection does not answer");
            }
            DatabaseMetaData meta = connection.getMetaData();
            return HealthResult.builder(NAME, HealthStatus.UP).details(Map.of(
                    "database", meta.getDatabaseProductName(), "version", meta.getDatabaseProductVersion())).build();
        } catch (SQLException | RuntimeException e) {
            // Not HealthResult.exception(e), which logs a stack trace at ERROR on every probe of an outage.
            return down(e.toString());
        }
    }

    private static HealthResult down(String why) {
        return HealthResult.builder(NAME, HealthStatus.DOWN).details(Map.of("error", why)).build();
    }
}
