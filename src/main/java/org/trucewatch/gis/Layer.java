package org.trucewatch.gis;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.trucewatch.access.Principal;
import org.trucewatch.gis.cql2.Queryable;

/**
 * A feature layer published through OGC API Features ({@code /ogc/collections/{id}}) and the
 * file exports ({@code /api/v1/exports/{id}.{format}}). A layer is a read model: it owns its
 * query, and it applies the access policy itself, so every outlet built on it (pages, single
 * features, files) shows a caller only what the caller may see, with confidential fields
 * left out. Implement it as one {@code @Singleton} per layer; {@link LayerRegistry} finds it.
 */
public interface Layer {

    /** The collection id, lower case, used in URLs and file names (e.g. {@code reports}). */
    String id();

    String title();

    String description();

    /**
     * The attribute schema this caller gets, in output order. Confidential fields are left out
     * of the schema altogether for callers who may never see them.
     */
    List<LayerField> fields(Principal principal);

    /**
     * Query parameters that filter on a property, each a comma-separated list of codes
     * (e.g. {@code category}, {@code mechanism}); {@link #allowedValues} says which codes are valid.
     */
    List<String> propertyFilters();

    /**
     * The valid codes of a property filter for this reader, or an empty list when any value is
     * allowed; never a code the reader may not learn of (a sensitive category to a delegate).
     */
    List<String> allowedValues(String propertyFilter, Principal principal);

    /**
     * What a CQL2 {@code filter} may name for this caller (OGC API Features Part 3): the
     * geometry and the fields of {@link #fields} that map to a column. Not a default: a layer
     * that forgot it would silently refuse every filter.
     */
    List<Queryable> queryables(Principal principal);

    /** The name of the field KML colours features by (e.g. {@code category}), and the second one, or null. */
    List<String> styleFields();

    /** The extent of what this caller may see (for collection metadata). */
    LayerExtent extent(Principal principal);

    /** How many features match the query's filters (ignores its cursor and limit). */
    long count(LayerQuery query, Principal principal);

    /**
     * Hands the features matching {@code query} to {@code sink} in key order (descending when
     * the query pages backwards), at most {@code query.limit()} of them (all when the limit is
     * 0), reading from the database as the sink consumes them, in constant memory.
     */
    void read(LayerQuery query, Principal principal, FeatureSink sink);

    /** One feature by id, in the query's CRS; empty when missing or not visible to the caller. */
    Optional<LayerFeature> find(String featureId, Crs crs, Principal principal);

    /**
     * The codes a field may hold for this reader, each with its English label (empty text when
     * it has none), in a stable order; an empty map when the field is free text. Never a code the
     * reader may not learn of (for the JSON Schema's enums).
     */
    default Map<String, String> codes(String field, Principal principal) {
        return Map.of();
    }

    /** The field that names a feature on a map (KML's label); by default the first style field. */
    default String labelField() {
        return styleFields().isEmpty() ? null : styleFields().get(0);
    }

    /** The fields that place a feature in time (KML's TimeStamp / TimeSpan), or null when it has none. */
    default LayerTimeFields timeFields() {
        return null;
    }

    /** The one kind of geometry this layer holds, or empty when it mixes points, lines and areas. */
    default Optional<GeometryKind> geometryKind() {
        return Optional.empty();
    }

    /** Whether this layer's features are multi-part geometries (the declared type is Multi…). */
    default boolean multiPart() {
        return false;
    }

    /** For a mixed layer, its layers of one geometry kind each ({@code reports-points} …), listed beside it. */
    default List<Layer> parts() {
        return List.of();
    }
}
