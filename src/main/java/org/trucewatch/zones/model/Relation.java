package org.trucewatch.zones.model;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Where a report lies relative to a zone, accuracy included. For a ceasefire line the
 * "zone" is the band within its {@code nearLineM}.
 */
public enum Relation {
    /** Inside even if the report is off by its whole accuracy (on the boundary counts as inside when accuracy is 0). */
    INSIDE("inside"),
    /** Outside even if the report is off by its whole accuracy. */
    OUTSIDE("outside"),
    /**
     * The accuracy circle straddles the boundary (distance to it is less than the accuracy),
     * or a line or area report lies partly inside and partly outside.
     */
    INDETERMINATE("indeterminate");

    private final String code;

    Relation(String code) {
        this.code = code;
    }

    @JsonValue
    public String code() {
        return code;
    }

    public static Relation of(String code) {
        for (Relation r : values()) {
            if (r.code.equals(code)) {
                return r;
            }
        }
        throw new IllegalArgumentException("unknown relation " + code);
    }
}
