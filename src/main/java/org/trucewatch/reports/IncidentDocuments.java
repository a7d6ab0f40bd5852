package org.trucewatch.reports;

import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.trucewatch.access.Principal;
import org.trucewatch.intake.ReportFeatures;
import org.trucewatch.mechanisms.IncidentReferences;
import org.trucewatch.mechanisms.MechanismProtocol;
import org.trucewatch.mechanisms.MechanismService;
import org.trucewatch.problem.ProblemException;
import org.trucewatch.review.IncidentQueries;
import org.trucewatch.review.IncidentView;

/**
 * The incident report document (docs/reports.md, "The incident report document"): the
 * mechanism's formal report on one incident at one level, as HTML or PDF, in one working
 * language. Everything in it comes from what the reader may already see: the incident as
 * {@link IncidentQueries} shows it to them and each linked report as {@link ReportFeatures} does,
 * both redacted by the access policy, so a delegate's copy holds nothing the API would not give
 * them. Nothing is stored: the document is the record as it stands when asked for.
 */
@Singleton
class IncidentDocuments {
    static final List<String> FORMATS = List.of("html", "pdf");

    private final IncidentQueries queries;
    private final ReportFeatures reports;
    private final IncidentReferences references;
    private final MechanismService mechanisms;
    private final IncidentDocumentTexts texts;
    private final Clock clock;

    IncidentDocuments(IncidentQueries queries, ReportFeatures reports, IncidentReferences references,
                      MechanismService mechanisms, IncidentDocumentTexts texts, Clock clock) {
        this.queries = queries;
        this.reports = reports;
        this.references = references;
        this.mechanisms = mechanisms;
        this.texts = texts;
        this.clock = clock;
    }

    /** The incident an id or reference names, as the incident route reads it (404 alike for unknown and unseen). */
    UUID incidentId(String idOrReference) {
        return references.incidentId(idOrReference);
    }

    /** Where a merged incident's document now is: the incident it was merged into, if any. */
    Optional<UUID> survivorOfMerged(UUID id, Principal user) {
        return queries.survivorOfMerged(id, user);
    }

    /** The document of {@code id} at {@code level} (null: the incident's current level) in {@code lang}, as {@code format}. */
    IssuedReports.Rendered render(UUID id, String format, String level, String lang, Principal user) {
        if (!FORMATS.contains(format)) {
            throw ProblemException.notFound("No format " + format + "; formats: " + String.join(", ", FORMATS));
        }
        IncidentView incident = queries.view(id, user);
        MechanismProtocol p = mechanisms.protocol(incident.mechanism())
                .orElseThrow(() -> ProblemException.notFound("No incident " + id));
        String language = IssuedReports.language(ReportContent.languages(p), lang);
        String atLevel = level == null ? incident.level() : level;
        if (level != null && p.level(level).isEmpty()) {
            throw ProblemException.invalidParameter("level", "'" + level + "' is not a level of " + p.code() + "; levels: "
                    + String.join(", ", p.levels().stream().map(MechanismProtocol.Level::code).toList()));
        }
        List<ObjectNode> gathered = new ArrayList<>();
        for (IncidentView.ReportLink r : incident.reports()) {
            reports.feature(r.reportId(), user).ifPresent(gathered::add);
        }
        String html = IncidentDocumentHtml.write(incident, gathered, atLevel, texts.in(language, p),
                clock.instant().truncatedTo(ChronoUnit.SECONDS));
        String name = (incident.reference() != null ? incident.reference() : incident.id().toString())
                + (atLevel == null ? "" : "-" + atLevel) + "-" + language;
        return "pdf".equals(format)
                ? new IssuedReports.Rendered(ReportRendering.pdf(html), "application/pdf", name + ".pdf")
                : new IssuedReports.Rendered(html.getBytes(StandardCharsets.UTF_8), "text/html; charset=utf-8", null);
    }

}
