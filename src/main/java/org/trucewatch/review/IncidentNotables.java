package org.trucewatch.review;

import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.trucewatch.access.Principal;
import org.trucewatch.audit.AuditLog;
import org.trucewatch.audit.AuditRecord;
import org.trucewatch.mechanisms.Incident;
import org.trucewatch.mechanisms.IncidentEventRepository;
import org.trucewatch.mechanisms.IncidentStatus;
import org.trucewatch.mechanisms.QueueNotifier;
import org.trucewatch.problem.FieldError;
import org.trucewatch.problem.ProblemException;
import org.trucewatch.problem.ProblemType;

/**
 * The chair marks an incident notable for the periodic reports (docs/reports.md, "Notable
 * incidents"): a short summary for the reports, and whether the public report may name it. Whoever
 * may record the incident's finding may mark it, change the mark or withdraw it; each step locks the
 * incident, appends a row to {@code notable_mark} (never changed afterwards, so a report reads the
 * mark as it stood at its cut-off), writes the history, appends to the audit chain and announces the
 * queue change, in one transaction.
 */
@Singleton
public class IncidentNotables {
    /** The longest summary kept (the column's CHECK, V111): a paragraph of a report, not a document. */
    static final int SUMMARY_MAX = 1000;
    /** The history's kinds (V111): marked or changed, not for the public; the same, publishable; withdrawn. */
    static final String MARKED = "notable";
    static final String MARKED_PUBLISHABLE = "notable_publishable";
    static final String WITHDRAWN = "notable_withdrawn";

    private final IncidentWorkflow workflow;
    private final NotableMarkRepository marks;
    private final IncidentEventRepository events;
    private final QueueNotifier notifier;
    private final AuditLog audit;
    private final Clock clock;

    IncidentNotables(IncidentWorkflow workflow, NotableMarkRepository marks, IncidentEventRepository events,
                     QueueNotifier notifier, AuditLog audit, Clock clock) {
        this.workflow = workflow;
        this.marks = marks;
        this.events = events;
        this.notifier = notifier;
        this.audit = audit;
        this.clock = clock;
    }

    /** Input of marking: the summary (required, 1 to {@value #SUMMARY_MAX} characters) and whether the public may read it (default no). */
    public record MarkNotableCommand(String summary, Boolean publishable) {
    }

    /**
     * Marks the incident notable, or changes its mark. The same summary and choice again change
     * nothing and record nothing (a resent request is answered as the first was).
     */
    @Transactional
    public void mark(UUID id, Principal user, MarkNotableCommand command) {
        Incident i = markable(id, user);
        String summary = summary(command);
        boolean publishable = command.publishable() != null && command.publishable();
        Optional<NotableMarkRow> now = marks.inForce(id);
        if (now.isPresent() && now.get().summary().equals(summary) && now.get().publishable() == publishable) {
            return;
        }
        record(i, user, summary, publishable, publishable ? MARKED_PUBLISHABLE : MARKED, "incident.mark_notable",
                "{\"publishable\":" + publishable + ",\"change\":" + now.isPresent() + "}");
    }

    /** Withdraws the incident's mark: 409 when it is not marked notable. */
    @Transactional
    public void withdraw(UUID id, Principal user) {
        Incident i = markable(id, user);
        if (marks.inForce(id).isEmpty()) {
            throw new ProblemException(ProblemType.CONFLICT, "Incident " + name(i) + " is not marked notable");
        }
        record(i, user, null, false, WITHDRAWN, "incident.unmark_notable", null);
    }

    /** The incident, locked, if the user works it (as for a finding); a merged one is reported through its survivor. */
    private Incident markable(UUID id, Principal user) {
        Incident i = workflow.chairsIncident(id, user, true);
        if (i.status() == IncidentStatus.MERGED) {
            throw new ProblemException(ProblemType.ILLEGAL_TRANSITION, "Incident " + name(i)
                    + " is merged: mark the incident it was merged into");
        }
        return i;
    }

    private void record(Incident i, Principal user, String summary, boolean publishable, String kind, String action,
                        String details) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        marks.save(new NotableMarkRow(null, i.id(), summary, publishable, user.username(), now));
        events.append(i.id(), now, user.username(), kind, null, null, null, null, summary);
        AuditRecord r = AuditRecord.of(user.username(), action, "incident", i.id().toString());
        audit.append(details == null ? r : r.withDetails(details));
        notifier.changed(i.queueId(), i.id());
    }

    private static String summary(MarkNotableCommand command) {
        String text = command == null || command.summary() == null ? "" : command.summary().strip();
        int length = text.codePointCount(0, text.length());
        if (length == 0 || length > SUMMARY_MAX) {
            throw new ProblemException(ProblemType.INVALID_INPUT, "A notable incident's summary has 1 to "
                    + SUMMARY_MAX + " characters", List.of(FieldError.at("/summary", length == 0 ? "is required"
                    : "longer than " + SUMMARY_MAX + " characters")));
        }
        return text;
    }

    private static String name(Incident i) {
        return i.reference() != null ? i.reference() : i.id().toString();
    }
}
