package org.trucewatch.support;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * Builds a report as a field device would send it, valid by default (a new
 * clientReportId, observed an hour ago, small-arms fire at a point in south Lebanon);
 * each test changes only what it is about.
 */
public final class ReportJson {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final ObjectNode feature = JSON.createObjectNode();

    private ReportJson() {
        feature.put("type", "Feature");
        geometry("{\"type\":\"Point\",\"coordinates\":[35.5,33.1]}");
        ObjectNode p = feature.putObject("properties");
        p.put("clientReportId", UUID.randomUUID().toString());
        p.put("observedAt", OffsetDateTime.now(ZoneOffset.ofHours(2)).minusHours(1).truncatedTo(ChronoUnit.SECONDS).toString());
        p.put("category", "SMALL_ARMS_FIRE");
        p.put("locationAccuracyM", 25);
    }

    public static ReportJson valid() {
        return new ReportJson();
    }

    public ReportJson geometry(String geoJson) {
        feature.set("geometry", parse(geoJson));
        return this;
    }

    public ReportJson point(double lon, double lat) {
        return geometry("{\"type\":\"Point\",\"coordinates\":[" + lon + "," + lat + "]}");
    }

    /** Sets a property; the value is JSON text ("\"x\"", "3", "{...}"). */
    public ReportJson with(String property, String jsonValue) {
        properties().set(property, parse(jsonValue));
        return this;
    }

    public ReportJson withText(String property, String text) {
        properties().put(property, text);
        return this;
    }

    public ReportJson without(String property) {
        properties().remove(property);
        return this;
    }

    /** Sets a top-level member of the Feature; the value is JSON text. */
    public ReportJson member(String name, String jsonValue) {
        feature.set(name, parse(jsonValue));
        return this;
    }

    public ReportJson withoutMember(String name) {
        feature.remove(name);
        return this;
    }

    public String clientReportId() {
        return feature.path("properties").path("clientReportId").asText(null);
    }

    public ObjectNode properties() {
        return (ObjectNode) feature.get("properties");
    }

    public ReportJson copy() {
        ReportJson copy = new ReportJson();
        copy.feature.removeAll();
        copy.feature.setAll(feature.deepCopy());
        return copy;
    }

    public String json() {
        try {
            return JSON.writeValueAsString(feature);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(json, e);
        }
    }
}
