package org.trucewatch.access;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;
import java.util.UUID;

/** A row of {@code user_grant} (schema: migrations/V2); {@link Grant} is what the rest of the service sees of it. */
@MappedEntity("user_grant")
record UserGrant(@Id UUID id, UUID userId, String role, @Nullable String mechanismCode, @Nullable String levelCode,
                 @Nullable String teamCode, @Nullable String partyCode, Instant createdAt) {

    Grant grant() {
        return new Grant(id, role, mechanismCode, levelCode, teamCode, partyCode);
    }
}
