package org.trucewatch.reports;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.dhatim.fastexcel.Workbook;
import org.trucewatch.markup.Csv;
import org.trucewatch.markup.Html;
import org.trucewatch.markup.Pdf;
import org.dhatim.fastexcel.Worksheet;

/**
 * Renders one audience's section of a stored monthly or daily report (docs/reports.md, "Formats"):
 * printable HTML (written here with escaping: the page is small and fixed, a template engine
 * would add a dependency for one page), PDF from that XHTML by the service's one PDF writer
 * ({@link Pdf}: openhtmltopdf, DejaVu Sans, ICU4J for Arabic), and the tables as CSV (RFC 4180,
 * optional UTF-8 byte order mark, as the exports) and XLSX (fastexcel, one sheet per table).
 */
final class ReportRendering {
    private ReportRendering() {
    }

    static byte[] csv(JsonNode doc, JsonNode section, String lang, boolean bom) {
        StringBuilder out = new StringBuilder(bom ? "\uFEFF" : "");
        for (ReportTables.Table t : ReportTables.of(doc, section, lang)) {
            line(out, prepend("table", t.head()));
            t.lines().forEach(l -> line(out, prepend(t.name(), l)));
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    static byte[] xlsx(JsonNode doc, JsonNode section, String lang) {
        try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            Workbook book = new Workbook(out, "TruceWatch", "1.0");
            for (ReportTables.Table t : ReportTables.of(doc, section, lang)) {
                Worksheet sheet = book.newWorksheet(t.name());
                for (int c = 0; c < t.head().size(); c++) {
                    sheet.inlineString(0, c, t.head().get(c));
                }
                for (int r = 0; r < t.lines().size(); r++) {
                    List<String> l = t.lines().get(r);
                    for (int c = 0; c < l.size(); c++) {
                        String v = l.get(c);
                        if (c > 0 && v.matches("-?\\d+(\\.\\d+)?")) {
                            sheet.value(r + 1, c, Double.valueOf(v));
                        } else {
                            sheet.inlineString(r + 1, c, v);
                        }
                    }
                }
            }
            book.finish();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** XHTML (well-formed, so that the PDF renderer reads it as is). */
    static String html(JsonNode doc, JsonNode section, String audience, String lang) {
        boolean rtl = lang.equals("ar");
        StringBuilder h = new StringBuilder("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"")
                .append(esc(lang)).append("\" dir=\"").append(rtl ? "rtl" : "ltr").append("\"><head><meta charset=\"utf-8\"/>")
                .append("<title>").append(esc(title(doc))).append("</title><style>")
                .append("body{font-family:'DejaVu Sans',sans-serif;font-size:10pt}table{border-collapse:collapse;margin:6pt 0}")
                .append("td,th{border:1px solid #888;padding:2pt 4pt}h2{page-break-before:auto}")
                .append("section{page-break-inside:avoid}img{max-width:100%}")
                // The notable incidents may run over pages, one incident (a tbody) never split; a reference stays whole.
                .append("section.notable{page-break-inside:auto}.notable tbody{page-break-inside:avoid}td.code{white-space:nowrap}")
                .append("@page{size:A4;margin:15mm}@media print{section.figure{page-break-before:always}}")
                .append("</style></head><body>");
        h.append("<h1>").append(esc(title(doc))).append("</h1><p>").append(esc(doc.path("periodStart").asText())).append(" – ")
                .append(esc(doc.path("periodEnd").asText())).append(" (").append(esc(doc.path("timeZone").asText()))
                .append("); audience: ").append(esc(audience)).append("; as of ").append(esc(doc.path("asOf").asText()));
        if (doc.has("lateArrivals")) {
            h.append("; late arrivals counted: ").append(doc.path("lateArrivals").asLong());
        }
        h.append("</p>");
        for (ReportTables.Table t : ReportTables.of(doc, section, lang)) {
            if (t.name().equals(ReportTables.NOTABLE)) {
                notable(h, t);
                continue;
            }
            h.append("<section><h2>").append(esc(t.name())).append("</h2><table><thead><tr>");
            t.head().forEach(c -> h.append("<th>").append(esc(c)).append("</th>"));
            h.append("</tr></thead><tbody>");
            for (List<String> l : t.lines()) {
                h.append("<tr>");
                l.forEach(c -> h.append("<td>").append(esc(c)).append("</td>"));
                h.append("</tr>");
            }
            h.append("</tbody></table></section>");
        }
        if (section.has("daily")) {
            h.append("<section class=\"figure\"><h2>daily</h2><img alt=\"daily series\" src=\"data:image/png;base64,")
                    .append(Base64.getEncoder().encodeToString(ReportImages.chart(section.path("daily")))).append("\"/></section>");
        }
        // The map is the monthly report's (a daily report has figures and notable incidents only); every incident
        // of the period the audience may see drawn is a dot, and none is listed: the notable ones are, above.
        JsonNode points = section.has("points") ? section.path("points") : section.path("incidents");
        if (!audience.equals("public") && !points.isMissingNode()) {
            h.append("<section class=\"figure\"><h2>map</h2><img alt=\"map\" src=\"data:image/png;base64,")
                    .append(Base64.getEncoder().encodeToString(ReportImages.map(doc.path("zones"), points)))
                    .append("\"/></section>");
        }
        return h.append("</body></html>\n").toString();
    }

    /**
     * The notable incidents: each one's reference, time, category, finding and party on a line (the
     * reference and time never broken), and the chair's summary under it across the table, in its own
     * direction (an Arabic summary in a French page): a paragraph, not a narrow column.
     */
    private static void notable(StringBuilder h, ReportTables.Table t) {
        int facts = t.head().size() - 1;
        h.append("<section class=\"notable\"><h2>").append(esc(t.name())).append("</h2><table><thead><tr>");
        t.head().subList(0, facts).forEach(c -> h.append("<th>").append(esc(c)).append("</th>"));
        h.append("</tr><tr><th colspan=\"").append(facts).append("\">").append(esc(t.head().get(facts)))
                .append("</th></tr></thead>");
        for (List<String> l : t.lines()) {
            h.append("<tbody><tr>");
            for (int c = 0; c < facts; c++) {
                h.append(c < 2 ? "<td class=\"code\">" : "<td>").append(esc(l.get(c))).append("</td>");
            }
            h.append("</tr><tr><td colspan=\"").append(facts).append("\" dir=\"auto\">").append(esc(l.get(facts)))
                    .append("</td></tr></tbody>");
        }
        h.append("</table></section>");
    }

    static byte[] pdf(String xhtml) {
        return Pdf.of(xhtml);
    }

    private static String title(JsonNode doc) {
        return doc.path("mechanism").asText() + " — " + doc.path("kind").asText() + " report " + doc.path("period").asText()
                + (doc.path("level").isTextual() ? " (" + doc.path("level").asText() + ")" : "");
    }

    private static List<String> prepend(String first, List<String> rest) {
        List<String> l = new java.util.ArrayList<>(rest.size() + 1);
        l.add(first);
        l.addAll(rest);
        return l;
    }

    private static void line(StringBuilder out, List<String> cells) {
        for (int i = 0; i < cells.size(); i++) {
            String c = cells.get(i);
            // Numbers as they are; any other cell by the one CSV rule, formulas neutralised.
            out.append(i == 0 ? "" : ",").append(c.matches("-?\\d+(\\.\\d+)?") ? c : Csv.text(c));
        }
        out.append("\r\n");
    }

    /** The service's one escaping rule (markup.Html): no second escaper. */
    static String esc(String s) {
        return Html.escape(s);
    }
}
