package org.trucewatch.access;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads the {@code for=} nodes of an RFC 7239 {@code Forwarded} header, one per proxy hop, in
 * order. The grammar (§4): elements separated by commas, pairs within an element by
 * semicolons, each value a token or a quoted-string (RFC 9110 §5.6.4, with backslash escapes),
 * so separators inside quotes are not separators.
 */
final class ForwardedHeader {
    private ForwardedHeader() {
    }

    /**
     * The {@code for=} value of every element of every line, unquoted (a node such as
     * {@code 192.0.2.60}, {@code [2001:db8::17]:4711} or {@code unknown}); an element without
     * one gives "", which no address parses. Null when the header is malformed.
     */
    static List<String> forValues(List<String> lines) {
        List<String> nodes = new ArrayList<>();
        for (String line : lines) {
            List<String> elements = split(line, ',');
            if (elements == null) {
                return null;
            }
            for (String element : elements) {
                String node = forNode(element);
                if (node == null) {
                    return null;
                }
                nodes.add(node);
            }
        }
        return nodes;
    }

    private static String forNode(String element) {
        List<String> pairs = split(element, ';');
        if (pairs == null) {
            return null;
        }
        String node = "";
        for (String pair : pairs) {
            if (pair.isBlank()) {
                continue;
            }
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                return null;
            }
            if (pair.substring(0, eq).trim().toLowerCase(Locale.ROOT).equals("for")) {
                node = unquote(pair.substring(eq + 1).trim());
                if (node == null) {
                    return null;
                }
            }
        }
        return node;
    }

    /** Splits on {@code separator} outside quoted-strings; null when a quote is left open. */
    private static List<String> split(String s, char separator) {
        List<String> parts = new ArrayList<>();
        StringBuilder part = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quoted && c == '\\' && i + 1 < s.length()) {
                part.append(c).append(s.charAt(++i));
            } else if (c == '"') {
                quoted = !quoted;
                part.append(c);
            } else if (c == separator && !quoted) {
                parts.add(part.toString().trim());
                part.setLength(0);
            } else {
                part.append(c);
            }
        }
        if (quoted) {
            return null;
        }
        parts.add(part.toString().trim());
        return parts;
    }

    private static String unquote(String value) {
        if (!value.startsWith("\"")) {
            return value;
        }
        if (value.length() < 2 || !value.endsWith("\"")) {
            return null;
        }
        return value.substring(1, value.length() - 1).replaceAll("\\\\(.)", "$1");
    }
}
