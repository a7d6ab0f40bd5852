package org.trucewatch.reports;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import org.trucewatch.mechanisms.MechanismProtocol;
import org.trucewatch.mechanisms.Vocabulary;
import org.trucewatch.mechanisms.VocabularyView;
import org.trucewatch.taxonomy.Taxonomy;

/**
 * The words of the incident report document in one of the working languages: its headings from
 * {@value #RESOURCE}, statuses, findings and positions from the mechanisms' vocabulary, categories
 * from the taxonomy, parties and levels from the protocol. A word missing in a language falls back
 * to English, then to the code.
 */
@Singleton
class IncidentDocumentTexts {
    static final String RESOURCE = "reports/incident-document-labels.json";

    private final JsonNode words;
    private final VocabularyView vocabulary;
    private final Taxonomy taxonomy;

    IncidentDocumentTexts(ObjectMapper mapper, Vocabulary vocabulary, Taxonomy taxonomy) {
        this.vocabulary = vocabulary.view();
        this.taxonomy = taxonomy;
        try (InputStream in = IncidentDocumentTexts.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing classpath resource " + RESOURCE);
            }
            words = mapper.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    /** The words of one language. */
    Lang in(String lang, MechanismProtocol protocol) {
        return new Lang(lang, protocol);
    }

    /** Labels in one language for one mechanism. */
    final class Lang {
        final String lang;
        private final MechanismProtocol protocol;

        private Lang(String lang, MechanismProtocol protocol) {
            this.lang = lang;
            this.protocol = protocol;
        }

        String word(String key) {
            return pick(words.path(key), key);
        }

        String kind(String code) {
            return pick(words.path("kinds").path(code), code);
        }

        String status(String code) {
            return term(vocabulary.statuses().stream().filter(s -> s.code().equals(code)).map(VocabularyView.Status::labels)
                    .findFirst().orElse(Map.of()), code);
        }

        String finding(String code) {
            return term(labels(vocabulary.findings(), code), code);
        }

        String position(String code) {
            return term(labels(vocabulary.positions(), code), code);
        }

        String category(String code) {
            for (JsonNode c : taxonomy.document().path("categories")) {
                if (c.path("code").asText().equals(code)) {
                    return pick(c.path("labels"), code);
                }
            }
            return code == null ? "–" : code;
        }

        String party(String code) {
            return protocol.parties() == null ? orDash(code) : protocol.parties().stream().filter(x -> x.code().equals(code))
                    .findFirst().map(x -> term(x.name(), code)).orElse(orDash(code));
        }

        String level(String code) {
            return code == null ? "–" : protocol.level(code).map(l -> term(l.name(), code)).orElse(code);
        }

        String mechanism() {
            return term(protocol.name(), protocol.code());
        }

        private String pick(JsonNode labels, String fallback) {
            return labels.path(lang).isTextual() ? labels.path(lang).asText() : labels.path("en").asText(orDash(fallback));
        }

        private String term(Map<String, String> labels, String fallback) {
            if (labels == null) {
                return orDash(fallback);
            }
            return labels.getOrDefault(lang, labels.getOrDefault("en", orDash(fallback)));
        }
    }

    private static Map<String, String> labels(List<VocabularyView.Term> terms, String code) {
        return terms.stream().filter(t -> t.code().equals(code)).map(VocabularyView.Term::labels).findFirst().orElse(Map.of());
    }

    private static String orDash(String s) {
        return s == null ? "–" : s;
    }
}
