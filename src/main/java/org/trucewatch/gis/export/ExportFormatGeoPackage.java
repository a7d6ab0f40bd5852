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
import org.trucewatch.gis.GeometryKind;
import org.trucewatch.gis.LayerFeature;
import org.trucewatch.gis.LayerField;

/**
 * GeoPackage (OGC 12-128r18): NGA's library creates the file, the feature table and the
 * R-tree spatial index extension; the rows are inserted with plain prepared statements
 * (geometry encoded by {@link GeoPackageGeometry}) while PostgreSQL is read on another thread
 * ({@link FeaturePipe}); the R-tree is bulk-loaded at the end ({@link GeoPackageRtreeLoader})
 * and its triggers created after it, as GDAL does, rather than maintained row by row.
 * The file is a GeoPackage 1.3 (see the triggers below). One table per geometry kind, each
 * declaring its one type, named as the per-kind layers ({@code reports_points},
 * {@code reports_lines}, {@code reports_areas}; a per-kind layer's file holds its one table):
 * QGIS and ArcGIS take one geometry type per layer. Times are UTC. QGIS styles in
 * {@code layer_styles} ({@link GeoPackageStyles}) colour each table as the web app does.
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
        List<GeometryKind> kinds = source.layer().geometryKind().map(List::of).orElse(List.of(GeometryKind.values()));
        List<String> tables = kinds.stream().map(k -> ExportFormatShapefile.fileName(source, k)).toList();
        boolean multi = source.layer().multiPart();
        GeoPackageManager.create(file.toFile());
        GeoPackage gpkg = GeoPackageManager.open(file.toFile());
        try {
            RTreeIndexExtension rtree = new RTreeIndexExtension(gpkg);
            for (int i = 0; i < tables.size(); i++) {
                createTable(gpkg, rtree, source, tables.get(i), GeometryType.fromName(kinds.get(i).type(multi).toUpperCase()));
            }
            Envelope[] extents = insert(gpkg.getConnection().getConnection(), source, kinds, tables);
            GeoPackageStyles.write(gpkg.getConnection().getConnection(), source.layer(), source.principal(), tables, kinds);
            for (int i = 0; i < tables.size(); i++) {
                String table = tables.get(i);
                // The GeoPackage 1.3 trigger set (insert, update1-4, delete), which every reader and
                // validator in use knows; 1.4 renamed some of them (update5-7), and GDAL 3.6's
                // validate_gpkg still requires update1 and update3. The file says 1.3 accordingly.
                rtree.createInsertTrigger(table, "geom", "fid");
                rtree.createUpdate1Trigger(table, "geom", "fid");
                rtree.createUpdate2Trigger(table, "geom", "fid");
                rtree.createUpdate3Trigger(table, "geom", "fid");
                rtree.createUpdate4Trigger(table, "geom", "fid");
                rtree.createDeleteTrigger(table, "geom", "fid");
                Envelope extent = extents[i];
                if (!extent.isNull()) {
                    try (PreparedStatement ps = gpkg.getConnection().getConnection().prepareStatement(
                            "UPDATE gpkg_contents SET min_x = ?, min_y = ?, max_x = ?, max_y = ? WHERE table_name = ?")) {
                        ps.setDouble(1, extent.getMinX());
                        ps.setDouble(2, extent.getMinY());
                        ps.setDouble(3, extent.getMaxX());
                        ps.setDouble(4, extent.getMaxY());
                        ps.setString(5, table);
                        ps.executeUpdate();
                    }
                }
            }
            gpkg.getConnection().execSQL("PRAGMA user_version = 10300");
        } catch (SQLException e) {
            throw new IOException("cannot write the GeoPackage", e);
        } finally {
            gpkg.close();
        }
    }

    /** One feature table of one geometry type, with its (still empty) R-tree. */
    private static void createTable(GeoPackage gpkg, RTreeIndexExtension rtree, ExportSource source, String table,
                                    GeometryType type) {
        GeometryColumns geometryColumns = new GeometryColumns();
        geometryColumns.setId(new TableColumnKey(table, "geom"));
        geometryColumns.setGeometryType(type);
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
        rtree.getOrCreate(table, "geom");
        rtree.createRTreeIndex(table, "geom");
    }

    /** Inserts every feature into its kind's table; returns each table's extent. */
    private Envelope[] insert(Connection c, ExportSource source, List<GeometryKind> kinds, List<String> tables)
            throws SQLException, IOException {
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
        int n = tables.size();
        Envelope[] extents = new Envelope[n];
        long[] fids = new long[n];
        PreparedStatement[] rows = new PreparedStatement[n];
        GeoPackageRtreeLoader[] rtrees = new GeoPackageRtreeLoader[n];
        GeoPackageGeometry encoder = new GeoPackageGeometry();
        boolean multi = source.layer().multiPart();
        // PostgreSQL rows are read and mapped on a second thread while this one inserts into
        // SQLite: the two halves take about as long each, so the export takes about one of them.
        FeaturePipe pipe = FeaturePipe.start(source, "gpkg-export-" + source.name());
        try {
            for (int i = 0; i < n; i++) {
                extents[i] = new Envelope();
                rtrees[i] = new GeoPackageRtreeLoader(c, "rtree_" + tables.get(i) + "_geom");
                rows[i] = c.prepareStatement("INSERT INTO \"" + tables.get(i) + "\" (" + names + ") VALUES (" + marks + ")");
            }
            for (LayerFeature f = pipe.next(); f != null; f = pipe.next()) {
                Geometry g = f.geometry();
                GeometryKind kind = g == null ? kinds.get(0) : GeometryKind.of(g);
                int i = kinds.indexOf(kind);
                if (i >= 0) {
                    insert(rows[i], rtrees[i], ++fids[i], f, kind.normalise(g, multi), fields, encoder, extents[i]);
                }
            }
        } finally {
            pipe.close();
            for (PreparedStatement row : rows) {
                if (row != null) {
                    row.close();
                }
            }
        }
        for (GeoPackageRtreeLoader rtree : rtrees) {
            rtree.load();
        }
        c.commit();
        c.setAutoCommit(true);
        return extents;
    }

    private static void insert(PreparedStatement row, GeoPackageRtreeLoader rtree, long fid, LayerFeature f, Geometry g,
                               List<LayerField> fields, GeoPackageGeometry encoder, Envelope extent) throws SQLException {
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
