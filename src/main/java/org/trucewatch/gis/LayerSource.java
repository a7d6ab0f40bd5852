package org.trucewatch.gis;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.trucewatch.access.SqlFragment;

/**
 * One layer as one caller may read it, at one instant: the layer's SQL, and the FROM item that
 * holds only the rows the caller may see (for reports and incidents the access policy's scope,
 * each row with its {@code visibility}), with its bind values.
 */
record LayerSource(LayerSql sql, SqlFragment from, Instant now) {

    /** The same rows, only those of one geometry kind (by {@code ST_Dimension}, bound). */
    LayerSource only(GeometryKind kind) {
        if (kind == null) {
            return this;
        }
        List<Object> binds = new ArrayList<>(from.binds());
        binds.add(kind.dimension());
        return new LayerSource(sql, new SqlFragment("(SELECT * FROM " + from.sql() + " WHERE ST_Dimension(geom) = ?) part",
                binds), now);
    }
}
