package org.trucewatch.zones.model;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.UUID;
import org.locationtech.jts.geom.Geometry;

/**
 * One stored version of a zone. Versions of a zone never overlap in time
 * ({@code [validFrom, validTo)}, open when {@code validTo} is null); a report is judged
 * against the version valid at its observedAt. {@code placement} says how its geometry
 * reached WGS 84 (source CRS, transformations and their accuracy; null for versions
 * imported before that was recorded).
 */
public record ZoneVersion(UUID zoneId, String code, ZoneType type, String mechanism, String derivedFrom, int version,
                   ObjectNode name, ObjectNode properties, Geometry geometry, Instant validFrom, Instant validTo,
                   Instant recordedAt, ObjectNode placement) {

    public ZoneVersion(UUID zoneId, String code, ZoneType type, String mechanism, String derivedFrom, int version,
                       ObjectNode name, ObjectNode properties, Geometry geometry, Instant validFrom, Instant validTo,
                       Instant recordedAt) {
        this(zoneId, code, type, mechanism, derivedFrom, version, name, properties, geometry, validFrom, validTo,
                recordedAt, null);
    }

    public boolean validAt(Instant t) {
        return !t.isBefore(validFrom) && (validTo == null || t.isBefore(validTo));
    }

    /** A positive number property, or {@code fallback} when absent. */
    public double metres(String property, double fallback) {
        return properties.path(property).isNumber() ? properties.path(property).doubleValue() : fallback;
    }

    public ZoneView view() {
        return new ZoneView(code, type, mechanism, version, name.deepCopy(), properties.deepCopy(), geometry,
                validFrom, validTo, derivedFrom, recordedAt, placement == null ? null : placement.deepCopy());
    }
}
