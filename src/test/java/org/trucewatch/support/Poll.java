package org.trucewatch.support;

import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Waits for a condition with a deadline, never for a fixed time: asks again every
 * {@link #INTERVAL} until the answer is accepted, and fails with the last answer once the
 * deadline has passed. An {@link AssertionError} thrown by the probe fails at once (an answer
 * that must never come while waiting). Awaitility does the same; it is not on the test
 * classpath, and this is all the suite needs of it.
 */
public final class Poll {
    static final Duration INTERVAL = Duration.ofMillis(100);

    private Poll() {
    }

    /** The first answer of {@code probe} that {@code accepted} takes, asked until {@code timeout} has passed. */
    public static <T> T until(String what, Duration timeout, Supplier<T> probe, Predicate<? super T> accepted)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        T last;
        while (true) {
            last = probe.get();
            if (accepted.test(last)) {
                return last;
            }
            if (System.nanoTime() - deadline >= 0) {
                throw new AssertionError(what + " within " + timeout + "; last: " + last);
            }
            Thread.sleep(INTERVAL.toMillis());
        }
    }
}
