package org.trucewatch.forms;

import io.micronaut.data.annotation.Embeddable;
import io.micronaut.data.annotation.EmbeddedId;
import io.micronaut.data.annotation.MappedEntity;
import io.micronaut.data.annotation.MappedProperty;
import java.time.Instant;
import java.util.UUID;

/** A row of {@code report_attachment} (schema: migrations/V20): a file of a report, with its bytes. */
@MappedEntity("report_attachment")
record ReportAttachment(@EmbeddedId Key id, String contentType, int sizeBytes, byte[] sha256, byte[] content,
                        Instant receivedAt, String receivedBy) {

    /** Named columns: Micronaut Data would otherwise prefix them with {@code id_}. */
    @Embeddable
    record Key(@MappedProperty("report_id") UUID reportId, @MappedProperty("name") String name) {
    }
}
