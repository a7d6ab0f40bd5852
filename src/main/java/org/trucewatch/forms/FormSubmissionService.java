package org.trucewatch.forms;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.util.HashMap;
import java.io.InputStream;
import java.util.HexFormat;
import java.util.Map;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
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
 * ({@code report.attach}; the bytes streamed into a large object of the same transaction). An
 * edit ({@code meta/deprecatedID}) becomes the report's next revision under the same id
 * ({@code report.revise}); its files join the report's. Any fault rolls all of it back.
 */
@Singleton
class FormSubmissionService {
    private static final Logger LOG = LoggerFactory.getLogger(FormSubmissionService.class);

    private final ReportService reports;
    private final ReportFeatureReader reader;
    private final AccessPolicy policy;
    private final MechanismService mechanisms;
    private final AttachmentRepository attachments;
    private final AttachmentContentStore content;
    private final AttachmentWriter writer;
    private final AuditLog audit;
    private final ObjectMapper mapper;

    FormSubmissionService(ReportService reports, ReportFeatureReader reader, AccessPolicy policy,
                          MechanismService mechanisms, AttachmentRepository attachments, AttachmentContentStore content,
                          AttachmentWriter writer, AuditLog audit, ObjectMapper mapper) {
        this.content = content;
        this.writer = writer;
        this.reports = reports;
        this.reader = reader;
        this.policy = policy;
        this.mechanisms = mechanisms;
        this.attachments = attachments;
        this.audit = audit;
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
        Map<String, String> kinds = kindsWithinLimits(instance, media, mechanism);
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
        for (MediaPart part : media) {
            if (writer.store(report, part, kinds.get(part.name()), user)) {
                added++;
            }
        }
        LOG.info("openrosa.submission report={} created={} filesAdded={}", report.id(), created, added);
        return new Outcome(report, created, added);
    }

    /**
     * The kind (photo, audio, video) of each file, from the question whose answer names it;
     * refused before anything is stored when a file is not named or is over its limit: the
     * mechanism's for its kind, within the service's ceiling. A client that then leaves the file
     * out of its retry sends a submission like any other (nothing of the refused POST is kept).
     */
    private Map<String, String> kindsWithinLimits(SubmissionInstance instance, List<MediaPart> media, String mechanism) {
        Map<String, String> kindByName = new HashMap<>();
        for (String field : FormQuestion.MEDIA) {
            String name = instance.field(field);
            if (name != null) {
                kindByName.putIfAbsent(name, FormQuestion.mediaKind(field));
            }
        }
        for (MediaPart part : media) {
            String kind = kindByName.get(part.name());
            if (kind == null) {
                throw invalid("the file " + part.name() + " is not named in the instance's photo, audio or video fields");
            }
            long limit = writer.limit(mechanism, kind);
            if (part.size() > limit) {
                throw AttachmentWriter.tooLarge(part.name(), part.size(), kind, limit);
            }
        }
        return kindByName;
    }

    /** The files attached to a report (names, types, sizes, hashes: no bytes, so no read to audit). */
    @Transactional(readOnly = true)
    public java.util.List<AttachmentRepository.StoredAttachment> attachments(UUID reportId) {
        return attachments.list(reportId);
    }

    /**
     * A stored file, to be read by {@code reader} from {@link #content(AttachmentRepository.StoredAttachment)};
     * the caller has checked that the reader may see it. Media can identify a source, so each
     * read is audited ({@code report.media_read}, with the file's name and SHA-256).
     */
    @Transactional
    public Optional<AttachmentRepository.StoredAttachment> readAttachment(UUID reportId, String name, String reader) {
        Optional<AttachmentRepository.StoredAttachment> file = attachments.find(reportId, name);
        file.ifPresent(f -> audit.append(AuditRecord.of(reader, "report.media_read", "report", reportId.toString())
                .withDigests(null, HexFormat.of().formatHex(f.sha256()))
                .withDetails(mapper.createObjectNode().put("name", name).toString())));
        return file;
    }

    /** The bytes of a stored file, read as the client takes them; the caller closes the stream. */
    public InputStream content(AttachmentRepository.StoredAttachment file) {
        return content.read(file.contentOid());
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
