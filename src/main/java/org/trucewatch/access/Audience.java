package org.trucewatch.access;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Whom a figure is for (docs/security.md, "Numbers"): the chair's staff ({@code internal}),
 * the parties' delegates and GIS staff ({@code parties}: counts only, of their mechanisms),
 * or anyone ({@code public}: counts only, small cells suppressed). {@link AccessPolicy#audience}
 * decides which one a reader may ask for.
 */
public enum Audience {
    INTERNAL, PARTIES, PUBLIC;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Audience> of(String code) {
        return Arrays.stream(values()).filter(a -> a.code().equals(code)).findFirst();
    }
}
