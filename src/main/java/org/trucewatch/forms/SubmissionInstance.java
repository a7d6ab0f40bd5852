package org.trucewatch.forms;

import java.util.Map;

/**
 * A submitted form instance as read from {@code xml_submission_file}: the root's
 * {@code id} (the formID) and {@code version}, and the text of every leaf by its path
 * below the root ({@code location}, {@code meta/instanceID}).
 */
record SubmissionInstance(String formId, String version, Map<String, String> fields) {

    String field(String path) {
        String v = fields.get(path);
        return v == null || v.isBlank() ? null : v.strip();
    }
}
