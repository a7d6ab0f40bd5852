package org.trucewatch.zones.engine;

import org.trucewatch.zones.model.Relation;
import org.trucewatch.zones.model.ZoneVersion;

/**
 * What the engine found for one report against one zone version. {@code side} is +1 (left)
 * or -1 (right) for ceasefire lines and 0 otherwise; {@code crosses} and {@code near} are
 * null except for ceasefire lines.
 */
public record ZoneFinding(ZoneVersion zone, Relation relation, double distanceM, boolean intersects, int side,
                   Boolean crosses, Boolean near) {

    public String sideCode() {
        return side > 0 ? "left" : side < 0 ? "right" : null;
    }

    /** The party or label a ceasefire line's {@code sides} property gives the side, if any. */
    public String sideLabel() {
        String code = sideCode();
        if (code == null) {
            return null;
        }
        var label = zone.properties().path("sides").path(code);
        return label.isTextual() ? label.asText() : null;
    }
}
