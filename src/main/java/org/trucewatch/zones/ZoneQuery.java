package org.trucewatch.zones;

import org.trucewatch.zones.model.ZoneType;
import java.time.Instant;

/** Which zones to list or export: those valid at {@code at} (null: now), optionally of one mechanism and type. */
public record ZoneQuery(String mechanism, ZoneType type, Instant at) {
    public static ZoneQuery all() {
        return new ZoneQuery(null, null, null);
    }
}
