package org.trucewatch.forms;

/**
 * The rules a media file's name must meet to be stored and served again: the name is the
 * key of {@code report_attachment} (1 to 255 characters, a CHECK there), and one path
 * segment of {@code /api/v1/reports/{id}/attachments/{name}}, so a path separator, a dot
 * segment (RFC 3986 §5.2.4 removes it) or a control character (NUL cannot be stored at all)
 * would make the file unreachable. Checked before anything is stored, for the multipart
 * part and for the instance's element naming it.
 */
final class MediaFileName {
    static final int MAX_LENGTH = 255;

    private MediaFileName() {
    }

    /** Why {@code name} cannot be a stored file's name, or null when it can. */
    static String whyUnstorable(String name) {
        int length = name.codePointCount(0, name.length());
        if (length == 0 || length > MAX_LENGTH) {
            return "a file name has 1 to " + MAX_LENGTH + " characters; this one has " + length;
        }
        if (name.equals(".") || name.equals("..")) {
            return "'" + name + "' is not a file name";
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '/' || c == '\\') {
                return "a file name must not contain '" + c + "' (a path separator)";
            }
            if (Character.isISOControl(c)) {
                return "a file name must not contain control characters (U+" + String.format("%04X", (int) c) + ")";
            }
        }
        return null;
    }

    /** The name as an error message may quote it: short, whatever was sent. */
    static String quoted(String name) {
        return "'" + (name.length() > 60 ? name.substring(0, 60) + "…" : name) + "'";
    }
}
