package org.trucewatch.gis;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.locationtech.jts.geom.Geometry;
import org.trucewatch.access.AccessPolicy;
import org.trucewatch.access.AccessScope;
import org.trucewatch.access.Principal;
import org.trucewatch.access.Redactor;
import org.trucewatch.access.Shape;
import org.trucewatch.access.Visibility;
import org.trucewatch.gis.cql2.Queryable;

/**
 * A layer of records the access policy scopes (reports, incidents): read through the caller's
 * {@link AccessScope} over the owner's view, so each row carries its {@link Visibility}, and
 * handed to the reader as the {@link Redactor} cuts it for that visibility. A reader who may
 * never see one of its records in full gets a schema without the confidential columns, and
 * only the category codes the policy lets them name.
 */
abstract class ScopedLayer extends SqlLayer {
    private final AccessPolicy policy;
    private final Redactor redactor;
    private final Shape shape;

    ScopedLayer(LayerRepository rows, Clock clock, AccessPolicy policy, Redactor redactor, Shape shape, LayerSql sql,
                String id, String title, String description) {
        super(rows, clock, sql, id, title, description);
        this.policy = policy;
        this.redactor = redactor;
        this.shape = shape;
    }

    /** Every field, confidential ones included, in output order. */
    abstract List<LayerField> allFields();

    /** Whether any record of this layer may reach the reader in full (the schema then keeps the confidential columns). */
    abstract boolean mayEverSeeFull(Principal principal);

    /** The row's attributes before redaction, by field name (null values are left out afterwards). */
    abstract Map<String, Object> attributes(ResultSet rs, Instant now) throws SQLException;

    /** The valid codes of a property filter other than {@code category}; empty: any. */
    List<String> codes(String propertyFilter) {
        return List.of();
    }

    AccessScope scope(Principal principal) {
        return policy.scope(principal);
    }

    @Override
    public List<LayerField> fields(Principal principal) {
        return LayerField.schema(allFields(), mayEverSeeFull(principal), redactor.attributeNames(shape));
    }

    /** Confidential fields are queryable only for readers whose schema has them, and only on rows seen in full. */
    @Override
    public List<Queryable> queryables(Principal principal) {
        return LayerQueryables.of(this, fields(principal), redactor.attributeNames(shape));
    }

    @Override
    public List<String> allowedValues(String propertyFilter, Principal principal) {
        return "category".equals(propertyFilter) ? policy.nameableCategories(principal) : codes(propertyFilter);
    }

    /** The row (read through the access policy's scope, with its visibility) as the reader may see it. */
    @Override
    LayerFeature feature(ResultSet rs, Geometry geometry, Instant now) throws SQLException {
        Visibility visibility = Visibility.valueOf(rs.getString("visibility"));
        Map<String, Object> p = attributes(rs, now);
        p.values().removeIf(v -> v == null);
        return new LayerFeature(rs.getObject("id", UUID.class).toString(), geometry, redactor.redact(shape, visibility, p));
    }
}
