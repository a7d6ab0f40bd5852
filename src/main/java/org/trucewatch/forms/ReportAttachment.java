package org.trucewatch.forms;

import io.micronaut.data.annotation.Embeddable;
import io.micronaut.data.annotation.EmbeddedId;
import io.micronaut.data.annotation.MappedEntity;
import io.micronaut.data.annotation.MappedProperty;
import java.time.Instant;
import java.util.UUID;

/**
 * A row of {@code report_attachment} (schema: migrations/V20, V85): a file of a report; its
 * bytes are the large object {@code contentOid}. Mapped for the repository's type only:
 * every read and write is a query of {@link AttachmentRepository}.
 */
@MappedEntity("report_attachment")
record ReportAttachment(@EmbeddedId Key id, String contentType, long sizeBytes, byte[] sha256, long contentOid,
                        Instant receivedAt, String receivedBy) {

    /** Named columns: Micronaut Data would otherwise prefix them with {@code id_}. */
    @Embeddable
    record Key(@MappedProperty("report_id") UUID reportId, @MappedProperty("name") String name) {
    }
}
