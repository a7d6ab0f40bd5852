package org.trucewatch.reports;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.trucewatch.access.AccessPolicy;
import org.trucewatch.access.Audience;
import org.trucewatch.access.Principal;
import org.trucewatch.mechanisms.MechanismProtocol;
import org.trucewatch.mechanisms.MechanismService;
import org.trucewatch.markup.Csv;
import org.trucewatch.problem.ProblemException;
import org.trucewatch.problem.ProblemType;

/**
 * The archive of issued reports: on-demand issue by a chair, the list, and downloads rendered
 * from the stored content for the audience the access policy gives the caller (docs/reports.md,
 * "Archive"). Nothing here counts: a download is the stored text, rendered.
 */
@Singleton
class IssuedReports {
    static final List<String> FORMATS = List.of("html", "pdf", "csv", "xlsx");

    private final IssuedReportRepository repository;
    private final MonthlyReports monthly;
    private final MechanismService mechanisms;
    private final AccessPolicy policy;
    private final ObjectMapper json;
    private final Clock clock;

    IssuedReports(IssuedReportRepository repository, MonthlyReports monthly, MechanismService mechanisms, AccessPolicy policy,
                  ObjectMapper json, Clock clock) {
        this.repository = repository;
        this.monthly = monthly;
        this.mechanisms = mechanisms;
        this.policy = policy;
        this.json = json;
        this.clock = clock;
    }

    /** One report in the list. {@code links}: format → path. */
    @Serdeable
    record Summary(UUID id, String kind, String level, String period, Instant periodStart, Instant periodEnd, int version,
                   UUID replaces, String sha256, Instant issuedAt, String audience, Map<String, String> links) {
    }

    /** A download: its bytes, media type and file name (null: shown inline). */
    record Rendered(byte[] body, String mediaType, String fileName) {
    }

    Summary issue(String code, IssuedReportController.IssueReportCommand c, Principal user) {
        policy.checkMayIssueReports(user, code, c == null ? null : c.level());
        MechanismProtocol p = mechanisms.protocol(code).orElseThrow(() -> ProblemException.notFound("No mechanism " + code));
        if (c == null || !MonthlyReports.KIND.equals(c.kind())) {
            throw ProblemException.invalidParameter("kind", "must be: monthly (daily reports are issued at their cut-off)");
        }
        YearMonth month;
        try {
            month = YearMonth.parse(c.period() == null ? "" : c.period());
        } catch (DateTimeParseException e) {
            throw ProblemException.invalidParameter("period", "must be a month as YYYY-MM");
        }
        if (!MonthlyReports.ended(month, p.zone(), clock.instant())) {
            throw ProblemException.invalidParameter("period", "the month has not ended yet in " + p.zone().getId());
        }
        if (c.level() != null && p.level(c.level()).isEmpty()) {
            throw ProblemException.invalidParameter("level", "'" + c.level() + "' is not a level of " + code);
        }
        Optional<IssuedReport> existing = repository.latest(code, MonthlyReports.KIND, c.level(),
                MonthlyReports.start(month, p.zone()));
        IssuedReport corrects = null;
        if (c.corrects() != null) {
            corrects = existing.filter(r -> r.id().toString().equals(c.corrects())).orElseThrow(() ->
                    ProblemException.invalidParameter("corrects", "must be the id of the latest version of this period's report"));
        } else if (existing.isPresent()) {
            throw conflict(existing.get());
        }
        IssuedReport r = monthly.issue(p, c.level(), month, user.username(), corrects).orElseGet(() -> {
            throw conflict(repository.latest(code, MonthlyReports.KIND, c.level(), MonthlyReports.start(month, p.zone()))
                    .orElseThrow());
        });
        return summary(r, policy.audience(policy.scope(user), code, null), null);
    }

    private static ProblemException conflict(IssuedReport r) {
        return new ProblemException(ProblemType.CONFLICT, "This period's report is issued already: " + r.id()
                + " (version " + r.version() + "); to correct it, send corrects=" + r.id());
    }

    /**
     * The issued reports as {@code requestedAudience} (the access policy's default when null) gets
     * them: only those it may download, their links asking for that audience when one was named.
     */
    List<Summary> list(String code, String requestedAudience, Principal user) {
        Audience audience = policy.audience(policy.scope(user), code, requestedAudience);
        return repository.list(code, 500).stream()
                .filter(r -> audience == Audience.INTERNAL || !r.kind().equals("daily") || hasAudiences(r))
                .map(r -> summary(r, audience, requestedAudience == null ? null : audience)).toList();
    }

    Rendered download(String code, String file, String requestedAudience, String lang, String bom, Principal user) {
        Audience audience = policy.audience(policy.scope(user), code, requestedAudience);
        int dot = file.indexOf('.');
        String ext = dot < 0 ? null : file.substring(dot + 1);
        UUID id;
        try {
            id = UUID.fromString(dot < 0 ? file : file.substring(0, dot));
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound("No report " + file);
        }
        if (ext != null && !FORMATS.contains(ext)) {
            throw ProblemException.notFound("No format " + ext + "; formats: " + String.join(", ", FORMATS));
        }
        IssuedReport r = repository.find(code, id).orElseThrow(() -> ProblemException.notFound("No report " + id));
        JsonNode doc = read(r.content());
        if (!doc.has("audiences")) {
            // A daily report issued before the audiences' sections were added holds the chair's figures only, as JSON.
            if (audience != Audience.INTERNAL || ext != null) {
                throw new ProblemException(ProblemType.FORBIDDEN, "A daily report is the chair's staff's, as JSON only");
            }
            return new Rendered(r.content().getBytes(StandardCharsets.UTF_8), "application/json", null);
        }
        JsonNode section = doc.path("audiences").path(audience.code());
        String language = language(doc, lang);
        boolean withBom = Csv.byteOrderMark(bom, "csv".equals(ext));
        String name = code + "-" + r.kind() + "-" + doc.path("period").asText() + "-v" + r.version() + "-" + audience.code();
        return switch (ext == null ? "json" : ext) {
            case "html" -> new Rendered(ReportRendering.html(doc, section, audience.code(), language)
                    .getBytes(StandardCharsets.UTF_8), "text/html; charset=utf-8", null);
            case "pdf" -> new Rendered(ReportRendering.pdf(ReportRendering.html(doc, section, audience.code(), language)),
                    "application/pdf", name + ".pdf");
            case "csv" -> new Rendered(ReportRendering.csv(doc, section, language, withBom), "text/csv; charset=utf-8",
                    name + ".csv");
            case "xlsx" -> new Rendered(ReportRendering.xlsx(doc, section, language),
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", name + ".xlsx");
            default -> new Rendered(json(doc, section, audience), "application/json", null);
        };
    }

    private byte[] json(JsonNode doc, JsonNode section, Audience audience) {
        var out = json.createObjectNode();
        doc.fields().forEachRemaining(e -> {
            if (!e.getKey().equals("audiences") && !(e.getKey().equals("zones") && audience == Audience.PUBLIC)) {
                out.set(e.getKey(), e.getValue());
            }
        });
        out.put("audience", audience.code()).set("content", section);
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String language(JsonNode doc, String lang) {
        List<String> languages = new java.util.ArrayList<>();
        doc.path("languages").forEach(l -> languages.add(l.asText()));
        return language(languages, lang);
    }

    /** The requested language if it is one of {@code languages} (else 400 naming {@code lang}); none: the first. */
    static String language(List<String> languages, String lang) {
        if (lang == null) {
            return languages.isEmpty() ? "en" : languages.get(0);
        }
        if (!languages.contains(lang)) {
            throw ProblemException.invalidParameter("lang", "must be one of the mechanism's working languages: "
                    + String.join(", ", languages));
        }
        return lang;
    }

    private JsonNode read(String content) {
        try {
            return json.readTree(content);
        } catch (IOException e) {
            throw new IllegalStateException("an issued report's content is not JSON", e);
        }
    }

    /** {@code asked}: the audience the links name (null: none, the reader's default). */
    private static Summary summary(IssuedReport r, Audience audience, Audience asked) {
        String base = "/api/v1/mechanisms/" + r.mechanism() + "/reports/" + r.id();
        String query = asked == null ? "" : "?audience=" + asked.code();
        Map<String, String> links = new LinkedHashMap<>();
        links.put("json", base + query);
        if (!r.kind().equals("daily") || hasAudiences(r)) {
            FORMATS.forEach(f -> links.put(f, base + "." + f + query));
        }
        return new Summary(r.id(), r.kind(), r.level(), label(r), r.periodStart(), r.periodEnd(), r.version(), r.replaces(),
                HexFormat.of().formatHex(r.sha256()), r.issuedAt(), audience.code(), links);
    }

    /** Whether a daily report has the audiences' sections (those issued before they were added are JSON only). */
    private static boolean hasAudiences(IssuedReport r) {
        return r.content().contains("\"audiences\":{");
    }

    private static String label(IssuedReport r) {
        return r.kind().equals("daily") ? r.periodEnd().toString() : r.content().replaceAll("(?s).*?\"period\":\"([^\"]*)\".*", "$1");
    }
}
