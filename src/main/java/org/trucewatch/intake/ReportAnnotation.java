package org.trucewatch.intake;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.UUID;

/**
 * What a capability downstream of intake adds to one report's Feature, e.g. zones: the
 * report's relations to the zones. Intake knows only this interface, so data still flows one
 * way (intake → zones → …): the downstream package implements it as a bean, and the report
 * outlet asks every implementation when it shows a single report. What is added passes
 * through the same redaction as the rest of the Feature.
 */
public interface ReportAnnotation {

    /** Adds this capability's members to {@code properties} of the report {@code reportId}. */
    void annotate(UUID reportId, ObjectNode properties);

    /**
     * Whether the answer to a submission carries it too. An annotation that costs a query and
     * tells nothing yet about a report stored a moment ago (what became of it) says no: the
     * intake's answer stays cheap, and a GET of the report tells.
     */
    default boolean onSubmission() {
        return true;
    }
}
