package org.trucewatch.forms;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.trucewatch.mechanisms.MechanismProtocol;
import org.trucewatch.taxonomy.Taxonomy;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Every label and choice a monitor reads, and every name of the protocol the web app shows, in
 * each of the working languages (issue 15 item 5): the sample protocols' data and the form
 * served from them, whose itext must not fall back to English anywhere.
 */
class FormTranslationsTest {
    static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule());
    static final Taxonomy TAXONOMY = new Taxonomy(new ObjectMapper());

    static List<String> languages() {
        List<String> out = new ArrayList<>();
        TAXONOMY.document().path("languages").forEach(l -> out.add(l.asText()));
        return out;
    }

    static MechanismProtocol sample(String code) throws Exception {
        try (InputStream in = FormTranslationsTest.class.getResourceAsStream("/mechanisms/" + code + ".json")) {
            return JSON.readValue(in, MechanismProtocol.class);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"lebanon-tripartite", "colombia-mmv"})
    void theProtocolNamesEverythingInEveryWorkingLanguage(String code) throws Exception {
        List<String> languages = languages();
        assertThat(languages).containsExactlyInAnyOrder("en", "fr", "es", "ar");
        MechanismProtocol p = sample(code);
        List<String> missing = new ArrayList<>();
        check(missing, "name", p.name(), languages);
        p.parties().forEach(x -> check(missing, "party " + x.code(), x.name(), languages));
        p.levels().forEach(l -> {
            check(missing, "level " + l.code(), l.name(), languages);
            if (l.teams() != null) {
                l.teams().forEach(t -> check(missing, "team " + t.code(), t.name(), languages));
            }
        });
        p.categories().forEach(c -> languages.forEach(lang -> {
            String label = labelOf(c.code(), lang);
            if (label == null || label.isBlank()) {
                missing.add("category " + c.code() + " [" + lang + "]");
            }
        }));
        FormQuestion.ALL.forEach(q -> check(missing, "question " + q.name(), q.label(), languages));
        assertThat(missing).as("labels missing in " + code).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"lebanon-tripartite", "colombia-mmv"})
    void theServedFormHasEveryTextInEveryLanguageAndNoneFallsBackToEnglishForAParty(String code) throws Exception {
        MechanismProtocol p = sample(code);
        var factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        Document form = factory.newDocumentBuilder().parse(new java.io.ByteArrayInputStream(
                XFormBuilder.build(p, TAXONOMY).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        NodeList translations = form.getElementsByTagNameNS("http://www.w3.org/2002/xforms", "translation");
        assertThat(translations.getLength()).isEqualTo(4);
        Map<String, String> english = texts((Element) translations.item(0));
        for (int i = 0; i < translations.getLength(); i++) {
            Element translation = (Element) translations.item(i);
            Map<String, String> texts = texts(translation);
            assertThat(texts.keySet()).as(translation.getAttribute("lang")).isEqualTo(english.keySet());
            texts.forEach((id, text) -> assertThat(text).as(translation.getAttribute("lang") + " " + id).isNotBlank());
            if (i > 0) {
                for (MechanismProtocol.Party party : p.parties()) {
                    String id = "party-" + party.code();
                    if (!party.name().get("en").equals(party.name().get("fr"))) {
                        assertThat(texts.get(id)).as(translation.getAttribute("lang") + " " + id).isNotEqualTo(english.get(id));
                    }
                }
            }
        }
    }

    private static Map<String, String> texts(Element translation) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        NodeList texts = translation.getElementsByTagNameNS("http://www.w3.org/2002/xforms", "text");
        for (int i = 0; i < texts.getLength(); i++) {
            Element t = (Element) texts.item(i);
            out.put(t.getAttribute("id"), t.getTextContent().strip());
        }
        return out;
    }

    private static String labelOf(String category, String lang) {
        for (var c : TAXONOMY.document().path("categories")) {
            if (c.path("code").asText().equals(category)) {
                return c.path("labels").path(lang).asText(null);
            }
        }
        return null;
    }

    private static void check(List<String> missing, String what, Map<String, String> names, List<String> languages) {
        for (String lang : languages) {
            if (names == null || names.get(lang) == null || names.get(lang).isBlank()) {
                missing.add(what + " [" + lang + "]");
            }
        }
    }
}
