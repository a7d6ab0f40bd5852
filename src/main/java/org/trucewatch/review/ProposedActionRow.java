package org.trucewatch.review;

import io.micronaut.data.annotation.Embeddable;
import io.micronaut.data.annotation.EmbeddedId;
import io.micronaut.data.annotation.MappedEntity;
import io.micronaut.data.annotation.MappedProperty;
import java.time.Instant;
import java.util.UUID;

/** A row of {@code proposed_action} (migrations/V106): the chair's proposed action on an incident at one level. */
@MappedEntity("proposed_action")
record ProposedActionRow(@EmbeddedId Key id, String text, String recordedBy, Instant recordedAt) {

    /** Named columns: Micronaut Data would otherwise prefix them with {@code id_}. */
    @Embeddable
    record Key(@MappedProperty("incident_id") UUID incidentId, @MappedProperty("level_code") String levelCode) {
    }
}
