package org.trucewatch.zones;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.UUID;
import org.trucewatch.intake.ReportAnnotation;

/**
 * A report's relations to the zones, in its Feature's {@code zones} (distances in metres on the
 * ellipsoid), each with the zone version's {@code name} by language tag.
 */
@Singleton
class ReportZonesAnnotation implements ReportAnnotation {
    private final GeofenceService geofence;
    private final ObjectMapper mapper;

    ReportZonesAnnotation(GeofenceService geofence, ObjectMapper mapper) {
        this.geofence = geofence;
        this.mapper = mapper;
    }

    @Override
    public void annotate(UUID reportId, ObjectNode properties) {
        ArrayNode z = properties.putArray("zones");
        Map<String, String> names = geofence.zoneNamesOf(reportId);
        for (ZoneRelationView r : geofence.relationsOf(reportId)) {
            ObjectNode o = z.addObject().put("zone", r.zoneCode()).put("type", r.zoneType().code())
                    .put("version", r.zoneVersion()).put("relation", r.relation().code())
                    .put("distanceM", Math.round(r.distanceM() * 100) / 100.0);
            String name = names.get(r.zoneCode() + "@" + r.zoneVersion());
            if (name != null) {
                o.set("name", readName(name));
            }
            if (r.side() != null) {
                o.put("side", r.side());
            }
            if (r.sideLabel() != null) {
                o.put("sideLabel", r.sideLabel());
            }
            if (r.crosses() != null) {
                o.put("crosses", r.crosses());
            }
            if (r.near() != null) {
                o.put("near", r.near());
            }
        }
    }

    private JsonNode readName(String json) {
        try {
            return mapper.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("zone_version.name is jsonb, so always JSON", e);
        }
    }
}
