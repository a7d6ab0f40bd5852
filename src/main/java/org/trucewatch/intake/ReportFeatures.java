package org.trucewatch.intake;

import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.trucewatch.access.AccessPolicy;
import org.trucewatch.access.Principal;
import org.trucewatch.access.Visibility;

/**
 * One report as a reader may see it, for an outlet downstream that shows reports inside a
 * document of its own (the incident report document): the same Feature as
 * {@code GET /api/v1/reports/{id}}, with the downstream annotations (zones and distances), redacted by
 * the access policy for this reader. Nothing here decides what is confidential.
 */
@Singleton
public class ReportFeatures {
    private final ReportService service;
    private final ReportFeatureWriter writer;
    private final AccessPolicy policy;
    private final List<ReportAnnotation> annotations;

    ReportFeatures(ReportService service, ReportFeatureWriter writer, AccessPolicy policy, List<ReportAnnotation> annotations) {
        this.service = service;
        this.writer = writer;
        this.policy = policy;
        this.annotations = annotations;
    }

    /** The report as {@code user} may see it; empty when it does not exist or the user sees none of it. */
    public Optional<ObjectNode> feature(UUID id, Principal user) {
        return service.find(id).flatMap(report -> {
            Visibility visibility = policy.reportVisibility(user, report.id(), report.submittedBy());
            return visibility == Visibility.NONE ? Optional.empty()
                    : Optional.of(writer.feature(report, "/api/v1/reports/" + report.id(), visibility, annotations));
        });
    }
}
