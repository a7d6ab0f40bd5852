package org.trucewatch.mechanisms;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Builds {@link VocabularyView} from the enums that define the codes and their rules
 * ({@link IncidentStatus}, {@link Finding}, {@link PartyPosition}, {@link Severity}), with the
 * labels of {@value #RESOURCE}. A code without a label in every language, or a label for a
 * code the enums do not have, stops the service at start-up.
 */
@Singleton
public class Vocabulary {
    static final String RESOURCE = "vocabulary/incident-labels.json";

    private final VocabularyView view;

    Vocabulary(ObjectMapper mapper) {
        JsonNode labels;
        try (InputStream in = Vocabulary.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing classpath resource " + RESOURCE);
            }
            labels = mapper.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
        List<String> languages = new ArrayList<>();
        labels.path("languages").forEach(l -> languages.add(l.asText()));
        Labels statuses = new Labels(labels.path("statuses"), languages, "statuses");
        Labels findings = new Labels(labels.path("findings"), languages, "findings");
        Labels positions = new Labels(labels.path("positions"), languages, "positions");
        view = new VocabularyView(
                statuses.each(IncidentStatus.values(), IncidentStatus::code, (s, l) -> new VocabularyView.Status(
                        s.code(), s.isOpen(), s.isOnAgenda(), s.recordsFinding(), l)),
                findings.each(Finding.values(), Finding::code, (f, l) -> new VocabularyView.Term(f.code(), l)),
                positions.each(PartyPosition.values(), PartyPosition::code, (p, l) -> new VocabularyView.Term(p.code(), l)),
                new VocabularyView.Scale(Severity.MIN, Severity.MAX), QueueId.TRIAGE);
    }

    public VocabularyView view() {
        return view;
    }

    /** One group of the labels file: code → {language: label}. */
    private record Labels(JsonNode group, List<String> languages, String name) {

        <E, T> List<T> each(E[] values, Function<E, String> code, BiFunction<E, Map<String, String>, T> term) {
            Set<String> unknown = new TreeSet<>();
            group.fieldNames().forEachRemaining(unknown::add);
            List<T> out = new ArrayList<>();
            for (E value : values) {
                out.add(term.apply(value, labels(code.apply(value))));
                unknown.remove(code.apply(value));
            }
            if (!unknown.isEmpty()) {
                throw new IllegalStateException(RESOURCE + ": " + name + " has labels for codes that do not exist: " + unknown);
            }
            return out;
        }

        private Map<String, String> labels(String code) {
            Map<String, String> out = new LinkedHashMap<>();
            for (String language : languages) {
                String label = group.path(code).path(language).asText("");
                if (label.isBlank()) {
                    throw new IllegalStateException(RESOURCE + ": " + name + "." + code + " has no label in " + language);
                }
                out.put(language, label);
            }
            return Collections.unmodifiableMap(out);
        }
    }
}
