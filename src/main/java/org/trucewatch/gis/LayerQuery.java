package org.trucewatch.gis;

import java.util.List;
import java.util.Map;
import org.trucewatch.geo.Bbox;
import org.trucewatch.geo.TimeInterval;

/**
 * A parsed, validated layer query: filters (bbox already in CRS84, datetime, property codes),
 * the output CRS, the page size (0 = no limit, for exports) and the keyset position.
 */
public record LayerQuery(Bbox bbox, TimeInterval datetime, Map<String, List<String>> properties, Crs crs,
                         int limit, Cursor cursor) {

    /** The same query, without paging: every matching feature. */
    public LayerQuery unpaged() {
        return new LayerQuery(bbox, datetime, properties, crs, 0, null);
    }

    public boolean backwards() {
        return cursor != null && cursor.backwards();
    }
}
