package org.trucewatch.zones;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/** Names a derived security zone after its area, in the area's languages (English pattern otherwise). */
final class SecurityZoneNames {
    private static final Map<String, String> PATTERNS = Map.of(
            "en", "Security zone of %s",
            "fr", "Zone de sécurité de %s",
            "es", "Zona de seguridad de %s",
            "ar", "المنطقة الأمنية لـ %s");

    private SecurityZoneNames() {
    }

    static ObjectNode of(ObjectNode areaName) {
        ObjectNode name = areaName.objectNode();
        areaName.fields().forEachRemaining(e -> {
            String language = e.getKey().split("-")[0];
            name.put(e.getKey(), String.format(PATTERNS.getOrDefault(language, PATTERNS.get("en")), e.getValue().asText()));
        });
        return name;
    }
}
