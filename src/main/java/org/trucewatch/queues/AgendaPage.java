package org.trucewatch.queues;

import org.trucewatch.mechanisms.MechanismProtocol;
import org.trucewatch.review.IncidentView;
import static org.trucewatch.markup.Html.escape;

import jakarta.inject.Singleton;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * The printable meeting agenda: one page per level, the incidents awaiting review with
 * their finding, violations and the parties' positions. Server-rendered HTML with print
 * styles, every value escaped by the one HTML rule ({@link org.trucewatch.markup.Html}); no
 * scripts, so it prints and archives as it is.
 */
@Singleton
public class AgendaPage {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    public String render(MechanismProtocol protocol, String level, List<IncidentView> items) {
        String name = protocol.name().getOrDefault("en", protocol.code());
        String levelName = protocol.level(level).map(l -> l.name().getOrDefault("en", l.code())).orElse(level);
        StringBuilder html = new StringBuilder("""
                <!DOCTYPE html>
                <html lang="en"><head><meta charset="utf-8">
                <title>Agenda</title>
                <style>
                body{font-family:system-ui,sans-serif;margin:2em;color:#111}
                h1{font-size:1.4em}table{border-collapse:collapse;width:100%}
                th,td{border:1px solid #999;padding:.4em;text-align:left;vertical-align:top;font-size:.9em}
                th{background:#eee}.sev{font-weight:bold}
                @media print{body{margin:0}a{color:inherit;text-decoration:none}tr{page-break-inside:avoid}}
                </style></head><body>
                """);
        html.append("<h1>").append(escape(name)).append(" — ").append(escape(levelName)).append(": agenda</h1>\n");
        html.append("<p>").append(items.size()).append(" incident(s) awaiting review. Agreement: ")
                .append(escape(protocol.agreement())).append(".</p>\n");
        html.append("<table><thead><tr><th>Reference</th><th>Observed</th><th>Category</th><th>Severity</th><th>Status</th>"
                + "<th>Finding</th><th>Violations</th><th>Positions</th><th>Reports</th></tr></thead><tbody>\n");
        int n = 0;
        for (IncidentView i : items) {
            n++;
            // Headed by the reference the parties cite (paper keeps no links), its position until it has one.
            html.append("<tr><td>").append(i.reference() != null ? escape(i.reference()) : String.valueOf(n)).append("<br><small>").append(escape(i.id().toString().substring(0, 8)))
                    .append("</small></td><td>").append(escape(TIME.format(i.observedAt()))).append("</td><td>")
                    .append(escape(i.category())).append("</td><td class=sev>").append(i.severity()).append("</td><td>")
                    .append(escape(i.status())).append("</td><td>");
            if (i.finding() != null) {
                html.append(escape(i.finding().finding()));
                if (i.finding().party() != null) {
                    html.append(" (").append(escape(i.finding().party())).append(")");
                }
                if (i.finding().summary() != null) {
                    html.append("<br>").append(escape(i.finding().summary()));
                }
            }
            html.append("</td><td>");
            i.violations().forEach(v -> html.append(escape(v.article())).append("<br>"));
            html.append("</td><td>");
            if (i.positions() != null) {
                i.positions().forEach(p -> html.append(escape(p.party())).append(": ").append(escape(p.position())).append("<br>"));
            }
            html.append("</td><td>").append(i.aggregate().reports()).append("</td></tr>\n");
        }
        return html.append("</tbody></table></body></html>\n").toString();
    }
}
