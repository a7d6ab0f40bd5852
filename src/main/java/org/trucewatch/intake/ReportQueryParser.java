package org.trucewatch.intake;

import io.micronaut.http.HttpParameters;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.trucewatch.geo.Bbox;
import org.trucewatch.geo.TimeInterval;
import org.trucewatch.problem.ProblemException;
import org.trucewatch.taxonomy.Taxonomy;

/** Parses the query string of {@code GET /api/v1/reports} once, into a {@link ReportQuery}. */
final class ReportQueryParser {
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1_000;
    private static final Set<String> KNOWN = Set.of("bbox", "datetime", "category", "limit", "cursor");

    private ReportQueryParser() {
    }

    static ReportQuery parse(HttpParameters parameters, Taxonomy taxonomy) {
        for (String name : parameters.names()) {
            if (!KNOWN.contains(name)) {
                throw ProblemException.invalidParameter(name, "unknown parameter; known: bbox, category, cursor, datetime, limit");
            }
            if (parameters.getAll(name).size() > 1) {
                throw ProblemException.invalidParameter(name, "may be given only once");
            }
        }
        return new ReportQuery(
                Bbox.parse(parameters.get("bbox"), "bbox"),
                TimeInterval.parse(parameters.get("datetime"), "datetime"),
                categories(parameters.get("category"), taxonomy),
                limit(parameters.get("limit")),
                cursor(parameters.get("cursor")));
    }

    private static List<String> categories(String raw, Taxonomy taxonomy) {
        List<String> codes = new ArrayList<>();
        if (raw == null || raw.isBlank()) {
            return codes;
        }
        for (String code : raw.split(",")) {
            if (!taxonomy.isCategory(code.strip())) {
                throw ProblemException.invalidParameter("category", "'" + code + "' is not a category code; see /api/v1/taxonomy");
            }
            codes.add(code.strip());
        }
        return codes;
    }

    private static int limit(String raw) {
        if (raw == null || raw.isBlank()) {
            return DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(raw.strip());
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ProblemException.invalidParameter("limit", "must be a whole number from 1 to " + MAX_LIMIT);
    }

    /** Cursors are opaque to clients: the base64url form of the last id of the previous page. */
    static String cursorOf(UUID lastId) {
        ByteBuffer bytes = ByteBuffer.allocate(16).putLong(lastId.getMostSignificantBits())
                .putLong(lastId.getLeastSignificantBits());
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.array());
    }

    private static UUID cursor(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        try {
            byte[] bytes = Base64.getUrlDecoder().decode(raw.strip());
            if (bytes.length == 16) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                return new UUID(buffer.getLong(), buffer.getLong());
            }
        } catch (IllegalArgumentException e) {
            // answered below
        }
        throw ProblemException.invalidParameter("cursor", "is not a cursor this service issued; follow the 'next' link");
    }
}
