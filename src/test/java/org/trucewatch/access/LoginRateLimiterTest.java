package org.trucewatch.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The limiter's rules, on a clock the test moves (no sleeps). Defaults as in application.yml. */
class LoginRateLimiterTest {
    private static final String A = "198.51.100.7";
    private static final String B = "203.0.113.9";
    private final TestClock clock = new TestClock();
    private final LoginRateLimiter limiter = limiter(50_000);

    private LoginRateLimiter limiter(int maxTrackedKeys) {
        // 3 free failures, then 1 s doubling; 10 per (name, address); 50 per address; 15 min windows.
        return new LoginRateLimiter(3, Duration.ofSeconds(1), 10, 50, Duration.ofMinutes(15), maxTrackedKeys, clock);
    }

    /** An attempt that was admitted and then failed (admitted attempts count as failures). */
    private void fail(String user, String address) {
        assertThat(limiter.admit(user, address)).as("admitted").isZero();
    }

    @Test
    void attemptsThatNeverReachedAPasswordCheckAreTakenBack() {
        // Retries through a database outage: each was admitted, none checked a password.
        for (int i = 0; i < 20; i++) {
            assertThat(limiter.admit("monitor.lb", A)).as("attempt " + i + " during the outage").isZero();
            limiter.abandoned("monitor.lb", A);
        }
        for (int i = 0; i < 3; i++) {
            fail("monitor.lb", A);
        }
        assertThat(limiter.admit("monitor.lb", A)).as("real failures still count").isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void threeFailuresAreFreeThenTheWaitDoublesWithEachFurtherFailure() {
        for (int i = 0; i < 3; i++) {
            fail("monitor.lb", A);
        }
        assertThat(limiter.admit("monitor.lb", A)).isEqualTo(Duration.ofSeconds(1));
        clock.advance(Duration.ofMillis(400));
        assertThat(limiter.admit("monitor.lb", A)).as("measured from the last failure").isEqualTo(Duration.ofMillis(600));
        clock.advance(Duration.ofMillis(600));
        fail("monitor.lb", A);
        assertThat(limiter.admit("monitor.lb", A)).isEqualTo(Duration.ofSeconds(2));
        clock.advance(Duration.ofSeconds(2));
        fail("monitor.lb", A);
        assertThat(limiter.admit("monitor.lb", A)).isEqualTo(Duration.ofSeconds(4));
    }

    @Test
    void afterTenFailuresTheAddressIsRefusedForThatNameUntilTheWindowEnds() {
        Instant start = clock.instant();
        for (int i = 0; i < 10; i++) {
            fail("monitor.lb", A);
            clock.advance(Duration.ofSeconds(70)); // longer than any delay up to the 10th failure (64 s)
        }
        Duration wait = limiter.admit("monitor.lb", A);
        assertThat(clock.instant().plus(wait)).isEqualTo(start.plus(Duration.ofMinutes(15)));
        clock.advance(wait);
        assertThat(limiter.admit("monitor.lb", A)).as("a new window").isZero();
    }

    @Test
    void failuresForANameFromOneAddressNeverRefuseThatNameFromAnother() {
        for (int i = 0; i < 10; i++) {
            limiter.admit("monitor.lb", A);
        }
        assertThat(limiter.admit("monitor.lb", A)).isPositive();
        assertThat(limiter.admit("monitor.lb", B)).isZero();
        limiter.succeeded("monitor.lb", B);
        assertThat(limiter.admit("someone.else", A)).as("nor another name from the same address").isZero();
    }

    @Test
    void anAddressFailingAcrossManyNamesIsRefusedAsAWholeOthersAreNot() {
        Instant start = clock.instant();
        for (int i = 0; i < 50; i++) {
            fail("user" + i, A);
        }
        Duration wait = limiter.admit("monitor.lb", A);
        assertThat(clock.instant().plus(wait)).isEqualTo(start.plus(Duration.ofMinutes(15)));
        assertThat(limiter.admit("monitor.lb", B)).isZero();
    }

    @Test
    void aSuccessClearsItsPairButNotTheAddressesOtherFailures() {
        for (int i = 0; i < 3; i++) {
            fail("monitor.lb", A);
        }
        clock.advance(Duration.ofSeconds(1));
        assertThat(limiter.admit("monitor.lb", A)).isZero();
        limiter.succeeded("monitor.lb", A);
        fail("monitor.lb", A);
        fail("monitor.lb", A);
        fail("monitor.lb", A);
        assertThat(limiter.admit("monitor.lb", A)).as("the pair started afresh: three free again").isPositive();

        // The address holds 6 failures (3 before the success, 3 after); 44 more reach the limit of 50
        // only if the success took back its own attempt and nothing else.
        for (int i = 0; i < 44; i++) {
            fail("user" + i, A);
        }
        assertThat(limiter.admit("other", A)).as("the success gave back only its own attempt").isPositive();
    }

    @Test
    void aSuccessDoesNotCountTowardsTheAddressLimit() {
        for (int i = 0; i < 200; i++) {
            assertThat(limiter.admit("user" + (i % 7), A)).isZero();
            limiter.succeeded("user" + (i % 7), A);
        }
    }

    @Test
    void attemptsInFlightCountBeforeTheirOutcomeIsKnown() {
        // Parallel guesses: none has failed yet when the next one asks.
        assertThat(limiter.admit("monitor.lb", A)).isZero();
        assertThat(limiter.admit("monitor.lb", A)).isZero();
        assertThat(limiter.admit("monitor.lb", A)).isZero();
        assertThat(limiter.admit("monitor.lb", A)).isPositive();
    }

    @Test
    void aRefusedAttemptIsNotAFailure() {
        for (int i = 0; i < 3; i++) {
            fail("monitor.lb", A);
        }
        for (int i = 0; i < 100; i++) {
            assertThat(limiter.admit("monitor.lb", A)).isPositive();
        }
        clock.advance(Duration.ofSeconds(1));
        assertThat(limiter.admit("monitor.lb", A)).as("still the first delay, not 2^100 s").isZero();
    }

    @Test
    void keysAreForgottenWhenTheirWindowEnds() {
        fail("monitor.lb", A);
        fail("other", B);
        assertThat(limiter.trackedKeys()).isEqualTo(4);
        clock.advance(Duration.ofMinutes(15));
        fail("third", A);
        assertThat(limiter.trackedKeys()).as("only the new pair and address").isEqualTo(2);
    }

    @Test
    void memoryIsBoundedAndTheOldestKeysGoFirst() {
        LoginRateLimiter small = limiter(100);
        for (int i = 0; i < 1000; i++) {
            small.admit("user" + i, "10.0." + (i / 250) + "." + (i % 250));
            assertThat(small.trackedKeys()).isLessThanOrEqualTo(100);
        }
        assertThat(small.trackedKeys()).isEqualTo(100);
    }

    @Test
    void whenFullTheOldestKeyIsDroppedFirst() {
        LoginRateLimiter four = limiter(4);
        for (int i = 0; i < 3; i++) {
            assertThat(four.admit("old", A)).isZero();
        }
        assertThat(four.admit("x", "192.0.2.1")).isZero();
        assertThat(four.admit("y", "192.0.2.2")).isZero();
        assertThat(four.trackedKeys()).isEqualTo(4);
        assertThat(four.admit("old", A)).as("forgotten: the bound fails open, never closed").isZero();
        assertThat(four.admit("y", "192.0.2.2")).isZero();
        assertThat(four.admit("y", "192.0.2.2")).isZero();
        assertThat(four.admit("y", "192.0.2.2")).as("the newest pair is still counted").isPositive();
    }

    @Test
    void admittingIsThreadSafe() throws InterruptedException {
        AtomicInteger admitted = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        for (int i = 0; i < 800; i++) {
            pool.execute(() -> {
                if (limiter.admit("monitor.lb", A).isZero()) {
                    admitted.incrementAndGet();
                }
            });
        }
        pool.shutdown();
        assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        assertThat(admitted.get()).as("exactly the free failures, however the threads interleave").isEqualTo(3);
    }

    /** A clock that stands still until the test moves it. */
    static final class TestClock extends Clock {
        private Instant now = Instant.parse("2026-05-01T08:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
