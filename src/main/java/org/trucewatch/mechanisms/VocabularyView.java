package org.trucewatch.mechanisms;

import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import java.util.Map;

/**
 * The mechanisms' vocabulary as clients get it: the codes of the workflow in order, with
 * the rules a client shows them by and their labels, so that no client keeps a copy.
 */
@Serdeable
@Schema(description = "Workflow statuses, findings, positions and the severity scale, with labels in en, fr, es and ar")
public record VocabularyView(
        @Schema(description = "The incident statuses in workflow order") List<Status> statuses,
        List<Term> findings,
        @Schema(description = "A party's position on an incident") List<Term> positions,
        Scale severity,
        @Schema(description = "The level part of the chair's triage queue's id (mechanism.triage)", example = "triage")
        String triageLevel) {

    /** A code with its labels by language. */
    @Serdeable
    public record Term(String code, Map<String, String> labels) {
    }

    @Serdeable
    public record Status(
            String code,
            @Schema(description = "Still being handled: in the queues' counts, claimable, escalated when overdue")
            boolean open,
            @Schema(description = "Awaiting review at its level: on that level's meeting agenda") boolean onAgenda,
            @Schema(description = "Moving to it records the finding (the transition carries one)") boolean recordsFinding,
            Map<String, String> labels) {
    }

    /** Whole numbers from min (least severe) to max. */
    @Serdeable
    public record Scale(int min, int max) {
    }
}
