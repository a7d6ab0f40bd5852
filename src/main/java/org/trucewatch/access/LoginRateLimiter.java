package org.trucewatch.access;

import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows password guessing: after {@code max} failures for one username, or from one client
 * address, within {@code window}, further attempts are refused until the oldest failure
 * leaves the window, whether or not the password is right. Kept in memory per service
 * instance (docs/security.md says what that means behind a load balancer).
 */
@Singleton
class LoginRateLimiter {
    private final Map<String, Deque<Instant>> failures = new ConcurrentHashMap<>();
    private final int max;
    private final Duration window;
    private final Clock clock;

    LoginRateLimiter(@Value("${trucewatch.security.login.max-failures:5}") int max,
                     @Value("${trucewatch.security.login.window:15m}") Duration window, Clock clock) {
        this.max = max;
        this.window = window;
        this.clock = clock;
    }

    /** How long the caller must wait, or {@link Duration#ZERO} when an attempt is allowed now. */
    Duration waitFor(String username, String address) {
        return max(wait("user:" + username), wait("addr:" + address));
    }

    void recordFailure(String username, String address) {
        Instant now = clock.instant();
        for (String key : new String[] {"user:" + username, "addr:" + address}) {
            Deque<Instant> times = failures.computeIfAbsent(key, k -> new ArrayDeque<>());
            synchronized (times) {
                times.addLast(now);
                while (times.size() > max) {
                    times.removeFirst();
                }
            }
        }
    }

    void recordSuccess(String username) {
        failures.remove("user:" + username);
    }

    private Duration wait(String key) {
        Deque<Instant> times = failures.get(key);
        if (times == null) {
            return Duration.ZERO;
        }
        synchronized (times) {
            Instant now = clock.instant();
            times.removeIf(t -> t.plus(window).isBefore(now));
            if (times.size() < max) {
                return Duration.ZERO;
            }
            return Duration.between(now, times.peekFirst().plus(window));
        }
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
