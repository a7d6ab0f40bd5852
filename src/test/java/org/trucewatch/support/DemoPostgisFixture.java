package org.trucewatch.support;

import java.util.HashMap;
import java.util.Map;

/**
 * A {@link PostgisFixture} of the service as {@code bin/trucewatch run} starts it: demo mode,
 * with the demo users, sample zones, mechanisms and reports loaded.
 */
public interface DemoPostgisFixture extends PostgisFixture {
    @Override
    default Map<String, String> getProperties() {
        Map<String, String> p = new HashMap<>(TestDatabase.get().properties());
        p.put("trucewatch.demo.enabled", "true");
        return p;
    }
}
