package org.trucewatch.gis.export;

import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import mil.nga.geopackage.GeoPackage;
import mil.nga.geopackage.GeoPackageManager;
import mil.nga.geopackage.db.GeoPackageDataType;
import mil.nga.geopackage.db.TableColumnKey;
import mil.nga.geopackage.extension.rtree.RTreeIndexExtension;
import mil.nga.geopackage.features.columns.GeometryColumns;
import mil.nga.geopackage.features.user.FeatureColumn;
import mil.nga.geopackage.features.user.FeatureTableMetadata;
import mil.nga.sf.GeometryType;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.trucewatch.gis.LayerFeature;
import org.trucewatch.gis.LayerField;

/**
 * GeoPackage (OGC 12-128r18): NGA's library creates the file, the feature table and the
 * R-tree spatial index extension; the rows are inserted with plain prepared statements
 * (geometry encoded by {@link GeoPackageGeometry}) while PostgreSQL is read on another thread
 * ({@link FeaturePipe}); the R-tree is bulk-loaded at the end ({@link GeoPackageRtreeLoader})
 * and its triggers created after it, as GDAL does, rather than maintained row by row.
 * The file is a GeoPackage 1.3 (see the triggers below).
 * SQLite needs a file, so the GeoPackage is built in a temporary file and then copied out.
 */
@Singleton
class ExportFormatGeoPackage implements ExportFormat {
    private static final int SRS = 4326;
    private static final DateTimeFormatter GPKG_DATETIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'");

    @Override
    public String extension() {
        return "gpkg";
    }

    @Override
    public String mediaType() {
        return "application/geopackage+sqlite3";
    }

    @Override
    public void write(ExportSource source, OutputStream out) throws IOException {
        Path dir = Files.createTempDirectory("trucewatch-gpkg-");
        Path file = dir.resolve(source.name() + ".gpkg");
        try {
            build(source, file);
            Files.copy(file, out);
            out.flush();
        } finally {
            Files.deleteIfExists(dir.resolve(source.name() + ".gpkg-journal"));
            Files.deleteIfExists(file);
            Files.deleteIfExists(dir);
        }
    }

    private void build(ExportSource source, Path file) throws IOException {
        String table = source.name();
        GeoPackageManager.create(file.toFile());
        GeoPackage gpkg = GeoPackageManager.open(file.toFile());
        try {
            GeometryColumns geometryColumns = new GeometryColumns();
            geometryColumns.setId(new TableColumnKey(table, "geom"));
            geometryColumns.setGeometryType(GeometryType.GEOMETRY);
            geometryColumns.setZ((byte) 0);
            geometryColumns.setM((byte) 0);
            geometryColumns.setSrsId(SRS);
            List<FeatureColumn> columns = new ArrayList<>();
            columns.add(FeatureColumn.createColumn("id", GeoPackageDataType.TEXT, true));
            for (LayerField field : source.fields()) {
                columns.add(FeatureColumn.createColumn(field.name(), switch (field.type()) {
                    case STRING -> GeoPackageDataType.TEXT;
                    case INTEGER -> GeoPackageDataType.INTEGER;
                    case DOUBLE -> GeoPackageDataType.DOUBLE;
                    case DATETIME -> GeoPackageDataType.DATETIME;
                }));
            }
            gpkg.createFeatureTable(FeatureTableMetadata.create(geometryColumns, "fid", columns));
            RTreeIndexExtension rtree = new RTreeIndexExtension(gpkg);
            rtree.getOrCreate(table, "geom");
            rtree.createRTreeIndex(table, "geom");
            Envelope extent = insert(gpkg.getConnection().getConnection(), source, table);
            // The GeoPackage 1.3 trigger set (insert, update1-4, delete), which every reader and
            // validator in use knows; 1.4 renamed some of them (update5-7), and GDAL 3.6's
            // validate_gpkg still requires update1 and update3. The file says 1.3 accordingly.
            rtree.createInsertTrigger(table, "geom", "fid");
            rtree.createUpdate1Trigger(table, "geom", "fid");
            rtree.createUpdate2Trigger(table, "geom", "fid");
            rtree.createUpdate3Trigger(table, "geom", "fid");
            rtree.createUpdate4Trigger(table, "geom", "fid");
            rtree.createDeleteTrigger(table, "geom", "fid");
            gpkg.getConnection().execSQL("PRAGMA user_version = 10300");
            if (!extent.isNull()) {
                gpkg.getConnection().execSQL("UPDATE gpkg_contents SET min_x = " + extent.getMinX() + ", min_y = "
                        + extent.getMinY() + ", max_x = " + extent.getMaxX() + ", max_y = " + extent.getMaxY()
                        + " WHERE table_name = '" + table.replace("'", "''") + "'");
            }
        } catch (SQLException e) {
            throw new IOException("cannot write the GeoPackage", e);
        } finally {
            gpkg.close();
        }
    }

    private Envelope insert(Connection c, ExportSource source, String table) throws SQLException, IOException {
        List<LayerField> fields = source.fields();
        StringBuilder names = new StringBuilder("fid, geom, id");
        StringBuilder marks = new StringBuilder("?, ?, ?");
        for (LayerField field : fields) {
            names.append(", \"").append(field.name()).append('"');
            marks.append(", ?");
        }
        try (Statement s = c.createStatement()) {
            // A throwaway file: a crash loses nothing worth a journal.
            s.execute("PRAGMA synchronous = OFF");
            s.execute("PRAGMA journal_mode = OFF");
            s.execute("PRAGMA locking_mode = EXCLUSIVE");
            // 64 MB of SQLite page cache (native memory, bounded): the R-tree's pages stay in it.
            s.execute("PRAGMA cache_size = -65536");
        }
        c.setAutoCommit(false);
        Envelope extent = new Envelope();
        GeoPackageGeometry encoder = new GeoPackageGeometry();
        long fid = 0;
        // PostgreSQL rows are read and mapped on a second thread while this one inserts into
        // SQLite: the two halves take about as long each, so the export takes about one of them.
        FeaturePipe pipe = FeaturePipe.start(source, "gpkg-export-" + table);
        GeoPackageRtreeLoader rtree = new GeoPackageRtreeLoader(c, "rtree_" + table + "_geom");
        try (PreparedStatement row = c.prepareStatement("INSERT INTO \"" + table + "\" (" + names + ") VALUES (" + marks + ")")) {
            for (LayerFeature f = pipe.next(); f != null; f = pipe.next()) {
                insert(row, rtree, ++fid, f, fields, encoder, extent);
            }
        } finally {
            pipe.close();
        }
        rtree.load();
        c.commit();
        c.setAutoCommit(true);
        return extent;
    }

    private static void insert(PreparedStatement row, GeoPackageRtreeLoader rtree, long fid, LayerFeature f,
                               List<LayerField> fields, GeoPackageGeometry encoder, Envelope extent) throws SQLException {
        Geometry g = f.geometry();
        row.setLong(1, fid);
        row.setBytes(2, g == null ? null : encoder.encode(g, SRS));
        row.setString(3, f.id());
        for (int i = 0; i < fields.size(); i++) {
            Object v = f.properties().get(fields.get(i).name());
            int p = i + 4;
            if (v == null) {
                row.setNull(p, java.sql.Types.NULL);
            } else if (v instanceof OffsetDateTime t) {
                row.setString(p, t.withOffsetSameInstant(ZoneOffset.UTC).format(GPKG_DATETIME));
            } else if (v instanceof Long l) {
                row.setLong(p, l);
            } else if (v instanceof Double d) {
                row.setDouble(p, d);
            } else {
                row.setString(p, v.toString());
            }
        }
        row.executeUpdate();
        if (g != null) {
            Envelope e = g.getEnvelopeInternal();
            extent.expandToInclude(e);
            rtree.add(fid, e.getMinX(), e.getMaxX(), e.getMinY(), e.getMaxY());
        }
    }
}
