package org.trucewatch.zones;

import org.trucewatch.zones.model.Relation;
import org.trucewatch.zones.model.ZoneType;
import org.trucewatch.zones.engine.ZoneFinding;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.UUID;

/**
 * How one report relates to one zone version. {@code distanceM} is metres on the WGS 84
 * ellipsoid from the report to the zone's boundary (inside or out) or to the line;
 * {@code intersects} says whether the report, taken exactly as reported, meets the zone.
 * For ceasefire lines only: {@code side} ({@code left}/{@code right} of the digitising
 * direction) with its {@code sideLabel} from the zone's {@code sides}, {@code crosses} (a
 * movement went over the line) and {@code near} (within the zone's {@code nearLineM}).
 * {@code reportId} is null for an evaluation that was not stored. {@code name} is the zone
 * version's name by language tag (what a monitor reads instead of a code), or null.
 */
public record ZoneRelationView(UUID reportId, String zoneCode, ZoneType zoneType, int zoneVersion, String mechanism,
                               Relation relation, double distanceM, boolean intersects, String side,
                               String sideLabel, Boolean crosses, Boolean near, double accuracyM, ObjectNode name) {

    static ZoneRelationView of(UUID reportId, ZoneFinding f, double accuracyM) {
        return new ZoneRelationView(reportId, f.zone().code(), f.zone().type(), f.zone().version(),
                f.zone().mechanism(), f.relation(), f.distanceM(), f.intersects(), f.sideCode(), f.sideLabel(),
                f.crosses(), f.near(), accuracyM, f.zone().name() == null ? null : f.zone().name().deepCopy());
    }
}
