package org.trucewatch.access;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** The signed-in user and the grants the database holds for them now (not the token's copy). */
public record Principal(String username, List<Grant> grants) {

    public boolean isAdmin() {
        return grants.stream().anyMatch(g -> Role.ADMIN.code().equals(g.role()));
    }

    /** The mechanisms in which the user holds any of {@code roles}. */
    public Set<String> mechanismsAs(Role... roles) {
        Set<String> codes = Set.of(roles).stream().map(Role::code).collect(Collectors.toSet());
        return grants.stream().filter(g -> codes.contains(g.role()) && g.mechanism() != null)
                .map(Grant::mechanism).collect(Collectors.toCollection(java.util.TreeSet::new));
    }
}
