package org.trucewatch.access;

import io.micronaut.context.annotation.Value;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.trucewatch.access.LoginWindows.LoginWindow;

/**
 * Slows password guessing without giving anyone a way to lock an account: every limit is per
 * client address ({@link ClientAddress}), never per user name alone, so failures elsewhere
 * never refuse the owner signing in from their own address.
 * <ul>
 *   <li>Per (user name, address): the first {@code failuresBeforeDelay} failures cost nothing;
 *       then the address waits {@code firstDelay} before its next attempt for that name, twice
 *       as long after each further failure; after {@code maxPerUserAndAddress} failures it is
 *       refused for that name until the window ends.</li>
 *   <li>Per address, whatever the names (password spraying): after {@code maxPerAddress}
 *       failures it is refused as a whole until the window ends.</li>
 * </ul>
 * A key's window opens at its first failure and lasts {@code window}; then the key is
 * forgotten. A refused attempt is not a failure (no password was checked), so waiting out a
 * refusal is enough. A success clears its (name, address) pair only: one valid account must not
 * buy an address a fresh budget for spraying the others.
 *
 * <p>The counts live in a {@link LoginWindows} store: by default the database, so that every
 * instance behind a load balancer draws on the same budget per key ({@code
 * trucewatch.security.login.counters: memory} keeps them in this instance, bounded by {@code
 * maxTrackedKeys}).
 */
@Singleton
class LoginRateLimiter {
    private static final Logger LOG = LoggerFactory.getLogger(LoginRateLimiter.class);
    private final int failuresBeforeDelay;
    private final Duration firstDelay;
    private final int maxPerUserAndAddress;
    private final int maxPerAddress;
    private final Duration window;
    private final Clock clock;
    private final LoginWindows windows;

    @Inject
    LoginRateLimiter(@Value("${trucewatch.security.login.failures-before-delay:3}") int failuresBeforeDelay,
                     @Value("${trucewatch.security.login.first-delay:1s}") Duration firstDelay,
                     @Value("${trucewatch.security.login.max-failures-per-user-and-address:10}") int maxPerUserAndAddress,
                     @Value("${trucewatch.security.login.max-failures-per-address:50}") int maxPerAddress,
                     @Value("${trucewatch.security.login.window:15m}") Duration window,
                     LoginWindows windows,
                     Clock clock) {
        this.failuresBeforeDelay = failuresBeforeDelay;
        this.firstDelay = firstDelay;
        this.maxPerUserAndAddress = maxPerUserAndAddress;
        this.maxPerAddress = maxPerAddress;
        this.window = window;
        this.windows = windows;
        this.clock = clock;
    }

    /** Counting in this instance's memory, at most {@code maxTrackedKeys} keys. */
    LoginRateLimiter(int failuresBeforeDelay, Duration firstDelay, int maxPerUserAndAddress, int maxPerAddress,
                     Duration window, int maxTrackedKeys, Clock clock) {
        this(failuresBeforeDelay, firstDelay, maxPerUserAndAddress, maxPerAddress, window,
                new LoginWindowsMemory(maxTrackedKeys), clock);
    }

    /**
     * Admits one attempt, or says how long the address must wait ({@link Duration#ZERO} when
     * admitted). An admitted attempt counts as a failure at once, until {@link #succeeded} takes
     * it back: otherwise guesses sent in parallel (to any instance) would all pass before the
     * first was counted.
     */
    Duration admit(String username, String address) {
        Instant now = clock.instant();
        return windows.update(username, address, now, w -> {
            Instant until = later(pairRefusedUntil(w.pair), addressRefusedUntil(w.source));
            if (until != null && until.isAfter(now)) {
                return Duration.between(now, until);
            }
            w.pair = fail(w.pair, now);
            w.source = fail(w.source, now);
            return Duration.ZERO;
        });
    }

    /** The password was right: the pair starts afresh, and the address's count loses this attempt. */
    void succeeded(String username, String address) {
        windows.update(username, address, clock.instant(), w -> {
            w.pair = null;
            takeBack(w.source);
            return null;
        });
    }

    /**
     * The attempt never reached a password check (the database was out of reach): it is
     * taken back from both counts, so an outage does not lock out those who retry through it.
     * When the counts themselves cannot be reached, the attempt stays counted (logged): the
     * caller's own failure is what the client hears.
     */
    void abandoned(String username, String address) {
        try {
            windows.update(username, address, clock.instant(), w -> {
                takeBack(w.pair);
                takeBack(w.source);
                return null;
            });
        } catch (RuntimeException e) {
            LOG.warn("could not take back an abandoned sign-in attempt: {}", e.toString());
        }
    }

    private static void takeBack(LoginWindow w) {
        if (w != null && w.failures > 0) {
            w.failures--;
        }
    }

    /** When the address may try this name again; null: now. */
    private Instant pairRefusedUntil(LoginWindow pair) {
        if (pair == null) {
            return null;
        }
        if (pair.failures >= maxPerUserAndAddress) {
            return pair.end;
        }
        if (pair.failures < failuresBeforeDelay) {
            return null;
        }
        // Doubling from firstDelay; the shift is capped so that it cannot overflow, and the
        // window's end caps the wait anyway.
        int doublings = Math.min(pair.failures - failuresBeforeDelay, 30);
        Instant delayed = pair.lastFailure.plus(firstDelay.multipliedBy(1L << doublings));
        return delayed.isBefore(pair.end) ? delayed : pair.end;
    }

    private Instant addressRefusedUntil(LoginWindow source) {
        return source != null && source.failures >= maxPerAddress ? source.end : null;
    }

    private LoginWindow fail(LoginWindow w, Instant now) {
        LoginWindow counted = w != null ? w : new LoginWindow(now.plus(window), 0, null);
        counted.failures++;
        counted.lastFailure = now;
        return counted;
    }

    /** How many keys are tracked now, for tests of the memory bound (memory store only). */
    int trackedKeys() {
        return ((LoginWindowsMemory) windows).trackedKeys();
    }

    private static Instant later(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        return b == null || a.isAfter(b) ? a : b;
    }
}
