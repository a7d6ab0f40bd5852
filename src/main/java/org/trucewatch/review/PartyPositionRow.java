package org.trucewatch.review;

import org.trucewatch.mechanisms.IncidentRecordRepository;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Embeddable;
import io.micronaut.data.annotation.EmbeddedId;
import io.micronaut.data.annotation.MappedEntity;
import io.micronaut.data.annotation.MappedProperty;
import java.time.Instant;
import java.util.UUID;

/**
 * A row of {@code party_position} (schema: migrations/V6): a party's position on an incident
 * at one level. The API shows it as {@link IncidentRecordRepository.Position}.
 */
@MappedEntity("party_position")
record PartyPositionRow(@EmbeddedId Key id, String position, @Nullable String statement, String recordedBy,
                     Instant recordedAt) {

    /** Named columns: Micronaut Data would otherwise prefix them with {@code id_}. */
    @Embeddable
    record Key(@MappedProperty("incident_id") UUID incidentId, @MappedProperty("level_code") String levelCode,
               @MappedProperty("party_code") String partyCode) {
    }

    IncidentRecordRepository.Position view() {
        return new IncidentRecordRepository.Position(id.levelCode(), id.partyCode(), position, statement, recordedBy,
                recordedAt);
    }
}
