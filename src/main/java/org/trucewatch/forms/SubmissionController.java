package org.trucewatch.forms;

import io.micronaut.context.annotation.Value;
import io.micronaut.core.convert.format.ReadableBytes;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Head;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.multipart.CompletedFileUpload;
import io.micronaut.http.multipart.CompletedPart;
import io.micronaut.http.server.multipart.MultipartBody;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.trucewatch.access.AccessService;
import org.trucewatch.problem.ProblemException;
import org.trucewatch.problem.ProblemType;
import reactor.core.publisher.Flux;

/**
 * The OpenRosa Form Submission API (https://docs.getodk.org/openrosa-form-submission/):
 * {@code HEAD} tells the client how much it may send per request, {@code POST} takes one
 * {@code xml_submission_file} part and the instance's files. Every answer, error or not,
 * is an OpenRosa response message, which ODK Collect and Enketo show to the monitor.
 */
@Controller("/submission")
@ExecuteOn(TaskExecutors.BLOCKING)
@Secured(SecurityRule.IS_AUTHENTICATED)
@Tag(name = "Mobile forms (OpenRosa)")
class SubmissionController {
    private static final Logger LOG = LoggerFactory.getLogger(SubmissionController.class);
    static final String XML_PART = "xml_submission_file";
    static final int MAX_FILES = 10;

    private final FormSubmissionService service;
    private final AccessService access;
    private final long acceptContentLength;
    private final long maxFileBytes;

    SubmissionController(FormSubmissionService service, AccessService access,
                         @Value("${trucewatch.forms.accept-content-length:10MB}") @ReadableBytes long acceptContentLength,
                         @Value("${trucewatch.forms.max-file-bytes:100MB}") @ReadableBytes long maxFileBytes) {
        this.service = service;
        this.access = access;
        this.acceptContentLength = acceptContentLength;
        this.maxFileBytes = maxFileBytes;
    }

    @Operation(summary = "OpenRosa pre-flight", description = "204 with X-OpenRosa-Accept-Content-Length")
    @Head
    HttpResponse<Void> preflight() {
        // The client splits a submission whose files exceed this into several POSTs (Form Submission API, "Extended Transmission").
        return HttpResponse.<Void>status(HttpStatus.NO_CONTENT).header(OpenRosa.VERSION_HEADER, OpenRosa.VERSION)
                .header("X-OpenRosa-Accept-Content-Length", String.valueOf(acceptContentLength));
    }

    @Operation(summary = "OpenRosa submission", description = "multipart/form-data: xml_submission_file and media files")
    @Post
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Produces(OpenRosa.XML)
    HttpResponse<String> submit(Authentication authentication, @Body MultipartBody body) {
        List<CompletedPart> all = List.of();
        try {
            all = received(body);
            Parts parts = parts(all);
            SubmissionInstance instance = SubmissionXmlReader.read(parts.xml());
            FormSubmissionService.Outcome outcome = service.accept(instance, parts.media(), access.principal(authentication));
            String message = outcome.created() ? "Report received, thank you."
                    : outcome.filesAdded() > 0 ? "Further files received for this report."
                    : "This report was already received; nothing changed.";
            return OpenRosa.message(HttpStatus.CREATED, message)
                    .header("Location", "/api/v1/reports/" + outcome.report().id());
        } catch (ProblemException e) {
            // The report checks answer 422 on the JSON API; OpenRosa clients expect 400 for a refused submission.
            HttpStatus status = e.type().status() == HttpStatus.UNPROCESSABLE_ENTITY ? HttpStatus.BAD_REQUEST
                    : e.type().status();
            return OpenRosa.message(status, e.getMessage());
        } finally {
            // The decoder's buffer files go now, not when the request object is collected.
            all.forEach(SubmissionController::discard);
        }
    }

    private record Parts(byte[] xml, List<MediaPart> media) {
    }

    /**
     * Every part of the request, as the multipart decoder completed it: small parts in memory,
     * larger ones in its buffer files (micronaut.server.multipart: mixed, with a threshold), so
     * a 100 MB video is never whole in the heap; its bytes are read from there in chunks.
     */
    private static List<CompletedPart> received(MultipartBody body) {
        List<CompletedPart> all = Flux.from(body).collectList().block(Duration.ofMinutes(30));
        return all == null ? List.of() : all;
    }

    private Parts parts(List<CompletedPart> all) {
        byte[] xml = null;
        List<MediaPart> media = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (CompletedPart part : all) {
            if (XML_PART.equals(part.getName())) {
                if (xml != null) {
                    throw bad("more than one " + XML_PART + " part");
                }
                xml = xml(part);
            } else if (part instanceof CompletedFileUpload file) {
                String name = file.getFilename() == null || file.getFilename().isBlank() ? part.getName() : file.getFilename();
                String unstorable = MediaFileName.whyUnstorable(name);
                if (unstorable != null) {
                    throw bad("the file name " + MediaFileName.quoted(name) + " is refused: " + unstorable);
                }
                if (file.getSize() > maxFileBytes) {
                    throw new ProblemException(ProblemType.PAYLOAD_TOO_LARGE, "The file " + name + " is larger than "
                            + maxFileBytes + " bytes");
                }
                if (!names.add(name) || media.size() >= MAX_FILES) {
                    throw bad("the file " + name + " is sent twice, or more than " + MAX_FILES + " files are sent");
                }
                media.add(MediaPart.of(name, part.getContentType().map(MediaType::toString).orElse(null),
                        file.getSize(), file::getInputStream));
            } else {
                // "*isIncomplete*" and other plain fields: a split submission is assembled by instanceID whatever they say.
                LOG.debug("openrosa field {} ignored", part.getName());
            }
        }
        if (xml == null) {
            throw bad("the " + XML_PART + " part is missing");
        }
        return new Parts(xml, media);
    }

    /** The instance's bytes; one larger than the reader accepts is refused before it is read into memory. */
    private static byte[] xml(CompletedPart part) {
        if (part instanceof CompletedFileUpload file && file.getSize() > SubmissionXmlReader.MAX_BYTES) {
            throw new ProblemException(ProblemType.PAYLOAD_TOO_LARGE,
                    "The xml_submission_file part is larger than " + SubmissionXmlReader.MAX_BYTES / 1024 + " kB");
        }
        try {
            return part.getBytes();
        } catch (IOException e) {
            throw bad("a part could not be read");
        }
    }

    private static void discard(CompletedPart part) {
        if (part instanceof CompletedFileUpload file) {
            try {
                file.discard();
            } catch (RuntimeException e) {
                LOG.debug("a part's buffer was already released: {}", e.toString());
            }
        }
    }

    private static ProblemException bad(String detail) {
        return new ProblemException(ProblemType.BAD_REQUEST, detail);
    }
}
