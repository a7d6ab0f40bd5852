package org.trucewatch.mechanisms;

import io.micronaut.data.annotation.Embeddable;
import io.micronaut.data.annotation.EmbeddedId;
import io.micronaut.data.annotation.MappedEntity;
import io.micronaut.data.annotation.MappedProperty;
import io.micronaut.data.annotation.TypeDef;
import io.micronaut.data.annotation.sql.ColumnTransformer;
import io.micronaut.data.model.DataType;
import java.time.Instant;

/**
 * A row of {@code mechanism_protocol} (schema: migrations/V6): one version of a protocol as
 * loaded. The levels, teams and parties live inside the {@code jsonb} definition, read by
 * {@link ProtocolReader}; they have no tables of their own.
 */
@MappedEntity("mechanism_protocol")
record StoredProtocol(@EmbeddedId Key id,
                      // jsonb, handed over as text: ProtocolReader parses it.
                      @TypeDef(type = DataType.STRING) @ColumnTransformer(write = "CAST(? AS jsonb)") String definition,
                      Instant loadedAt, String loadedBy) {

    /** Named columns: Micronaut Data would otherwise prefix them with {@code id_}. */
    @Embeddable
    record Key(@MappedProperty("code") String code, @MappedProperty("version") int version) {
    }
}
