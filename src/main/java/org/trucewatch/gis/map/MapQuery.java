package org.trucewatch.gis.map;

import java.util.List;
import org.trucewatch.geo.Bbox;
import org.trucewatch.geo.TimeInterval;

/**
 * What the map asks for, parsed once ({@link MapQueryParser}): the box on screen (CRS84), the
 * zoom that sets the grid's cell, the period, the code filters (empty: any) and whether it
 * wants clusters or the heat map's cells.
 */
record MapQuery(Bbox bbox, double zoom, TimeInterval datetime, List<String> categories, List<Integer> severities,
                List<String> parties, List<String> statuses, List<String> mechanisms, MapView view) {

    /** Clusters of incidents (single incidents where a cell holds one), or the heat map's counts per cell. */
    enum MapView {
        CLUSTERS, HEAT
    }
}
