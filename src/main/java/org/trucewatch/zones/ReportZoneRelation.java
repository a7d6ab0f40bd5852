package org.trucewatch.zones;

import org.trucewatch.zones.engine.ZoneFinding;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Embeddable;
import io.micronaut.data.annotation.EmbeddedId;
import io.micronaut.data.annotation.MappedEntity;
import io.micronaut.data.annotation.MappedProperty;
import java.time.Instant;
import java.util.UUID;

/**
 * A row of {@code report_zone_relation} (schema: migrations/V3): what the geofence found for
 * one report and one zone version. {@code relation} and {@code side} hold the codes the
 * table's CHECKs allow ({@link Relation#code()}, {@code left}/{@code right}).
 */
@MappedEntity("report_zone_relation")
record ReportZoneRelation(@EmbeddedId Key id, String relation, double distanceM, boolean intersects,
                          @Nullable String side, @Nullable String sideLabel, @Nullable Boolean crosses,
                          @Nullable Boolean near, double accuracyM, Instant evaluatedAt) {

    /** Named columns: Micronaut Data would otherwise prefix them with {@code id_}. */
    @Embeddable
    record Key(@MappedProperty("report_id") UUID reportId, @MappedProperty("zone_id") UUID zoneId,
               @MappedProperty("zone_version") int zoneVersion) {
    }

    static ReportZoneRelation of(UUID reportId, ZoneFinding f, double accuracyM, Instant at) {
        return new ReportZoneRelation(new Key(reportId, f.zone().zoneId(), f.zone().version()), f.relation().code(),
                f.distanceM(), f.intersects(), f.sideCode(), f.sideLabel(), f.crosses(), f.near(), accuracyM, at);
    }
}
