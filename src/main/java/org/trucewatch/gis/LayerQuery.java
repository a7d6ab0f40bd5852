package org.trucewatch.gis;

import java.util.List;
import java.util.Map;
import org.trucewatch.geo.Bbox;
import org.trucewatch.geo.TimeInterval;
import org.trucewatch.gis.cql2.Cql2Filter;

/**
 * A parsed, validated layer query: filters (bbox already in CRS84, datetime, property codes),
 * the output CRS, the page size (0 = no limit, for exports), the keyset position and the CQL2
 * {@code filter} as SQL (null: none).
 */
public record LayerQuery(Bbox bbox, TimeInterval datetime, Map<String, List<String>> properties, Crs crs,
                         int limit, Cursor cursor, Cql2Filter filter) {

    /** The same query, without paging: every matching feature. */
    public LayerQuery unpaged() {
        return new LayerQuery(bbox, datetime, properties, crs, 0, null, filter);
    }

    /** The same query with another page size (e.g. one more, to see whether a page follows). */
    public LayerQuery withLimit(int newLimit) {
        return new LayerQuery(bbox, datetime, properties, crs, newLimit, cursor, filter);
    }

    public boolean backwards() {
        return cursor != null && cursor.backwards();
    }
}
