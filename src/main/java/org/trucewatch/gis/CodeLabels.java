package org.trucewatch.gis;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/** Code lists with their English labels, for the enums of a layer's JSON Schema ({@link Layer#codes}). */
final class CodeLabels {
    private CodeLabels() {
    }

    /** A taxonomy array of {@code {"code": …, "labels": {"en": …}}} as code → English label, in order. */
    static Map<String, String> of(JsonNode terms) {
        Map<String, String> out = new LinkedHashMap<>();
        terms.forEach(t -> out.put(t.path("code").asText(), t.path("labels").path("en").asText("")));
        return out;
    }

    /** Only {@code codes}, in their order, labelled from {@code labels} (empty text when unlabelled). */
    static Map<String, String> only(Collection<String> codes, Map<String, String> labels) {
        Map<String, String> out = new LinkedHashMap<>();
        codes.forEach(c -> out.put(c, labels.getOrDefault(c, "")));
        return out;
    }
}
