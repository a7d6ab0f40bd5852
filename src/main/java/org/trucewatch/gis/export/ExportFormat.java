package org.trucewatch.gis.export;

import java.io.IOException;
import java.io.OutputStream;

/**
 * One file format of {@code GET /api/v1/exports/{layer}.{extension}}. Implementations write
 * the features to {@code out} as they come from the database; formats whose structure must
 * be finished before it can be read (GeoPackage, Shapefile) build a temporary file first and
 * copy it out, which keeps memory constant all the same.
 */
public interface ExportFormat {

    /** The file name extension after the layer id, e.g. {@code gpkg} or {@code shp.zip}. */
    String extension();

    String mediaType();

    void write(ExportSource source, OutputStream out) throws IOException;
}
