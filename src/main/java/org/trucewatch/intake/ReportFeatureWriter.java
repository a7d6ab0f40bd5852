package org.trucewatch.intake;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.inject.Singleton;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import org.trucewatch.access.Redactor;
import org.trucewatch.access.Shape;
import org.trucewatch.access.Visibility;
import java.util.List;
import org.trucewatch.geo.GeoJsonWriter;

/** Renders stored reports as RFC 7946 Features, the shape they were submitted in plus the server's fields. */
@Singleton
class ReportFeatureWriter {
    static final String GEO_JSON = "application/geo+json";

    private final Redactor redactor;

    ReportFeatureWriter(Redactor redactor) {
        this.redactor = redactor;
    }

    /**
     * The report as a Feature, as the reader may see it: the {@link Redactor} takes every
     * {@link org.trucewatch.access.ConfidentialField} out of a {@link Visibility#REDACTED} view.
     */
    ObjectNode feature(Report report, String selfHref, Visibility visibility) {
        return feature(report, selfHref, visibility, List.of());
    }

    /** The same, with what downstream capabilities add to a single report (its zones, …). */
    ObjectNode feature(Report report, String selfHref, Visibility visibility, List<ReportAnnotation> annotations) {
        return redactor.redact(Shape.REPORT, visibility, whole(report, selfHref, annotations));
    }

    /** One revision of a report as the reader may see it, with when it was made and by whom. */
    ObjectNode revision(ReportRevision revision, String selfHref, Visibility visibility) {
        ObjectNode feature = whole(revision.report(), selfHref, List.of());
        ((ObjectNode) feature.get("properties")).put("revisedAt", revision.at().toString())
                .put("revisedBy", revision.by());
        return redactor.redact(Shape.REPORT, visibility, feature);
    }

    private static ObjectNode whole(Report report, String selfHref, List<ReportAnnotation> annotations) {
        SubmitReportCommand c = report.content();
        ObjectNode feature = GeoJsonWriter.feature(report.id().toString(), c.geometry());
        ObjectNode p = feature.putObject("properties");
        p.put("clientReportId", c.clientReportId().toString());
        p.put("observedAt", time(c.observedAt()));
        putIfPresent(p, "observedUntil", c.observedUntil() == null ? null : time(c.observedUntil()));
        p.put("timePrecision", c.timePrecision());
        putIfPresent(p, "locationAccuracyM", c.locationAccuracyM());
        if (c.observerLocation() != null) {
            p.putArray("observerLocation").add(c.observerLocation().getX()).add(c.observerLocation().getY());
        }
        putIfPresent(p, "bearingDeg", c.bearingDeg());
        putIfPresent(p, "estimatedDistanceM", c.estimatedDistanceM());
        p.put("category", c.category());
        putIfPresent(p, "description", c.description());
        ArrayNode parties = p.putArray("allegedParties");
        c.allegedParties().forEach(parties::add);
        if (c.casualties().isReported()) {
            ObjectNode k = p.putObject("casualties");
            putIfPresent(k, "civiliansKilled", c.casualties().civiliansKilled());
            putIfPresent(k, "civiliansInjured", c.casualties().civiliansInjured());
            putIfPresent(k, "combatantsKilled", c.casualties().combatantsKilled());
            putIfPresent(k, "combatantsInjured", c.casualties().combatantsInjured());
            putSexAge(k, "Killed", c.casualties().killed());
            putSexAge(k, "Injured", c.casualties().injured());
        }
        putIfPresent(p, "count", c.count());
        ObjectNode s = p.putObject("source");
        s.put("type", c.source().type());
        putIfPresent(s, "reliability", c.source().reliability());
        putIfPresent(s, "credibility", c.source().credibility());
        putIfPresent(s, "identity", c.source().identity());
        putIfPresent(s, "notes", c.source().notes());
        putIfPresent(p, "mechanism", c.mechanism());
        p.put("receivedAt", report.receivedAt().toString());
        p.put("submittedBy", report.submittedBy());
        p.put("taxonomyVersion", report.taxonomyVersion());
        p.put("revision", report.revision());
        for (ReportAnnotation annotation : annotations) {
            annotation.annotate(report.id(), p);
        }
        feature.putArray("links").addObject().put("href", selfHref).put("rel", "self").put("type", GEO_JSON);
        return feature;
    }

    private static void putSexAge(ObjectNode k, String what, Casualties.SexAge groups) {
        putIfPresent(k, "women" + what, groups.women());
        putIfPresent(k, "men" + what, groups.men());
        putIfPresent(k, "girls" + what, groups.girls());
        putIfPresent(k, "boys" + what, groups.boys());
    }

    private static String time(OffsetDateTime t) {
        return t.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    }

    private static void putIfPresent(ObjectNode node, String name, Object value) {
        if (value instanceof String text) {
            node.put(name, text);
        } else if (value instanceof Double number) {
            node.put(name, number);
        } else if (value instanceof Integer number) {
            node.put(name, number);
        }
    }
}
