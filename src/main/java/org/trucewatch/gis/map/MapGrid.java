package org.trucewatch.gis.map;

/**
 * The grid the map aggregates on: square cells in EPSG:3857 (Web Mercator) metres, as wide as a
 * fixed number of screen pixels at the map's zoom, so that a cluster covers about the same
 * area on screen at every zoom. A zoom-z Web Mercator map is 256 · 2^z pixels around the equator
 * (OGC 17-083r4, "Web Mercator Quad" tile matrix set), so a pixel is C / (256 · 2^z) metres of
 * the projection, C being the equator's length on the WGS 84 sphere of EPSG:3857.
 */
final class MapGrid {
    /** 2πR with R = 6378137 m, EPSG:3857's sphere. */
    static final double EQUATOR_M = 2 * Math.PI * 6_378_137.0;
    static final double MIN_ZOOM = 0;
    static final double MAX_ZOOM = 24;
    /** A cluster's cell on screen, in pixels: about the size of its largest marker. */
    static final int CLUSTER_PX = 48;
    /** A heat map's cell on screen, in pixels. */
    static final int HEAT_PX = 16;

    private MapGrid() {
    }

    /** The side of a cell of {@code pixels} screen pixels at {@code zoom}, in EPSG:3857 metres. */
    static double cellMetres(double zoom, int pixels) {
        return EQUATOR_M / (256 * Math.pow(2, zoom)) * pixels;
    }
}
