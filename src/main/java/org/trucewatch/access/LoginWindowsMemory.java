package org.trucewatch.access;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The windows in this instance's memory ({@code trucewatch.security.login.counters: memory}):
 * right for a single instance, wrong behind a load balancer, where each instance would grant
 * its own budget. At most {@code maxTrackedKeys} keys; when full the oldest window is dropped
 * first, which is also the one nearest its end (the bound fails open, never closed).
 */
@Singleton
@Requires(property = "trucewatch.security.login.counters", value = "memory")
class LoginWindowsMemory implements LoginWindows {
    // Insertion order is the order windows opened: the eldest entry always ends first.
    private final LinkedHashMap<String, LoginWindow> windows;

    @Inject
    LoginWindowsMemory(@Value("${trucewatch.security.login.max-tracked-keys:50000}") int maxTrackedKeys) {
        this.windows = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, LoginWindow> eldest) {
                return size() > maxTrackedKeys;
            }
        };
    }

    @Override
    public synchronized <T> T update(String username, String address, Instant now, Function<Pair, T> work) {
        dropEnded(now);
        String pairKey = pairKey(username, address);
        String addressKey = addressKey(address);
        Pair windowsOf = new Pair(live(pairKey, now), live(addressKey, now));
        T result = work.apply(windowsOf);
        // The pair first, as the limiter opens it first: a new window goes to the end of the order.
        keep(pairKey, windowsOf.pair);
        keep(addressKey, windowsOf.source);
        return result;
    }

    private void keep(String key, LoginWindow w) {
        if (w == null) {
            windows.remove(key);
        } else if (windows.get(key) != w) {
            windows.put(key, w);
        }
    }

    private LoginWindow live(String key, Instant now) {
        LoginWindow w = windows.get(key);
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
        Iterator<LoginWindow> eldest = windows.values().iterator();
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
}
