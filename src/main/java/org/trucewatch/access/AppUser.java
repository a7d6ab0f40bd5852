package org.trucewatch.access;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;
import java.util.UUID;

/**
 * A row of {@code app_user} (schema: migrations/V2). It carries the password hash, so it is
 * for authentication and the admin API's lookups only and never leaves this package.
 */
@MappedEntity("app_user")
record AppUser(@Id UUID id, String username, @Nullable String displayName, @Nullable String passwordHash,
               boolean enabled, Instant createdAt) {
}
