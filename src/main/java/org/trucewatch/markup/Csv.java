package org.trucewatch.markup;

import org.trucewatch.problem.ProblemException;

/**
 * The service's one rule for a CSV cell (RFC 4180), for every outlet that writes CSV: the GIS
 * exports and the periodic reports' tables. No CSV library is on the classpath and these two
 * functions are all either needs (docs/gis.md, "Written by hand").
 */
public final class Csv {
    private static final String FORMULA_START = "=+-@\t\r";

    private Csv() {
    }

    /**
     * A text cell. OWASP "CSV Injection": a spreadsheet runs a cell that starts with = + - @ (or
     * tab or carriage return, which some strip first) as a formula, so such a text cell is
     * prefixed with a single quote, shown as text, and quoted. A witness's "-" or "=" stays
     * readable; numbers and coordinates (not text) are never touched: write them with
     * {@link #quote}.
     */
    public static String text(String value) {
        if (!value.isEmpty() && FORMULA_START.indexOf(value.charAt(0)) >= 0) {
            return '"' + ("'" + value).replace("\"", "\"\"") + '"';
        }
        return quote(value);
    }

    /** RFC 4180 §2: fields with commas, quotes or line breaks are quoted, quotes doubled. */
    public static String quote(String value) {
        if (value.indexOf(',') < 0 && value.indexOf('"') < 0 && value.indexOf('\n') < 0 && value.indexOf('\r') < 0) {
            return value;
        }
        return '"' + value.replace("\"", "\"\"") + '"';
    }

    /**
     * The {@code bom} option of a CSV download ({@code raw} as the query gave it, null when
     * absent): {@code true} starts the file with a UTF-8 byte order mark, by which Excel knows it
     * is UTF-8. 400 naming {@code bom} for any other value, or for a file that is not CSV.
     */
    public static boolean byteOrderMark(String raw, boolean csv) {
        if (raw == null) {
            return false;
        }
        if (!csv) {
            throw ProblemException.invalidParameter("bom", "only a CSV file has a byte order mark option");
        }
        return switch (raw.strip()) {
            case "true" -> true;
            case "false" -> false;
            default -> throw ProblemException.invalidParameter("bom", "must be true or false");
        };
    }
}
