package org.trucewatch.gis.cql2;

import java.util.List;
import org.trucewatch.problem.ProblemException;

/**
 * The {@code filter} and {@code filter-lang} query parameters (OGC API Features Part 3 §8) as
 * one condition: read in the language asked for (cql2-text unless {@code filter-lang} says
 * cql2-json), checked against the reader's queryables, translated with bind values only.
 */
public final class Cql2Filters {
    public static final String TEXT = "cql2-text";
    public static final String JSON = "cql2-json";
    /** Longer filters are refused before parsing; no useful filter of these layers comes near. */
    static final int MAX_LENGTH = 20_000;
    /** Deeper nesting of parentheses is refused before parsing (the parser recurses). */
    static final int MAX_DEPTH = 100;

    /**
     * The conformance classes of OGC API Features Part 3 (19-079r2) and CQL2 (21-065r2) served.
     * Not claimed: queryables-query-parameters, case- and accent-insensitive comparison,
     * functions, arithmetic.
     */
    public static final List<String> CONFORMANCE = List.of(
            "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables",
            "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/filter",
            "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/features-filter",
            "http://www.opengis.net/spec/cql2/1.0/conf/cql2-text",
            "http://www.opengis.net/spec/cql2/1.0/conf/cql2-json",
            "http://www.opengis.net/spec/cql2/1.0/conf/basic-cql2",
            "http://www.opengis.net/spec/cql2/1.0/conf/advanced-comparison-operators",
            "http://www.opengis.net/spec/cql2/1.0/conf/basic-spatial-functions",
            "http://www.opengis.net/spec/cql2/1.0/conf/basic-spatial-functions-plus",
            "http://www.opengis.net/spec/cql2/1.0/conf/spatial-functions",
            "http://www.opengis.net/spec/cql2/1.0/conf/temporal-functions",
            "http://www.opengis.net/spec/cql2/1.0/conf/array-functions",
            "http://www.opengis.net/spec/cql2/1.0/conf/property-property");

    private Cql2Filters() {
    }

    /**
     * The filter as SQL, or null when {@code filter} is absent. {@code srid} and
     * {@code latitudeFirst} describe {@code filter-crs} (CRS84: 4326, false).
     */
    public static Cql2Filter parse(String filter, String lang, int srid, boolean latitudeFirst, String layer,
                                   List<Queryable> queryables) {
        String language = lang == null || lang.isBlank() ? TEXT : lang.strip();
        if (!TEXT.equals(language) && !JSON.equals(language)) {
            throw ProblemException.invalidParameter("filter-lang", "'" + lang + "' is not served; use " + TEXT + " or " + JSON);
        }
        if (filter == null) {
            return null;
        }
        if (filter.isBlank()) {
            throw Cql2Problems.at(Cql2.At.offset(0), "is empty");
        }
        if (filter.length() > MAX_LENGTH) {
            throw Cql2Problems.at(Cql2.At.offset(MAX_LENGTH), "is longer than " + MAX_LENGTH + " characters");
        }
        int deep = tooDeep(filter);
        if (deep >= 0) {
            throw Cql2Problems.at(Cql2.At.offset(deep), "nests deeper than " + MAX_DEPTH + " levels");
        }
        Cql2.Expression expression = TEXT.equals(language) ? Cql2TextReader.read(filter) : Cql2JsonReader.read(filter);
        return Cql2Sql.translate(expression, layer, queryables, srid, latitudeFirst);
    }

    /** The offset where brackets (outside quotes) first nest deeper than allowed, or -1. */
    private static int tooDeep(String filter) {
        int depth = 0;
        char quote = 0;
        for (int i = 0; i < filter.length(); i++) {
            char c = filter.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == '(' || c == '[' || c == '{') {
                if (++depth > MAX_DEPTH) {
                    return i;
                }
            } else if (c == ')' || c == ']' || c == '}') {
                depth--;
            }
        }
        return -1;
    }
}
