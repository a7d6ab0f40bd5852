package org.trucewatch.access;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.trucewatch.support.PostgisFixture;
import org.trucewatch.support.Rows;

/**
 * Two service instances on one database share one budget per key: each limiter here has its
 * own store object, as two JVMs would, and they meet only in {@code login_throttle}. The rules
 * themselves are {@link LoginRateLimiterTest}'s; this shows they hold across instances.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LoginRateLimiterSharedIT implements PostgisFixture {
    @Inject
    TransactionOperations<Connection> transactions;
    @Inject
    JdbcOperations jdbc;
    @Inject
    LoginRateLimiter injected;

    private final LoginRateLimiterTest.TestClock clock = new LoginRateLimiterTest.TestClock();

    LoginRateLimiterSharedIT() {
        // Far ahead of the real clock, so that the service's own clean-up (on the real clock, in
        // any test's context) never takes these windows for ended ones.
        clock.advance(Duration.ofDays(100 * 365));
    }

    private LoginRateLimiter instance() {
        // As application.yml: 3 free failures, then 1 s doubling; 10 per (name, address); 50 per address.
        return new LoginRateLimiter(3, Duration.ofSeconds(1), 10, 50, Duration.ofMinutes(15),
                new LoginWindowsDatabase(transactions, jdbc, clock), clock);
    }

    /** An address no other test uses (the table is shared by the whole test run). */
    private static String address() {
        return "2001:db8::" + Integer.toHexString(UUID.randomUUID().hashCode() & 0xffff) + ":"
                + Integer.toHexString((int) (System.nanoTime() & 0xffff));
    }

    @Test
    void theServiceCountsInTheDatabaseByDefault() {
        String a = address();
        assertThat(injected.admit("monitor.lb", a)).isZero();
        assertThat(Rows.count("SELECT count(*) FROM login_throttle WHERE address = ? AND failures = 1", a))
                .as("the pair's and the address's window").isEqualTo(2);
        injected.succeeded("monitor.lb", a);
    }

    @Test
    void failuresAtOneInstanceDelayTheNextAttemptAtTheOther() {
        LoginRateLimiter one = instance();
        LoginRateLimiter two = instance();
        String a = address();
        assertThat(one.admit("monitor.lb", a)).isZero();
        assertThat(two.admit("monitor.lb", a)).isZero();
        assertThat(one.admit("monitor.lb", a)).isZero();
        assertThat(two.admit("monitor.lb", a)).as("the fourth attempt, wherever it lands").isEqualTo(Duration.ofSeconds(1));
        clock.advance(Duration.ofSeconds(1));
        assertThat(one.admit("monitor.lb", a)).isZero();
        assertThat(two.admit("monitor.lb", a)).as("doubled after the fourth failure").isEqualTo(Duration.ofSeconds(2));
        assertThat(one.admit("monitor.lb", address())).as("another address is not refused").isZero();
    }

    @Test
    void aSuccessOrAnAbandonedAttemptAtOneInstanceIsTakenBackAtTheOther() {
        LoginRateLimiter one = instance();
        LoginRateLimiter two = instance();
        String a = address();
        for (int i = 0; i < 20; i++) {
            assertThat(one.admit("monitor.lb", a)).as("attempt " + i + " during an outage").isZero();
            two.abandoned("monitor.lb", a);
        }
        for (int i = 0; i < 3; i++) {
            assertThat(one.admit("monitor.lb", a)).isZero();
        }
        assertThat(two.admit("monitor.lb", a)).as("real failures still count").isEqualTo(Duration.ofSeconds(1));
        clock.advance(Duration.ofSeconds(1));
        assertThat(two.admit("monitor.lb", a)).isZero();
        one.succeeded("monitor.lb", a);
        assertThat(two.admit("monitor.lb", a)).as("the pair started afresh").isZero();
    }

    @Test
    void anAddressSprayingNamesAcrossBothInstancesIsRefusedAtBoth() {
        LoginRateLimiter one = instance();
        LoginRateLimiter two = instance();
        String a = address();
        for (int i = 0; i < 50; i++) {
            assertThat((i % 2 == 0 ? one : two).admit("user" + i, a)).isZero();
        }
        assertThat(one.admit("monitor.lb", a)).isEqualTo(Duration.ofMinutes(15));
        assertThat(two.admit("monitor.lb", a)).isEqualTo(Duration.ofMinutes(15));
    }

    @Test
    void parallelGuessesAtBothInstancesPassOnlyTheFreeFailures() throws Exception {
        LoginRateLimiter one = instance();
        LoginRateLimiter two = instance();
        String a = address();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Boolean>> guesses = new ArrayList<>();
            for (int i = 0; i < 80; i++) {
                LoginRateLimiter at = i % 2 == 0 ? one : two;
                guesses.add(() -> at.admit("monitor.lb", a).isZero());
            }
            int admitted = 0;
            for (Future<Boolean> f : pool.invokeAll(guesses)) {
                admitted += f.get() ? 1 : 0;
            }
            assertThat(admitted).as("exactly the free failures, however the instances interleave").isEqualTo(3);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void endedWindowsAreDeleted() {
        LoginWindowsDatabase store = new LoginWindowsDatabase(transactions, jdbc, clock);
        LoginRateLimiter one = new LoginRateLimiter(3, Duration.ofSeconds(1), 10, 50, Duration.ofMinutes(15), store, clock);
        String a = address();
        assertThat(one.admit("monitor.lb", a)).isZero();
        store.forgetEnded();
        assertThat(Rows.count("SELECT count(*) FROM login_throttle WHERE address = ?", a)).as("still open").isEqualTo(2);
        clock.advance(Duration.ofMinutes(15));
        store.forgetEnded();
        assertThat(Rows.count("SELECT count(*) FROM login_throttle WHERE address = ?", a)).isZero();
        assertThat(one.admit("monitor.lb", a)).as("a new window").isZero();
    }
}
