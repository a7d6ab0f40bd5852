package org.trucewatch.queues;

import static org.trucewatch.markup.Html.escape;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.trucewatch.mechanisms.MechanismProtocol;
import org.trucewatch.mechanisms.Vocabulary;
import org.trucewatch.mechanisms.VocabularyView;
import org.trucewatch.taxonomy.Taxonomy;

/**
 * The meeting pack as XHTML for the PDF writer ({@code markup.Pdf}): one page per agenda item,
 * headed by its reference (no links: paper cannot follow them), with its small map, finding, the
 * parties' positions and the chair's proposed action, in one of the working languages (Arabic
 * right to left). Headings from {@code meeting/texts.json}; statuses, findings and positions
 * labelled from the vocabulary, categories from the taxonomy; every value escaped by the one HTML
 * rule. Times in the mechanism's time zone. Written by hand as the issued reports are: one fixed
 * document, no template engine on the classpath.
 */
@Singleton
class MeetingPackDocument {
    /** The working languages of the pack. */
    static final Set<String> LANGUAGES = Set.of("en", "fr", "es", "ar");
    private final JsonNode texts;
    private final Vocabulary vocabulary;
    private final Taxonomy taxonomy;

    MeetingPackDocument(ObjectMapper mapper, Vocabulary vocabulary, Taxonomy taxonomy) {
        this.vocabulary = vocabulary;
        this.taxonomy = taxonomy;
        try (InputStream in = MeetingPackDocument.class.getResourceAsStream("/meeting/texts.json")) {
            texts = mapper.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The XHTML; {@code map} gives an item's PNG. */
    String xhtml(MechanismProtocol protocol, String level, List<AgendaItem> items, String lang, Instant now,
                 Function<AgendaItem, byte[]> map) {
        JsonNode t = texts.path(lang);
        VocabularyView words = vocabulary.view();
        DateTimeFormatter time = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z")
                .withZone(protocol.zone());
        String levelName = protocol.level(level).map(l -> label(l.name(), lang, l.code())).orElse(level);
        String title = t.path("agenda").asText() + " — " + label(protocol.name(), lang, protocol.code()) + " — " + levelName;
        StringBuilder h = new StringBuilder("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"")
                .append(lang).append("\" dir=\"").append(lang.equals("ar") ? "rtl" : "ltr").append("\"><head><meta charset=\"utf-8\"/>")
                .append("<title>").append(escape(title)).append("</title><style>")
                .append("@page{size:A4;margin:15mm}body{font-family:'DejaVu Sans',sans-serif;font-size:10pt}")
                .append("h1{font-size:15pt}h2{font-size:13pt;margin:0 0 4pt}h3{font-size:11pt;margin:8pt 0 2pt}")
                .append("table{border-collapse:collapse;width:100%}td,th{border:1px solid #888;padding:2pt 4pt;vertical-align:top}")
                .append("th{background:#eee;text-align:start}section.item{page-break-before:always}img{width:120mm}")
                .append("</style></head><body>");
        h.append("<h1>").append(escape(title)).append("</h1><p>").append(escape(t.path("agreement").asText())).append(": ")
                .append(escape(protocol.agreement())).append("<br/>").append(escape(t.path("generated").asText())).append(": ")
                .append(escape(time.format(now))).append("<br/>")
                .append(escape(t.path("items").asText().replace("{n}", String.valueOf(items.size())))).append("</p>");
        if (items.isEmpty()) {
            h.append("<p>").append(escape(t.path("empty").asText())).append("</p>");
        }
        for (AgendaItem i : items) {
            String ref = i.reference() != null ? i.reference() : i.id() + " (" + t.path("noReference").asText() + ")";
            h.append("<section class=\"item\"><h2>").append(escape(ref)).append(" — ")
                    .append(escape(category(i.category(), lang))).append("</h2><table><tbody>");
            row(h, t, "observed", time.format(i.observedAt()));
            row(h, t, "place", i.place() == null ? "" : MeetingPack.name(i.place(), lang));
            row(h, t, "zones", String.join(", ", i.zones().stream().map(z -> MeetingPack.name(z, lang) + " ("
                    + z.relation() + ")").toList()));
            row(h, t, "severity", String.valueOf(i.severity()));
            row(h, t, "status", term(words.statuses().stream().map(s -> new VocabularyView.Term(s.code(), s.labels())).toList(),
                    i.status(), lang));
            row(h, t, "violations", String.join("; ", i.violations().stream().map(v -> v.article()).toList()));
            row(h, t, "finding", i.finding() == null ? t.path("noFinding").asText()
                    : term(words.findings(), i.finding().finding(), lang)
                    + (i.finding().party() == null ? "" : " (" + i.finding().party() + ")")
                    + (i.finding().summary() == null ? "" : " — " + i.finding().summary()));
            h.append("</tbody></table>");
            h.append("<h3>").append(escape(t.path("map").asText().replace("{reference}", ref))).append("</h3>")
                    .append("<img alt=\"").append(escape(t.path("map").asText().replace("{reference}", ref)))
                    .append("\" src=\"data:image/png;base64,").append(Base64.getEncoder().encodeToString(map.apply(i)))
                    .append("\"/>");
            h.append("<h3>").append(escape(t.path("positions").asText())).append("</h3><table><thead><tr>");
            for (String k : List.of("party", "position", "statement", "recordedAt")) {
                h.append("<th>").append(escape(t.path(k).asText())).append("</th>");
            }
            h.append("</tr></thead><tbody>");
            for (AgendaItem.Position p : i.positions()) {
                h.append("<tr><td>").append(escape(party(protocol, p.party(), lang))).append("</td><td>")
                        .append(escape(term(words.positions(), p.position(), lang))).append("</td><td dir=\"auto\">")
                        .append(escape(p.statement())).append("</td><td>")
                        .append(p.recordedAt() == null ? "" : escape(time.format(p.recordedAt()))).append("</td></tr>");
            }
            h.append("</tbody></table><h3>").append(escape(t.path("proposedAction").asText())).append("</h3><p dir=\"auto\">")
                    .append(escape(i.proposedAction() == null ? t.path("noProposal").asText() : i.proposedAction().text()))
                    .append("</p>");
            if (!i.sources().isEmpty()) {
                h.append("<h3>").append(escape(t.path("sources").asText())).append("</h3><table><tbody>");
                for (AgendaItem.Source s : i.sources()) {
                    h.append("<tr><td>").append(escape(s.type())).append("</td><td>").append(escape(s.reliability()))
                            .append("</td><td dir=\"auto\">").append(escape(s.identity())).append("</td><td dir=\"auto\">")
                            .append(escape(s.notes())).append("</td></tr>");
                }
                h.append("</tbody></table>");
            }
            h.append("</section>");
        }
        return h.append("</body></html>\n").toString();
    }

    private static void row(StringBuilder h, JsonNode t, String key, String value) {
        h.append("<tr><th>").append(escape(t.path(key).asText())).append("</th><td dir=\"auto\">").append(escape(value))
                .append("</td></tr>");
    }

    private static String term(List<VocabularyView.Term> terms, String code, String lang) {
        return terms.stream().filter(x -> x.code().equals(code)).findFirst()
                .map(x -> x.labels().getOrDefault(lang, code)).orElse(code);
    }

    private String category(String code, String lang) {
        for (JsonNode c : taxonomy.document().path("categories")) {
            if (c.path("code").asText().equals(code)) {
                return c.path("labels").path(lang).asText(c.path("labels").path("en").asText(code));
            }
        }
        return code;
    }

    private static String party(MechanismProtocol protocol, String code, String lang) {
        return protocol.parties().stream().filter(p -> p.code().equals(code)).findFirst()
                .map(p -> label(p.name(), lang, code)).orElse(code);
    }

    private static String label(Map<String, String> names, String lang, String fallback) {
        return names == null ? fallback : names.getOrDefault(lang, names.getOrDefault("en", fallback));
    }
}
