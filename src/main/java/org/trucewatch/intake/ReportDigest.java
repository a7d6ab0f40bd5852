package org.trucewatch.intake;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.locationtech.jts.geom.Geometry;
import org.trucewatch.geo.Ewkb;

/**
 * SHA-256 of a report's canonical content: what decides whether a resend with a known
 * clientReportId is the same report (answered with the original) or a different one
 * (a conflict). The canonical form is a JSON array of the command's fields in declaration
 * order, geometry as EWKB and times at the microsecond PostgreSQL keeps, so formatting,
 * member order and defaults written out or left implicit do not change the digest.
 */
final class ReportDigest {
    private static final ObjectMapper CANONICAL = new ObjectMapper();

    private ReportDigest() {
    }

    static byte[] of(SubmitReportCommand c) {
        return of(c, List.of());
    }

    /**
     * The same, also over the names of the files the submission says it carries (an
     * OpenRosa instance's photo and audio answers): the same instanceID naming another file
     * is other content. Without names the digest is the one stored before names counted.
     */
    static byte[] of(SubmitReportCommand c, List<String> fileNames) {
        ReportSource s = c.source();
        Casualties k = c.casualties();
        List<Object> fields = Arrays.asList(
                c.clientReportId().toString(), hex(c.geometry()), time(c.observedAt()), instant(c.observedUntil()),
                c.timePrecision(), c.locationAccuracyM(), hex(c.observerLocation()), c.bearingDeg(),
                c.estimatedDistanceM(), c.category(), c.description(), c.allegedParties(),
                k.civiliansKilled(), k.civiliansInjured(), k.combatantsKilled(), k.combatantsInjured(),
                c.count(), s.type(), s.reliability(), s.credibility(), s.identity(), s.notes(), c.mechanism());
        if (k.killed().isRecorded() || k.injured().isRecorded()) {
            // Appended only when recorded, so that every report stored before these fields keeps its digest.
            fields = new java.util.ArrayList<>(fields);
            fields.addAll(Arrays.asList(k.killed().women(), k.killed().men(), k.killed().girls(), k.killed().boys(),
                    k.injured().women(), k.injured().men(), k.injured().girls(), k.injured().boys()));
        }
        if (!fileNames.isEmpty()) {
            fields = new java.util.ArrayList<>(fields);
            fields.add(fileNames.stream().sorted().toList());
        }
        try {
            return MessageDigest.getInstance("SHA-256").digest(CANONICAL.writeValueAsBytes(fields));
        } catch (NoSuchAlgorithmException | JsonProcessingException e) {
            throw new IllegalStateException("cannot digest a report", e);
        }
    }

    private static String hex(Geometry g) {
        return g == null ? null : HexFormat.of().formatHex(Ewkb.write(g));
    }

    /** observedAt keeps its offset (it is stored); observedUntil is stored as an instant only. */
    private static String time(OffsetDateTime t) {
        return instant(t) + "@" + t.getOffset().getTotalSeconds();
    }

    private static String instant(OffsetDateTime t) {
        return t == null ? null : t.truncatedTo(ChronoUnit.MICROS).toInstant().toString();
    }
}
