package org.trucewatch.review;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.GeneratedValue;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;
import java.util.UUID;

/**
 * A row of {@code notable_mark} (migrations/V111): the chair marked an incident notable for the
 * periodic reports ({@code summary} set), changed the mark, or withdrew it ({@code summary} null).
 * {@code seq} is the database's identity, null until stored.
 */
@MappedEntity("notable_mark")
record NotableMarkRow(@Id @GeneratedValue @Nullable Long seq, UUID incidentId, @Nullable String summary,
                      boolean publishable, String markedBy, Instant markedAt) {

    /** Whether this row is a mark in force, not a withdrawal. */
    boolean marks() {
        return summary != null;
    }
}
