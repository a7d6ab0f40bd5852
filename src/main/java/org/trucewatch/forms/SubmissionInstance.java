package org.trucewatch.forms;

import java.util.Map;

/**
 * A submitted form instance as read from {@code xml_submission_file}: the root's
 * {@code id} (the formID) and {@code version}, and the text of every leaf by its path
 * below the root ({@code location}, {@code meta/instanceID}).
 */
record SubmissionInstance(String formId, String version, Map<String, String> fields) {

    /**
     * A coded answer (a select, a number, a date, an id): white space around it is dropped,
     * and an empty element is "not answered" (ODK XForms), so it reads as absent.
     */
    String field(String path) {
        String v = fields.get(path);
        return v == null || v.isBlank() ? null : v.strip();
    }

    /**
     * A free-text answer exactly as the parser delivered it (nothing trimmed; XML 1.0 §2.11
     * has already turned a raw CR LF into LF, a CR sent as {@code &#13;} stays); only an
     * empty element is "not answered" and reads as absent.
     */
    String text(String path) {
        String v = fields.get(path);
        return v == null || v.isEmpty() ? null : v;
    }
}
