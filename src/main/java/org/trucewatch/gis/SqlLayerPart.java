package org.trucewatch.gis;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.trucewatch.access.Principal;
import org.trucewatch.gis.cql2.Queryable;

/**
 * The features of one geometry kind of a mixed layer, as a layer of its own
 * ({@code reports-points}, {@code zones-lines}, …): QGIS types a live layer from its first
 * feature and draws nothing else, and a Shapefile holds one shape type, so a desktop tool gets
 * one of these per kind. Same schema, filters and access rules as the whole layer; only the
 * rows whose geometry has this kind's dimension, each with the declared type.
 */
final class SqlLayerPart implements Layer {
    private final SqlLayer whole;
    private final GeometryKind kind;

    SqlLayerPart(SqlLayer whole, GeometryKind kind) {
        this.whole = whole;
        this.kind = kind;
    }

    @Override
    public String id() {
        return whole.id() + "-" + kind.suffix();
    }

    @Override
    public String title() {
        return whole.title() + " (" + kind.title() + ")";
    }

    @Override
    public String description() {
        return whole.description() + " Only the " + kind.title() + " (" + kind.type(whole.multiPart())
                + "), for desktop GIS that take one geometry type per layer.";
    }

    @Override
    public List<LayerField> fields(Principal principal) {
        return whole.fields(principal);
    }

    @Override
    public List<Queryable> queryables(Principal principal) {
        return whole.queryables(principal);
    }

    @Override
    public List<String> propertyFilters() {
        return whole.propertyFilters();
    }

    @Override
    public List<String> allowedValues(String propertyFilter, Principal principal) {
        return whole.allowedValues(propertyFilter, principal);
    }

    @Override
    public Map<String, String> codes(String field, Principal principal) {
        return whole.codes(field, principal);
    }

    @Override
    public List<String> styleFields() {
        return whole.styleFields();
    }

    @Override
    public String labelField() {
        return whole.labelField();
    }

    @Override
    public LayerTimeFields timeFields() {
        return whole.timeFields();
    }

    @Override
    public LayerExtent extent(Principal principal) {
        return whole.extent(principal, kind);
    }

    @Override
    public long count(LayerQuery query, Principal principal) {
        return whole.count(query, principal, kind);
    }

    @Override
    public void read(LayerQuery query, Principal principal, FeatureSink sink) {
        whole.read(query, principal, sink, kind);
    }

    @Override
    public Optional<LayerFeature> find(String featureId, Crs crs, Principal principal) {
        return whole.find(featureId, crs, principal, kind);
    }

    @Override
    public Optional<GeometryKind> geometryKind() {
        return Optional.of(kind);
    }

    @Override
    public boolean multiPart() {
        return whole.multiPart();
    }
}
