package org.trucewatch.forms;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.trucewatch.access.AccessPolicy;
import org.trucewatch.access.Principal;
import org.trucewatch.audit.AuditLog;
import org.trucewatch.audit.AuditRecord;
import org.trucewatch.intake.Report;
import org.trucewatch.intake.ReportFeatureReader;
import org.trucewatch.intake.ReportService;
import org.trucewatch.intake.ReviseReportCommand;
import org.trucewatch.intake.RevisionOutcome;
import org.trucewatch.intake.SubmissionOutcome;
import org.trucewatch.intake.SubmitReportCommand;
import org.trucewatch.mechanisms.MechanismService;
import org.trucewatch.problem.FieldError;
import org.trucewatch.problem.ProblemException;
import org.trucewatch.problem.ProblemType;

/**
 * Accepts one OpenRosa submission (or one part of a split one) in a single transaction:
 * the report through the same intake as JSON reports (checks, idempotency by instanceID,
 * geofence, routing, {@code report.create}), then each new file with its SHA-256
 * ({@code report.attach}). An edit ({@code meta/deprecatedID}) becomes the report's next
 * revision under the same id ({@code report.revise}); its files join the report's.
 * Any fault rolls all of it back.
 */
@Singleton
class FormSubmissionService {
    private static final Logger LOG = LoggerFactory.getLogger(FormSubmissionService.class);

    private final ReportService reports;
    private final ReportFeatureReader reader;
    private final AccessPolicy policy;
    private final MechanismService mechanisms;
    private final AttachmentRepository attachments;
    private final AuditLog audit;
    private final Clock clock;
    private final ObjectMapper mapper;

    FormSubmissionService(ReportService reports, ReportFeatureReader reader, AccessPolicy policy,
                          MechanismService mechanisms, AttachmentRepository attachments,
                          AuditLog audit, Clock clock, ObjectMapper mapper) {
        this.reports = reports;
        this.reader = reader;
        this.policy = policy;
        this.mechanisms = mechanisms;
        this.attachments = attachments;
        this.audit = audit;
        this.clock = clock;
        this.mapper = mapper;
    }

    /** What one POST did: the report, whether this POST created it, and how many files it added. */
    record Outcome(Report report, boolean created, int filesAdded) {
    }

    @Transactional
    public Outcome accept(SubmissionInstance instance, List<MediaPart> media, Principal user) {
        String mechanism = mechanismOf(instance.formId());
        mechanism = policy.submissionMechanism(user, mechanism);
        SubmitReportCommand command;
        try {
            command = reader.read(SubmissionFeature.json(instance, mechanism, mapper));
        } catch (ProblemException e) {
            throw SubmissionFeature.inFormTerms(e);
        }
        refuseUnstorableFileNames(instance);
        List<String> fileNames = FormQuestion.MEDIA.stream().filter(f -> instance.field(f) != null)
                .map(f -> f + "=" + instance.field(f)).toList();
        UUID replaced = replaced(instance, command);
        Report report;
        boolean created;
        if (replaced != null) {
            // An edit (meta/deprecatedID): the report whose current instance it names gets a new revision.
            Report old = reports.findByClientReportId(replaced).orElseThrow(() ->
                    invalid("/data/meta/deprecatedID", "names no submission received here"));
            RevisionOutcome revision = reports.revise(new ReviseReportCommand(old.id(), null, replaced, command,
                    fileNames), user);
            report = revision.report();
            created = revision.revised();
        } else {
            SubmissionOutcome outcome = reports.submit(command, user.username(), fileNames);
            report = outcome.report();
            if (!outcome.created() && !report.submittedBy().equals(user.username())) {
                // Someone else's report: say no more than that the id is taken.
                throw new ProblemException(ProblemType.REPORT_CONFLICT, "This instanceID is already used");
            }
            if (outcome.otherContent()) {
                throw outcome.conflictNamingTheStoredReport();
            }
            created = outcome.created();
        }
        int added = 0;
        Set<String> named = FormQuestion.MEDIA.stream().map(instance::field).filter(n -> n != null)
                .collect(Collectors.toSet());
        for (MediaPart part : media) {
            if (!named.contains(part.name())) {
                throw invalid("the file " + part.name() + " is not named in the instance's photo or audio fields");
            }
            if (attachments.insertIfAbsent(report.id(), part, clock.instant(), user.username())) {
                audit.append(AuditRecord.of(user.username(), "report.attach", "report", report.id().toString())
                        .withDigests(null, part.sha256Hex())
                        .withDetails(mapper.createObjectNode().put("name", part.name())
                                .put("bytes", part.bytes().length).toString()));
                added++;
            } else if (!Arrays.equals(attachments.find(report.id(), part.name()).orElseThrow().sha256(),
                    part.sha256())) {
                throw new ProblemException(ProblemType.REPORT_CONFLICT, "The file " + part.name()
                        + " was already received for this instance with other content");
            }
        }
        LOG.info("openrosa.submission report={} created={} filesAdded={}", report.id(), created, added);
        return new Outcome(report, created, added);
    }

    /** The files attached to a report (names, types, sizes, hashes: no bytes, so no read to audit). */
    @Transactional(readOnly = true)
    public java.util.List<AttachmentRepository.StoredAttachment> attachments(UUID reportId) {
        return attachments.list(reportId);
    }

    /**
     * A stored file with its bytes, read by {@code reader}; the caller has checked that the
     * reader may see them. Media can identify a source, so each read is audited
     * ({@code report.media_read}, with the file's name and SHA-256).
     */
    @Transactional
    public Optional<AttachmentRepository.AttachmentContent> readAttachment(UUID reportId, String name, String reader) {
        Optional<AttachmentRepository.AttachmentContent> file = attachments.content(reportId, name);
        file.ifPresent(f -> audit.append(AuditRecord.of(reader, "report.media_read", "report", reportId.toString())
                .withDigests(null, java.util.HexFormat.of().formatHex(f.meta().sha256()))
                .withDetails(mapper.createObjectNode().put("name", name).toString())));
        return file;
    }

    /** A file the instance names must be storable under that name, even if it comes in a later POST. */
    private static void refuseUnstorableFileNames(SubmissionInstance instance) {
        for (String field : FormQuestion.MEDIA) {
            String name = instance.field(field);
            String unstorable = name == null ? null : MediaFileName.whyUnstorable(name);
            if (unstorable != null) {
                throw invalid("/" + XFormBuilder.ROOT + "/" + field, "the file name " + MediaFileName.quoted(name)
                        + " is refused: " + unstorable);
            }
        }
    }

    private String mechanismOf(String formId) {
        String prefix = XFormBuilder.formId("");
        if (!formId.startsWith(prefix) || mechanisms.protocol(formId.substring(prefix.length())).isEmpty()) {
            throw invalid("the form " + formId + " is not served here; fetch the current forms from /formList");
        }
        return formId.substring(prefix.length());
    }

    /** The instance an edit replaces (meta/deprecatedID, ODK XForms spec "Metadata"), or null for a first submission. */
    private static UUID replaced(SubmissionInstance instance, SubmitReportCommand command) {
        String deprecated = instance.field("meta/deprecatedID");
        if (deprecated == null) {
            return null;
        }
        UUID id;
        try {
            id = UUID.fromString(SubmissionFeature.uuidOf(deprecated));
        } catch (IllegalArgumentException e) {
            throw invalid("/data/meta/deprecatedID", "must be uuid:<UUID>");
        }
        if (id.equals(command.clientReportId())) {
            throw invalid("/data/meta/deprecatedID", "must differ from meta/instanceID: an edit is a new instance");
        }
        return id;
    }

    private static ProblemException invalid(String detail) {
        return new ProblemException(ProblemType.INVALID_REPORT, detail);
    }

    private static ProblemException invalid(String pointer, String detail) {
        return new ProblemException(ProblemType.INVALID_REPORT, pointer + ": " + detail,
                List.of(FieldError.at(pointer, detail)));
    }
}
