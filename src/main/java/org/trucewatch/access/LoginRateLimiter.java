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
 * Slows password guessing: after a number of failures for one username, or (a higher
 * number) from one client address, within {@code window}, further attempts are refused
 * until the oldest failure leaves the window, whether or not the password is right. Kept in memory per service
 * instance (docs/security.md says what that means behind a load balancer).
 */
@Singleton
class LoginRateLimiter {
    private final Map<String, Deque<Instant>> failures = new ConcurrentHashMap<>();
    private final int maxPerUser;
    private final int maxPerAddress;
    private final Duration window;
    private final Clock clock;

    LoginRateLimiter(@Value("${trucewatch.security.login.max-failures-per-user:5}") int maxPerUser,
                     @Value("${trucewatch.security.login.max-failures-per-address:50}") int maxPerAddress,
                     @Value("${trucewatch.security.login.window:15m}") Duration window, Clock clock) {
        this.maxPerUser = maxPerUser;
        this.maxPerAddress = maxPerAddress;
        this.window = window;
        this.clock = clock;
    }

    /** How long the caller must wait, or {@link Duration#ZERO} when an attempt is allowed now. */
    Duration waitFor(String username, String address) {
        return max(wait("user:" + username, maxPerUser), wait("addr:" + address, maxPerAddress));
    }

    void recordFailure(String username, String address) {
        Instant now = clock.instant();
        record(now, "user:" + username, maxPerUser);
        record(now, "addr:" + address, maxPerAddress);
    }

    private void record(Instant now, String key, int max) {
        Deque<Instant> times = failures.computeIfAbsent(key, k -> new ArrayDeque<>());
        synchronized (times) {
            times.addLast(now);
            while (times.size() > max) {
                times.removeFirst();
            }
        }
    }

    void recordSuccess(String username) {
        failures.remove("user:" + username);
    }

    private Duration wait(String key, int max) {
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
