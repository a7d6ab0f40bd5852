package org.trucewatch.mechanisms;

/**
 * What the geofence found for a report and one zone, as routing and the violation rules
 * need it: {@code relation} is {@code inside}, {@code outside} or {@code indeterminate};
 * {@code crosses} and {@code near} are set for ceasefire lines.
 */
public record ZoneHit(String zoneCode, String zoneType, String relation, boolean crosses, boolean near) {

    boolean isInOrStraddles() {
        return "inside".equals(relation) || "indeterminate".equals(relation);
    }
}
