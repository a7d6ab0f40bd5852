package org.trucewatch.zones;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

/** Builds zone files as a GIS user would write them; each feature is valid unless a test changes it. */
final class ZoneFileJson {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final ObjectNode collection = JSON.createObjectNode().put("type", "FeatureCollection");
    private final ArrayNode features = collection.putArray("features");

    static ZoneFileJson file() {
        return new ZoneFileJson();
    }

    /** A unique code so tests sharing one database never meet. */
    static String code(String stem) {
        return stem + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Adds a feature; {@code geometry} and {@code properties} are JSON text. */
    ZoneFileJson feature(String geometry, String properties) {
        ObjectNode f = features.addObject().put("type", "Feature");
        f.set("geometry", parse(geometry));
        f.set("properties", parse(properties));
        return this;
    }

    ZoneFileJson area(String code, String type, String polygonCoordinates, String extraProperties) {
        return feature("{\"type\":\"Polygon\",\"coordinates\":" + polygonCoordinates + "}",
                "{\"code\":\"" + code + "\",\"type\":\"" + type + "\",\"name\":{\"en\":\"" + code + "\",\"fr\":\"" + code
                        + "\"},\"validFrom\":\"2020-01-01T00:00:00Z\"" + extraProperties + "}");
    }

    /** A square of {@code side} degrees with its south-west corner at (lon, lat). */
    static String square(double lon, double lat, double side) {
        return "[[[" + lon + "," + lat + "],[" + (lon + side) + "," + lat + "],[" + (lon + side) + "," + (lat + side)
                + "],[" + lon + "," + (lat + side) + "],[" + lon + "," + lat + "]]]";
    }

    byte[] bytes() {
        return collection.toString().getBytes(StandardCharsets.UTF_8);
    }

    ImportZonesCommand command(String mechanism) {
        return new ImportZonesCommand("test.geojson", bytes(), mechanism, null, false, null, "test");
    }

    static ImportZonesCommand command(byte[] content, String mechanism, boolean repair, Instant validFrom) {
        return new ImportZonesCommand("test", content, mechanism, null, repair, validFrom, "test");
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalArgumentException(json, e);
        }
    }
}
