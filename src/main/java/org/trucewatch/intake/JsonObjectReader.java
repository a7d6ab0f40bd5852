package org.trucewatch.intake;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.trucewatch.problem.FieldError;
import org.trucewatch.problem.JsonPointer;

/**
 * Typed reads of one JSON object's members that record, instead of throwing, what is
 * wrong and where (an RFC 6901 pointer), so a client learns every fault in one answer.
 * Each read returns null when the member is absent or wrong.
 */
final class JsonObjectReader {
    private final JsonNode node;
    private final String pointer;
    private final List<FieldError> errors;

    JsonObjectReader(JsonNode node, String pointer, List<FieldError> errors) {
        this.node = node;
        this.pointer = pointer;
        this.errors = errors;
    }

    String pointer(String name) {
        return JsonPointer.child(pointer, name);
    }

    JsonNode member(String name) {
        JsonNode value = node.get(name);
        return value == null || value.isNull() ? null : value;
    }

    void fail(String name, String detail) {
        errors.add(FieldError.at(pointer(name), detail));
    }

    void fail(String name, int index, String detail) {
        errors.add(FieldError.at(JsonPointer.child(pointer(name), index), detail));
    }

    void require(String name) {
        if (member(name) == null) {
            fail(name, "is required");
        }
    }

    void rejectUnknown(Set<String> allowed) {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                fail(name, "unknown property; allowed: " + String.join(", ", new TreeSet<>(allowed)));
            }
        }
    }

    /**
     * Free text (a description, a source's notes) of at most {@code maxLength} code points,
     * returned exactly as sent: white space and line breaks are part of a witness's words, so
     * nothing is trimmed, and an empty string stays an empty string. Null only when absent.
     */
    String text(String name, int maxLength) {
        JsonNode value = member(name);
        if (value == null) {
            return null;
        }
        if (!value.isTextual()) {
            fail(name, "must be a string");
            return null;
        }
        return storable(name, value.asText(), maxLength);
    }

    /**
     * An identifier, code or timestamp: surrounding white space is dropped (it is never part
     * of a code), and an empty or blank one is refused: it is a wrong value, not an absent
     * one. To take the default, leave the member out.
     */
    String token(String name, int maxLength) {
        String text = text(name, maxLength);
        if (text == null) {
            return null;
        }
        String token = text.strip();
        if (token.isEmpty()) {
            fail(name, "is an empty string; leave the member out (or send null) if there is no value");
            return null;
        }
        return token;
    }

    /** A string that must be one of {@code codes}. */
    String code(String name, Set<String> codes) {
        String text = token(name, 64);
        if (text != null && !codes.contains(text)) {
            fail(name, "'" + text + "' is not one of: " + String.join(", ", codes));
            return null;
        }
        return text;
    }

    private String storable(String name, String text, int maxLength) {
        int length = text.codePointCount(0, text.length());
        if (length > maxLength) {
            fail(name, "is " + length + " characters long; at most " + maxLength + " are allowed");
            return null;
        }
        String bad = unstorable(text);
        if (bad != null) {
            fail(name, bad);
            return null;
        }
        return text;
    }

    Double number(String name, double min, double maxExclusive, String unit) {
        JsonNode value = member(name);
        if (value == null) {
            return null;
        }
        if (!value.isNumber() || !Double.isFinite(value.doubleValue())) {
            fail(name, "must be a finite number" + unit);
            return null;
        }
        double v = value.doubleValue();
        if (v < min || v >= maxExclusive) {
            fail(name, v + " is outside [" + min + ", " + maxExclusive + ")" + unit);
            return null;
        }
        return v;
    }

    Integer integer(String name, int min, int max) {
        JsonNode value = member(name);
        if (value == null) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            fail(name, "must be a whole number");
            return null;
        }
        int v = value.intValue();
        if (v < min || v > max) {
            fail(name, v + " is outside [" + min + ", " + max + "]");
            return null;
        }
        return v;
    }

    /** A nested object's reader, or null (with an error) when the member is not an object. */
    JsonObjectReader object(String name) {
        JsonNode value = member(name);
        if (value == null) {
            return null;
        }
        if (!value.isObject()) {
            fail(name, "must be an object");
            return null;
        }
        return new JsonObjectReader(value, pointer(name), errors);
    }

    /**
     * PostgreSQL text cannot hold NUL, and a lone UTF-16 surrogate cannot be encoded as
     * UTF-8 without silently becoming '?': both are refused rather than altered.
     */
    static String unstorable(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == 0) {
                return "must not contain NUL (U+0000) characters";
            }
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return "contains an unpaired UTF-16 surrogate at character " + i;
            }
        }
        return null;
    }
}
