package org.trucewatch.gis;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKBReader;
import org.trucewatch.access.Principal;
import org.trucewatch.geo.Wgs84;
import org.trucewatch.gis.cql2.Queryable;
import org.trucewatch.problem.ProblemException;

/**
 * A layer read from its read model by {@link LayerRepository}: extent, count, pages, streams
 * and single features are read the same way for every layer. A layer says what one caller
 * may read ({@link #source}), how its keys are written, and what a row becomes for the reader.
 */
abstract class SqlLayer implements Layer {
    private final LayerRepository rows;
    private final Clock clock;
    private final LayerSql sql;
    private final String id;
    private final String title;
    private final String description;

    SqlLayer(LayerRepository rows, Clock clock, LayerSql sql, String id, String title, String description) {
        this.rows = rows;
        this.clock = clock;
        this.sql = sql;
        this.id = id;
        this.title = title;
        this.description = description;
    }

    /** What {@code principal} may read of this layer at {@code now} (one instant for a whole read). */
    abstract LayerSource source(Principal principal, Instant now);

    private LayerSource source(Principal principal, GeometryKind kind) {
        return source(principal, clock.instant()).only(kind);
    }

    private List<Layer> parts;

    /** {@code <id>-points}, {@code <id>-lines}, {@code <id>-areas}: this layer split by geometry kind. */
    @Override
    public synchronized List<Layer> parts() {
        if (parts == null) {
            parts = Arrays.stream(GeometryKind.values()).map(k -> (Layer) new SqlLayerPart(this, k)).toList();
        }
        return parts;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String title() {
        return title;
    }

    @Override
    public String description() {
        return description;
    }

    /**
     * A cursor's key as the layer's key column binds it; a problem when this layer did not issue
     * it. Unless a layer says otherwise, its key is the row's UUIDv7 id.
     */
    Object cursorKey(String raw) {
        try {
            return UUID.fromString(raw);
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalidParameter("cursor", "is not a cursor this service issued");
        }
    }

    /** A feature id as the values of the layer's {@code findBy} condition; empty when it names no feature. */
    Optional<Object[]> featureKey(String featureId) {
        try {
            return Optional.of(new Object[] {UUID.fromString(featureId)});
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The row as the reader may see it ({@code now}: the source's instant). */
    abstract LayerFeature feature(ResultSet rs, Geometry geometry, Instant now) throws SQLException;

    @Override
    public List<Queryable> queryables(Principal principal) {
        return LayerQueryables.of(this, fields(principal), Set.of());
    }

    @Override
    public List<String> propertyFilters() {
        return sql.filterNames();
    }

    @Override
    public LayerExtent extent(Principal principal) {
        return extent(principal, null);
    }

    @Override
    public long count(LayerQuery query, Principal principal) {
        return count(query, principal, null);
    }

    @Override
    public void read(LayerQuery query, Principal principal, FeatureSink sink) {
        read(query, principal, sink, null);
    }

    @Override
    public Optional<LayerFeature> find(String featureId, Crs crs, Principal principal) {
        return find(featureId, crs, principal, null);
    }

    /** The extent of the rows of one geometry kind ({@code kind} null: all), as the layer's parts ask. */
    LayerExtent extent(Principal principal, GeometryKind kind) {
        return rows.extent(source(principal, kind));
    }

    long count(LayerQuery query, Principal principal, GeometryKind kind) {
        return rows.count(source(principal, kind), query);
    }

    /** Reads as {@link #read(LayerQuery, Principal, FeatureSink)}; a kind's geometries as its layer declares them. */
    void read(LayerQuery query, Principal principal, FeatureSink sink, GeometryKind kind) {
        Object key = query.cursor() == null ? null : cursorKey(query.cursor().key());
        LayerSource source = source(principal, kind);
        WKBReader wkb = new WKBReader(Wgs84.FACTORY);
        rows.read(source, query, key, (rs, bytes) -> sink.acceptUnchecked(feature(rs,
                normalise(geometry(bytes, query.crs(), wkb), kind), source.now())));
    }

    Optional<LayerFeature> find(String featureId, Crs crs, Principal principal, GeometryKind kind) {
        Optional<Object[]> id = featureKey(featureId);
        if (id.isEmpty()) {
            return Optional.empty();
        }
        LayerSource source = source(principal, kind);
        LayerFeature[] found = new LayerFeature[1];
        WKBReader wkb = new WKBReader(Wgs84.FACTORY);
        rows.find(source, crs, id.get(), (rs, bytes) -> found[0] = feature(rs, normalise(geometry(bytes, crs, wkb), kind),
                source.now()));
        return Optional.ofNullable(found[0]);
    }

    private Geometry normalise(Geometry g, GeometryKind kind) {
        return kind == null ? g : kind.normalise(g, multiPart());
    }

    /** WKB in the output CRS as JTS in that CRS's axis order; null when it has no position there. */
    private static Geometry geometry(byte[] bytes, Crs crs, WKBReader wkb) {
        if (bytes == null) {
            return null;
        }
        try {
            Geometry g = wkb.read(bytes);
            if (g.isEmpty()) {
                return null;
            }
            g.setSRID(crs.srid());
            if (crs.latitudeFirst()) {
                g.apply(AxisSwap.INSTANCE);
            }
            return g;
        } catch (ParseException e) {
            throw new IllegalStateException("PostGIS returned unreadable WKB", e);
        }
    }
}
