package org.trucewatch.mechanisms;

import java.util.Arrays;

/** A party's position on an incident, recorded at each level the incident reaches. */
public enum PartyPosition {
    ACCEPTS, DISPUTES, NO_POSITION, NOT_YET_STATED;

    public String code() {
        return name().toLowerCase();
    }

    public static boolean isCode(String code) {
        return Arrays.stream(values()).anyMatch(p -> p.code().equals(code));
    }
}
