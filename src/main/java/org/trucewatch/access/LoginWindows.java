package org.trucewatch.access;

import java.time.Instant;
import java.util.function.Function;

/**
 * Where {@link LoginRateLimiter} keeps its failure windows: {@link LoginWindowsDatabase} (the
 * default, shared by every instance on one database) or {@link LoginWindowsMemory} (one
 * instance's own). The rules are the limiter's; a store only keeps the two windows an attempt
 * touches and runs each change atomically against every other change for the same address.
 */
interface LoginWindows {

    /**
     * Runs {@code work} on the live windows of ({@code username}, {@code address}) and of
     * {@code address} alone (an ended window reads as none), then keeps them as the work left
     * them. No other call for the same address runs in between, on any instance.
     */
    <T> T update(String username, String address, Instant now, Function<Pair, T> work);

    /** The two windows one attempt touches; null where none is open. The work may change or replace them. */
    final class Pair {
        LoginWindow pair;
        LoginWindow source;

        Pair(LoginWindow pair, LoginWindow source) {
            this.pair = pair;
            this.source = source;
        }
    }

    /** Failures of one key since its window opened. */
    final class LoginWindow {
        final Instant end;
        int failures;
        Instant lastFailure;

        LoginWindow(Instant end, int failures, Instant lastFailure) {
            this.end = end;
            this.failures = failures;
            this.lastFailure = lastFailure;
        }
    }
}
