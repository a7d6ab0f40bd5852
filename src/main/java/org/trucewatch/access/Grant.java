package org.trucewatch.access;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.UUID;

/**
 * One role held by a user: in a mechanism (all roles but admin), at a level and team (chairs),
 * for a party (party delegates).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Grant(UUID id, String role, String mechanism, String level, String team, String party) {
}
