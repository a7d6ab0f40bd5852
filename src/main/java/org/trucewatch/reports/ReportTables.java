package org.trucewatch.reports;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The tables of one audience's section of a stored monthly or daily report, as lines of text cells, for
 * CSV, XLSX and HTML alike (so that the three formats cannot disagree). A suppressed cell reads
 * {@code <3} (fewer than the threshold); a group without a value (no zone, no party) reads "–".
 * Codes are translated with the labels stored in the report, in {@code lang}.
 */
final class ReportTables {
    /** One table: its name, its column heads and its lines. */
    record Table(String name, List<String> head, List<List<String>> lines) {
    }

    /** The name of the notable incidents' table, whose last column is the chair's summary (ReportRendering prints it apart). */
    static final String NOTABLE = "notable";

    private static final List<String> MEASURES = List.of("incidents", "events", "killed", "injured");

    private ReportTables() {
    }

    static List<Table> of(JsonNode doc, JsonNode section, String lang) {
        List<Table> out = new ArrayList<>();
        Table totals = new Table("totals", List.of("measure", "value", "previous", "change"), new ArrayList<>());
        section.path("totals").fields().forEachRemaining(e -> totals.lines().add(List.of(e.getKey(), value(e.getValue()),
                text(e.getValue(), "previous", "previousSuppressed"), e.getValue().path("change").asText(""))));
        out.add(totals);
        // A monthly section has the series and the cross-tables; a daily one the figures by category.
        if (section.has("daily")) {
            out.add(grouped(doc, "daily", List.of("period"), section.path("daily"), lang));
        }
        JsonNode byZone = section.path("categoryByZone");
        if (section.has("categoryByZone")) {
            out.add(grouped(doc, "categoryByZone", List.of("category", "zone"), withMargins(byZone), lang));
            out.add(grouped(doc, "byParty", List.of("party"), withMargins(section.path("byParty")), lang));
            out.add(grouped(doc, "findings", List.of("finding", "attributedParty"), withMargins(section.path("findings")),
                    lang));
        }
        if (section.has("byCategory")) {
            out.add(grouped(doc, "byCategory", List.of("category"), withMargins(section.path("byCategory")), lang));
        }
        if (section.has("notable")) {
            out.add(notable(doc, section.path("notable"), lang));
        }
        JsonNode flows = byZone.path("workflow");
        if (flows.isArray()) {
            Table t = new Table("workflow", List.of("level", "backlog", "overdue", "escalations", "findings",
                    "timeToFindingMedianHours", "timeToFindingP90Hours"), new ArrayList<>());
            flows.forEach(f -> t.lines().add(List.of(label(doc, "level", f.path("level"), lang), f.path("backlog").asText(),
                    f.path("overdue").asText(), f.path("escalations").asText(), f.path("findings").asText(),
                    f.path("timeToFindingMedianHours").asText(""), f.path("timeToFindingP90Hours").asText(""))));
            out.add(t);
        }
        return out;
    }

    /** The notable incidents the section names (docs/reports.md, "Notable incidents"), as they were observed. */
    private static Table notable(JsonNode doc, JsonNode list, String lang) {
        Table t = new Table(NOTABLE, List.of("reference", "observedAt", "category", "finding", "attributedParty", "summary"),
                new ArrayList<>());
        list.forEach(i -> t.lines().add(List.of(i.path("reference").asText("–"), i.path("observedAt").asText(),
                label(doc, "category", i.path("category"), lang), label(doc, "finding", i.path("finding"), lang),
                label(doc, "attributedParty", i.path("attributedParty"), lang), i.path("summary").asText())));
        return t;
    }

    /** The rows, then each margin's rows, then the total (a blank key is "all"). */
    private static List<JsonNode> withMargins(JsonNode view) {
        List<JsonNode> rows = new ArrayList<>();
        for (String part : List.of("rows", "byFirst", "bySecond")) {
            view.path(part).forEach(rows::add);
        }
        if (!view.path("total").isMissingNode() && !view.path("total").isNull()) {
            rows.add(view.path("total"));
        }
        return rows;
    }

    private static Table grouped(JsonNode doc, String name, List<String> dims, Iterable<JsonNode> rows, String lang) {
        List<String> head = new ArrayList<>(dims);
        List<String> measures = new ArrayList<>();
        List<List<String>> lines = new ArrayList<>();
        for (JsonNode row : rows) {
            if (measures.isEmpty()) {
                MEASURES.stream().filter(m -> row.path("values").has(m)).forEach(measures::add);
            }
            List<String> line = new ArrayList<>();
            for (String d : dims) {
                JsonNode key = row.path("key");
                line.add(!key.has(d) ? "all" : label(doc, d, key.path(d), lang));
            }
            measures.forEach(m -> line.add(value(row.path("values").path(m))));
            lines.add(line);
        }
        head.addAll(measures.isEmpty() ? MEASURES : measures);
        return new Table(name, head, lines);
    }

    static String value(JsonNode cell) {
        return text(cell, "value", "suppressed");
    }

    private static String text(JsonNode cell, String field, String suppressedFlag) {
        if (cell.path(suppressedFlag).asBoolean(false)) {
            return "<" + cell.path("lessThan").asInt(3);
        }
        return cell.path(field).isNumber() ? cell.path(field).asText() : "";
    }

    /** A code's label in {@code lang} from the report's labels (category, party, level), else the code itself. */
    static String label(JsonNode doc, String dimension, JsonNode code, String lang) {
        if (code == null || code.isNull() || code.isMissingNode()) {
            return "–";
        }
        String kind = switch (dimension) {
            case "attributedParty" -> "party";
            default -> dimension;
        };
        JsonNode l = doc.path("labels").path(kind).path(code.asText());
        return l.path(lang).isTextual() ? l.path(lang).asText() : l.path("en").asText(code.asText());
    }
}
