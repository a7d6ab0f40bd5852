package org.trucewatch.gis;

import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.locationtech.jts.io.WKBReader;
import org.trucewatch.access.AccessPolicy;
import org.trucewatch.access.Principal;
import org.trucewatch.access.Redactor;
import org.trucewatch.access.Shape;
import org.trucewatch.geo.Wgs84;
import org.trucewatch.problem.ProblemException;

/**
 * Field reports as a layer: one feature per report the caller may see, flat attributes
 * (arrays joined with commas, casualties as four columns), confidential fields only in a
 * {@link org.trucewatch.access.Visibility#FULL} view, exactly as {@code GET /api/v1/reports} decides it.
 */
@Singleton
public class ReportLayer implements Layer {
    static final List<LayerField> PUBLIC_HEAD = List.of(
            LayerField.time("observedAt", "obs_at", "Observed at"),
            LayerField.time("observedUntil", "obs_until", "Observed until"),
            LayerField.text("timePrecision", "time_prec", "Time precision"),
            LayerField.decimal("locationAccuracyM", "loc_acc_m", "Location accuracy (m)"),
            LayerField.decimal("bearingDeg", "bearing", "Bearing from the observer (degrees)"),
            LayerField.decimal("estimatedDistanceM", "dist_m", "Estimated distance (m)"),
            LayerField.text("category", "category", "Category"),
            LayerField.longText("description", "descr", "Description"),
            LayerField.longText("allegedParties", "parties", "Alleged parties (comma-separated)"),
            LayerField.integer("civiliansKilled", "civ_killed", "Civilians killed"),
            LayerField.integer("civiliansInjured", "civ_injurd", "Civilians injured"),
            LayerField.integer("combatantsKilled", "cmb_killed", "Combatants killed"),
            LayerField.integer("combatantsInjured", "cmb_injurd", "Combatants injured"),
            LayerField.integer("count", "evt_count", "Number of events"),
            LayerField.text("sourceType", "src_type", "Source type"),
            LayerField.text("sourceReliability", "src_rel", "Source reliability (A-F)"),
            LayerField.integer("sourceCredibility", "src_cred", "Information credibility (1-6)"));
    static final List<LayerField> TAIL = List.of(
            LayerField.longText("sourceIdentity", "src_ident", "Source identity (confidential)"),
            LayerField.longText("sourceNotes", "src_notes", "Source notes (confidential)"),
            LayerField.text("mechanism", "mechanism", "Mechanism"),
            LayerField.time("receivedAt", "recv_at", "Received at"),
            LayerField.text("submittedBy", "submit_by", "Submitted by (confidential)"),
            LayerField.text("taxonomyVersion", "tax_ver", "Taxonomy version"));

    private final ReportLayerRepository repository;
    private final AccessPolicy policy;
    private final Redactor redactor;

    ReportLayer(ReportLayerRepository repository, AccessPolicy policy, Redactor redactor) {
        this.repository = repository;
        this.policy = policy;
        this.redactor = redactor;
    }

    @Override
    public String id() {
        return "reports";
    }

    @Override
    public String title() {
        return "Field reports";
    }

    @Override
    public String description() {
        return "Reports of ceasefire violations as field monitors submitted them; confidential source details "
                + "only for the chair's staff and the report's author.";
    }

    @Override
    public List<LayerField> fields(Principal principal) {
        // Someone who monitors or chairs may see some reports in full (their own, their mechanism's);
        // delegates, GIS staff and admins never do, so their files do not even have the columns.
        List<LayerField> fields = new ArrayList<>(PUBLIC_HEAD);
        fields.addAll(TAIL);
        return LayerField.schema(fields, policy.scope(principal).mayEverSeeFull(),
                redactor.attributeNames(Shape.REPORT_ATTRIBUTES));
    }

    @Override
    public List<String> propertyFilters() {
        return ReportLayerRepository.filterNames();
    }

    @Override
    public List<String> allowedValues(String propertyFilter, Principal principal) {
        return "category".equals(propertyFilter) ? policy.nameableCategories(principal) : List.of();
    }

    @Override
    public List<String> styleFields() {
        return List.of("category");
    }

    @Override
    @Transactional(readOnly = true)
    public LayerExtent extent(Principal principal) {
        return repository.extent(policy.scope(principal));
    }

    @Override
    @Transactional(readOnly = true)
    public long count(LayerQuery query, Principal principal) {
        return repository.count(query, policy.scope(principal));
    }

    @Override
    @Transactional(readOnly = true)
    public void read(LayerQuery query, Principal principal, FeatureSink sink) {
        UUID key = query.cursor() == null ? null : key(query.cursor().key());
        WKBReader wkb = new WKBReader(Wgs84.FACTORY);
        repository.read(query, policy.scope(principal), key,
                (rs, bytes) -> sink.acceptUnchecked(ReportLayerRows.feature(rs, bytes, query.crs(), redactor, wkb)));
    }

    @Override
    @Transactional(readOnly = true)
    public Optional<LayerFeature> find(String featureId, Crs crs, Principal principal) {
        UUID id;
        try {
            id = UUID.fromString(featureId);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        LayerFeature[] found = new LayerFeature[1];
        repository.find(id, crs, policy.scope(principal), (rs, bytes) -> found[0] = ReportLayerRows.feature(rs, bytes,
                crs, redactor, new WKBReader(Wgs84.FACTORY)));
        return Optional.ofNullable(found[0]);
    }

    private static UUID key(String raw) {
        try {
            return UUID.fromString(raw);
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalidParameter("cursor", "is not a cursor this service issued");
        }
    }
}
