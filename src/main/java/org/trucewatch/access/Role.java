package org.trucewatch.access;

import java.util.Arrays;
import java.util.Optional;

/** The roles a user can hold; all but {@link #ADMIN} are held per mechanism. */
public enum Role {
    /** Field monitor: submits reports, reads their own. */
    MONITOR("monitor"),
    /** Chair of a mechanism (and the chair's staff), per level and team: sees everything of the mechanism. */
    CHAIR("chair"),
    /** A party's delegate to a mechanism: sees its incidents without confidential fields. */
    PARTY_DELEGATE("party_delegate"),
    /** GIS staff: layers and exports of a mechanism, redacted. */
    GIS_ANALYST("gis_analyst"),
    /** Manages users, zones and mechanisms; sees no reports by this role alone. */
    ADMIN("admin");

    private final String code;

    Role(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    public static Optional<Role> of(String code) {
        return Arrays.stream(values()).filter(r -> r.code.equals(code)).findFirst();
    }
}
