package org.trucewatch.access;

import io.micronaut.context.annotation.Value;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

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
 * <p>Kept in this instance's memory, at most {@code maxTrackedKeys} keys; when full the oldest
 * window is dropped first, which is also the one nearest its end.
 */
@Singleton
class LoginRateLimiter {
    private final int failuresBeforeDelay;
    private final Duration firstDelay;
    private final int maxPerUserAndAddress;
    private final int maxPerAddress;
    private final Duration window;
    private final Clock clock;
    // Insertion order is the order windows opened: the eldest entry always ends first.
    private final LinkedHashMap<String, Window> windows;

    @Inject
    LoginRateLimiter(@Value("${trucewatch.security.login.failures-before-delay:3}") int failuresBeforeDelay,
                     @Value("${trucewatch.security.login.first-delay:1s}") Duration firstDelay,
                     @Value("${trucewatch.security.login.max-failures-per-user-and-address:10}") int maxPerUserAndAddress,
                     @Value("${trucewatch.security.login.max-failures-per-address:50}") int maxPerAddress,
                     @Value("${trucewatch.security.login.window:15m}") Duration window,
                     @Value("${trucewatch.security.login.max-tracked-keys:50000}") int maxTrackedKeys,
                     Clock clock) {
        this.failuresBeforeDelay = failuresBeforeDelay;
        this.firstDelay = firstDelay;
        this.maxPerUserAndAddress = maxPerUserAndAddress;
        this.maxPerAddress = maxPerAddress;
        this.window = window;
        this.clock = clock;
        this.windows = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Window> eldest) {
                return size() > maxTrackedKeys;
            }
        };
    }

    /**
     * Admits one attempt, or says how long the address must wait ({@link Duration#ZERO} when
     * admitted). An admitted attempt counts as a failure at once, until {@link #succeeded} takes
     * it back: otherwise guesses sent in parallel would all pass before the first was counted.
     */
    synchronized Duration admit(String username, String address) {
        Instant now = clock.instant();
        dropEnded(now);
        String pairKey = pairKey(username, address);
        String addressKey = addressKey(address);
        Window pair = live(pairKey, now);
        Window source = live(addressKey, now);
        Instant until = later(pairRefusedUntil(pair), addressRefusedUntil(source));
        if (until != null && until.isAfter(now)) {
            return Duration.between(now, until);
        }
        fail(pairKey, now);
        fail(addressKey, now);
        return Duration.ZERO;
    }

    /** The password was right: the pair starts afresh, and the address's count loses this attempt. */
    synchronized void succeeded(String username, String address) {
        windows.remove(pairKey(username, address));
        Window source = windows.get(addressKey(address));
        if (source != null && source.failures > 0) {
            source.failures--;
        }
    }

    /**
     * The attempt never reached a password check (the database was out of reach): it is
     * taken back from both counts, so an outage does not lock out those who retry through it.
     */
    synchronized void abandoned(String username, String address) {
        for (String key : java.util.List.of(pairKey(username, address), addressKey(address))) {
            Window w = windows.get(key);
            if (w != null && w.failures > 0) {
                w.failures--;
            }
        }
    }

    /** When the address may try this name again; null: now. */
    private Instant pairRefusedUntil(Window pair) {
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

    private Instant addressRefusedUntil(Window source) {
        return source != null && source.failures >= maxPerAddress ? source.end : null;
    }

    private void fail(String key, Instant now) {
        // Looked up again: opening the pair's window may have pushed the address's out when full.
        Window w = live(key, now);
        if (w == null) {
            w = new Window(now.plus(window));
            windows.put(key, w);
        }
        w.failures++;
        w.lastFailure = now;
    }

    private Window live(String key, Instant now) {
        Window w = windows.get(key);
        if (w != null && !w.end.isAfter(now)) {
            windows.remove(key);
            return null;
        }
        return w;
    }

    /**
     * Forgets windows that have ended. They sit at the head, as windows open in time order
     * (should the clock step back, {@link #live} still ignores an ended one found further on).
     */
    private void dropEnded(Instant now) {
        Iterator<Window> eldest = windows.values().iterator();
        while (eldest.hasNext()) {
            if (eldest.next().end.isAfter(now)) {
                return;
            }
            eldest.remove();
        }
    }

    /** How many keys are tracked now, for tests of the memory bound. */
    synchronized int trackedKeys() {
        return windows.size();
    }

    // A NUL cannot occur in a user name (LocalUserAuthenticationProvider's pattern) nor an address.
    private static String pairKey(String username, String address) {
        return "pair\0" + username + "\0" + address;
    }

    private static String addressKey(String address) {
        return "address\0" + address;
    }

    private static Instant later(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        return b == null || a.isAfter(b) ? a : b;
    }

    /** Failures of one key since its window opened. */
    private static final class Window {
        final Instant end;
        int failures;
        Instant lastFailure;

        Window(Instant end) {
            this.end = end;
        }
    }
}
