package org.trucewatch.reports;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.trucewatch.mechanisms.IncidentRecordRepository;
import org.trucewatch.review.IncidentView;

/**
 * Writes the incident report document as XHTML (well-formed, so that openhtmltopdf reads it for
 * the PDF), by hand with the service's one escaping rule, as the monthly report is (one fixed page;
 * no template engine on the classpath). It shows only what it is given: the incident and its reports
 * as the access policy let this reader see them; a field the policy took out is simply absent.
 */
final class IncidentDocumentHtml {
    private static final List<String> CASUALTY_GROUPS = List.of("civilians", "combatants", "women", "men", "girls", "boys");

    private IncidentDocumentHtml() {
    }

    static String write(IncidentView i, List<ObjectNode> reports, String level, IncidentDocumentTexts.Lang t, Instant issued) {
        boolean rtl = t.lang.equals("ar");
        String name = i.reference() != null ? i.reference() : i.id().toString();
        StringBuilder h = new StringBuilder("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"")
                .append(esc(t.lang)).append("\" dir=\"").append(rtl ? "rtl" : "ltr").append("\"><head><meta charset=\"utf-8\"/>")
                .append("<title>").append(esc(t.word("title") + " " + name)).append("</title><style>")
                .append("body{font-family:'DejaVu Sans',sans-serif;font-size:10pt}table{border-collapse:collapse;margin:6pt 0}")
                .append("td,th{border:1px solid #888;padding:2pt 4pt;vertical-align:top}th{text-align:start}")
                .append("section{page-break-inside:avoid}p.text{white-space:pre-wrap}@page{size:A4;margin:15mm}")
                .append("</style></head><body>");
        h.append("<h1>").append(esc(t.word("title"))).append(" ").append(esc(name)).append("</h1>");
        table(h, List.of(), List.of(
                List.of(t.word("mechanism"), t.mechanism()),
                List.of(t.word("level"), t.level(level)),
                List.of(t.word("issued"), issued.toString()),
                List.of(t.word("copy"), t.word("FULL".equals(i.visibility()) ? "copy.full" : "copy.redacted"))));
        facts(h, i, reports, t);
        information(h, reports, t);
        casualties(h, reports, t);
        IncidentView.FindingView f = i.finding();
        text(h, t.word("analysis"), f == null ? null : f.analysis(), t);
        text(h, t.word("recommendation"), f == null ? null : f.recommendation(), t);
        positions(h, i, level, t);
        h.append("<section><h2>").append(esc(t.word("finding"))).append("</h2>");
        if (f == null) {
            h.append("<p>").append(esc(t.word("none"))).append("</p>");
        } else {
            table(h, List.of(), List.of(List.of(t.word("finding"), t.finding(f.finding())),
                    List.of(t.word("attributedParty"), f.party() == null ? "–" : t.party(f.party())),
                    List.of(t.word("summary"), f.summary() == null ? "–" : f.summary())));
        }
        h.append("</section>");
        timeline(h, i, t);
        return h.append("</body></html>\n").toString();
    }

    private static void facts(StringBuilder h, IncidentView i, List<ObjectNode> reports, IncidentDocumentTexts.Lang t) {
        h.append("<section><h2>").append(esc(t.word("facts"))).append("</h2>");
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of(t.word("reference"), i.reference() == null ? i.id().toString() : i.reference()));
        rows.add(List.of(t.word("category"), t.category(i.category())));
        rows.add(List.of(t.word("observedAt"), i.observedAt() + (i.observedUntil() == null ? "" : " – " + i.observedUntil())));
        rows.add(List.of(t.word("status"), t.status(i.status())));
        rows.add(List.of(t.word("severity"), String.valueOf(i.severity())));
        rows.add(List.of(t.word("location"), location(i.geometry())));
        JsonNode origin = reports.isEmpty() ? null : reports.get(0).path("properties");
        if (origin != null && origin.path("locationAccuracyM").isNumber()) {
            rows.add(List.of(t.word("accuracy"), origin.path("locationAccuracyM").asText()));
        }
        if (i.aggregate() != null && i.aggregate().count() != null) {
            rows.add(List.of(t.word("count"), String.valueOf(i.aggregate().count())));
        }
        if (i.violations() != null && !i.violations().isEmpty()) {
            rows.add(List.of(t.word("violations"), String.join("; ", i.violations().stream()
                    .map(v -> v.rule() + (v.article() == null ? "" : " (" + v.article() + ")")).toList())));
        }
        table(h, List.of(), rows);
        // Each zone once, at the shortest distance any report gives (the reports lie close together).
        Map<String, List<String>> zones = new LinkedHashMap<>();
        Map<String, Double> nearest = new LinkedHashMap<>();
        for (ObjectNode r : reports) {
            for (JsonNode z : r.path("properties").path("zones")) {
                String code = z.path("zone").asText();
                double d = z.path("distanceM").asDouble();
                if (!nearest.containsKey(code) || d < nearest.get(code)) {
                    nearest.put(code, d);
                    zones.put(code, List.of(code + " (" + z.path("type").asText() + ")", z.path("relation").asText()
                            + (z.path("sideLabel").isTextual() ? ", " + z.path("sideLabel").asText() : ""),
                            z.path("distanceM").asText()));
                }
            }
        }
        if (!zones.isEmpty()) {
            h.append("<h3>").append(esc(t.word("zones"))).append("</h3>");
            table(h, List.of(t.word("zone"), t.word("relation"), t.word("distance")), new ArrayList<>(zones.values()));
        }
        h.append("</section>");
    }

    private static void information(StringBuilder h, List<ObjectNode> reports, IncidentDocumentTexts.Lang t) {
        h.append("<section><h2>").append(esc(t.word("information"))).append("</h2>");
        List<List<String>> rows = new ArrayList<>();
        for (ObjectNode r : reports) {
            JsonNode p = r.path("properties");
            JsonNode s = p.path("source");
            StringBuilder source = new StringBuilder(s.path("type").asText(""));
            for (String part : List.of("identity", "notes")) {
                if (s.path(part).isTextual()) {
                    source.append(" — ").append(s.path(part).asText());
                }
            }
            rows.add(List.of(r.path("id").asText(), p.path("observedAt").asText(""), t.category(p.path("category").asText(null)),
                    p.path("count").asText("–"), source.toString(),
                    s.path("reliability").asText("–") + " / " + s.path("credibility").asText("–"),
                    p.path("description").asText(""), p.path("submittedBy").asText("–")));
        }
        if (rows.isEmpty()) {
            h.append("<p>").append(esc(t.word("none"))).append("</p>");
        } else {
            table(h, List.of(t.word("report"), t.word("observedAt"), t.word("category"), t.word("count"), t.word("source"),
                    t.word("reliability"), t.word("description"), t.word("submittedBy")), rows);
        }
        h.append("</section>");
    }

    /** Killed and injured by group: the largest figure any report gives for each, as the incident's aggregate counts. */
    private static void casualties(StringBuilder h, List<ObjectNode> reports, IncidentDocumentTexts.Lang t) {
        h.append("<section><h2>").append(esc(t.word("casualties"))).append("</h2>");
        List<List<String>> rows = new ArrayList<>();
        boolean any = false;
        for (String what : List.of("Killed", "Injured")) {
            List<String> row = new ArrayList<>(List.of(t.word(what.toLowerCase(Locale.ROOT))));
            for (String group : CASUALTY_GROUPS) {
                Integer max = null;
                for (ObjectNode r : reports) {
                    JsonNode v = r.path("properties").path("casualties").path(group + what);
                    if (v.isNumber() && (max == null || v.asInt() > max)) {
                        max = v.asInt();
                    }
                }
                any |= max != null;
                row.add(max == null ? "–" : max.toString());
            }
            rows.add(row);
        }
        if (!any) {
            h.append("<p>").append(esc(t.word("none"))).append("</p></section>");
            return;
        }
        List<String> head = new ArrayList<>(List.of(""));
        CASUALTY_GROUPS.forEach(g -> head.add(t.word(g)));
        table(h, head, rows);
        h.append("<p>").append(esc(t.word("casualties.note"))).append("</p></section>");
    }

    private static void positions(StringBuilder h, IncidentView i, String level, IncidentDocumentTexts.Lang t) {
        h.append("<section><h2>").append(esc(t.word("positions"))).append(level == null ? "" : " — " + esc(t.level(level)))
                .append("</h2>");
        List<List<String>> rows = new ArrayList<>();
        for (IncidentRecordRepository.Position p : i.positions() == null ? List.<IncidentRecordRepository.Position>of()
                : i.positions()) {
            if (level == null || level.equals(p.level())) {
                rows.add(List.of(t.party(p.party()), t.position(p.position()), p.statement() == null ? "" : p.statement(),
                        String.valueOf(p.recordedAt())));
            }
        }
        if (rows.isEmpty()) {
            h.append("<p>").append(esc(t.word("none"))).append("</p>");
        } else {
            table(h, List.of(t.word("party"), t.word("position"), t.word("statement"), t.word("recordedAt")), rows);
        }
        h.append("</section>");
    }

    private static void timeline(StringBuilder h, IncidentView i, IncidentDocumentTexts.Lang t) {
        h.append("<section><h2>").append(esc(t.word("timeline"))).append("</h2>");
        List<List<String>> rows = new ArrayList<>();
        for (IncidentRecordRepository.Event e : i.history() == null ? List.<IncidentRecordRepository.Event>of() : i.history()) {
            StringBuilder what = new StringBuilder(t.kind(e.kind()));
            if (e.toStatus() != null && !e.toStatus().equals(e.fromStatus())) {
                what.append(": ").append(e.fromStatus() == null ? "" : t.status(e.fromStatus()) + " → ").append(t.status(e.toStatus()));
            }
            if (e.toLevel() != null && !e.toLevel().equals(e.fromLevel())) {
                what.append(" (").append(e.fromLevel() == null ? "" : t.level(e.fromLevel()) + " → ").append(t.level(e.toLevel()))
                        .append(")");
            }
            // A transition's body is the finding it recorded (a code): shown by its label.
            String body = e.body() == null ? "" : "transition".equals(e.kind()) ? t.finding(e.body()) : e.body();
            rows.add(List.of(String.valueOf(e.at()), what.toString(), e.actor() == null ? "–" : e.actor(), body));
        }
        table(h, List.of(t.word("at"), t.word("event"), t.word("actor"), t.word("details")), rows);
        h.append("</section>");
    }

    private static void text(StringBuilder h, String heading, String text, IncidentDocumentTexts.Lang t) {
        h.append("<section><h2>").append(esc(heading)).append("</h2><p class=\"text\">")
                .append(esc(text == null ? t.word("none") : text)).append("</p></section>");
    }

    private static String location(JsonNode geometry) {
        if (geometry == null || geometry.isNull()) {
            return "–";
        }
        if ("Point".equals(geometry.path("type").asText())) {
            JsonNode c = geometry.path("coordinates");
            return String.format(Locale.ROOT, "%.5f, %.5f", c.path(0).asDouble(), c.path(1).asDouble());
        }
        return geometry.path("type").asText();
    }

    private static void table(StringBuilder h, List<String> head, List<List<String>> rows) {
        h.append("<table>");
        if (!head.isEmpty()) {
            h.append("<thead><tr>");
            head.forEach(c -> h.append("<th>").append(esc(c)).append("</th>"));
            h.append("</tr></thead>");
        }
        h.append("<tbody>");
        for (List<String> row : rows) {
            h.append("<tr>");
            for (int c = 0; c < row.size(); c++) {
                String tag = head.isEmpty() && c == 0 ? "th" : "td";
                h.append('<').append(tag).append('>').append(esc(row.get(c))).append("</").append(tag).append('>');
            }
            h.append("</tr>");
        }
        h.append("</tbody></table>");
    }

    private static String esc(String s) {
        return ReportRendering.esc(s);
    }
}
