package org.trucewatch.mechanisms;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.GeneratedValue;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;
import java.util.UUID;

/**
 * A row of {@code incident_event} (schema: migrations/V6): one entry of an incident's history,
 * comments included. {@code seq} is the database's identity, null until stored. The API shows
 * it as {@link IncidentRecordRepository.Event}.
 */
@MappedEntity("incident_event")
record IncidentEvent(@Id @GeneratedValue @Nullable Long seq, UUID incidentId, Instant at, String actor, String kind,
                     @Nullable String fromStatus, @Nullable String toStatus, @Nullable String fromLevel,
                     @Nullable String toLevel, @Nullable String body) {

    IncidentRecordRepository.Event view() {
        return new IncidentRecordRepository.Event(seq, at, actor, kind, fromStatus, toStatus, fromLevel, toLevel, body);
    }
}
