package org.trucewatch.taxonomy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The versioned catalogue of ceasefire-violation categories, time precisions and source
 * grading, with labels in every supported language. Loaded once from
 * {@code taxonomy/ceasefire-violations.json}; codes are stable across versions.
 */
@Singleton
public class Taxonomy {
    static final String RESOURCE = "taxonomy/ceasefire-violations.json";

    private final JsonNode document;
    private final String version;
    private final Map<String, Boolean> categories = new LinkedHashMap<>();
    private final Set<String> sourceTypes = new LinkedHashSet<>();
    private final Set<String> timePrecisions = new LinkedHashSet<>();
    private final Set<String> reliabilities = new LinkedHashSet<>();

    public Taxonomy(ObjectMapper mapper) {
        try (InputStream in = Taxonomy.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing classpath resource " + RESOURCE);
            }
            document = mapper.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
        version = document.path("id").asText() + "/" + document.path("version").asText();
        document.path("categories").forEach(c -> categories.put(c.path("code").asText(), c.path("sensitive").asBoolean()));
        document.path("sourceTypes").forEach(c -> sourceTypes.add(c.path("code").asText()));
        document.path("timePrecisions").forEach(c -> timePrecisions.add(c.path("code").asText()));
        document.path("sourceReliability").path("values").forEach(c -> reliabilities.add(c.path("code").asText()));
    }

    /** The whole document as served at {@code /api/v1/taxonomy}. */
    public JsonNode document() {
        return document;
    }

    /** {@code id/version}, stored with each report so a later reader knows which labels applied. */
    public String version() {
        return version;
    }

    public Set<String> categoryCodes() {
        return categories.keySet();
    }

    public boolean isCategory(String code) {
        return categories.containsKey(code);
    }

    /** Categories whose reports only the chair's staff may see (conflict-related sexual violence, children). */
    public boolean isSensitive(String code) {
        return categories.getOrDefault(code, false);
    }

    public Set<String> sourceTypes() {
        return sourceTypes;
    }

    public Set<String> timePrecisions() {
        return timePrecisions;
    }

    public Set<String> reliabilities() {
        return reliabilities;
    }
}
