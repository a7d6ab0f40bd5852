package org.trucewatch.gis;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.trucewatch.problem.ProblemException;

/**
 * A keyset position, opaque to clients: the key of the last feature of the previous page
 * ({@code next}) or of the first feature of the following page ({@code prev}), plus the
 * {@code numberMatched} of the first page, carried along so later pages need not count again.
 */
public record Cursor(boolean backwards, String key, long matched) {

    public String encode() {
        String raw = (backwards ? "p" : "n") + matched + ":" + key;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    public static Cursor parse(String raw, String parameter) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        try {
            String text = new String(Base64.getUrlDecoder().decode(raw.strip()), StandardCharsets.UTF_8);
            int colon = text.indexOf(':');
            if (colon > 1 && (text.charAt(0) == 'n' || text.charAt(0) == 'p') && colon < text.length() - 1) {
                long matched = Long.parseLong(text.substring(1, colon));
                if (matched >= 0) {
                    return new Cursor(text.charAt(0) == 'p', text.substring(colon + 1), matched);
                }
            }
        } catch (IllegalArgumentException e) {
            // answered below (NumberFormatException is one)
        }
        throw ProblemException.invalidParameter(parameter, "is not a cursor this service issued; follow a 'next' or 'prev' link");
    }
}
