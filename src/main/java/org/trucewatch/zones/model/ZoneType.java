package org.trucewatch.zones.model;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The kinds of zone a mechanism's protocol names (see docs/domain.md, "Geography"). Every
 * kind but the ceasefire line is an area; the security zone is never drawn, only derived
 * from a cantonment area's {@code securityZoneM}.
 */
public enum ZoneType {
    BUFFER_ZONE("buffer_zone"),
    AREA_OF_SEPARATION("area_of_separation"),
    AREA_OF_LIMITATION("area_of_limitation"),
    CANTONMENT_AREA("cantonment_area"),
    SECURITY_ZONE("security_zone"),
    CEASEFIRE_LINE("ceasefire_line"),
    AREA_OF_RESPONSIBILITY("area_of_responsibility");

    private final String code;

    ZoneType(String code) {
        this.code = code;
    }

    @JsonValue
    public String code() {
        return code;
    }

    public boolean lineal() {
        return this == CEASEFIRE_LINE;
    }

    public boolean derived() {
        return this == SECURITY_ZONE;
    }

    public static Optional<ZoneType> of(String code) {
        return Arrays.stream(values()).filter(t -> t.code.equals(code)).findFirst();
    }

    /** The codes a file may use (derived kinds excluded). */
    public static String importable() {
        return Arrays.stream(values()).filter(t -> !t.derived()).map(ZoneType::code).collect(Collectors.joining(", "));
    }
}
