package org.trucewatch.zones;

import org.trucewatch.zones.model.ZoneView;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.within;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.io.File;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import mil.nga.geopackage.BoundingBox;
import mil.nga.geopackage.GeoPackage;
import mil.nga.geopackage.GeoPackageManager;
import mil.nga.geopackage.db.GeoPackageDataType;
import mil.nga.geopackage.features.columns.GeometryColumns;
import mil.nga.geopackage.features.user.FeatureColumn;
import mil.nga.geopackage.features.user.FeatureDao;
import mil.nga.geopackage.features.user.FeatureRow;
import mil.nga.geopackage.features.user.FeatureTableMetadata;
import mil.nga.geopackage.geom.GeoPackageGeometryData;
import mil.nga.geopackage.srs.SpatialReferenceSystem;
import mil.nga.sf.GeometryType;
import mil.nga.sf.wkb.GeometryReader;
import org.apache.sis.io.wkt.Convention;
import org.apache.sis.io.wkt.WKTFormat;
import org.apache.sis.referencing.CRS;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.io.WKBWriter;
import org.trucewatch.problem.FieldError;
import org.trucewatch.problem.ProblemException;
import org.trucewatch.problem.ProblemType;
import org.trucewatch.support.PostgisFixture;

/**
 * GeoPackage layers in projected CRSs, written here with NGA's library as QGIS or GDAL would,
 * imported and checked vertex by vertex against values from {@code gdaltransform} (PROJ).
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ZoneGeoPackageIT implements PostgisFixture {
    @Inject
    ZoneService zones;

    @Test
    void aPseudoMercatorLayerIsTransformedToWgs84() throws Exception {
        String code = ZoneFileJson.code("gpkg3857");
        byte[] gpkg = geoPackage(3857, null, List.of("zones", "other"), code, "buffer_zone", "{}",
                new double[][] {{3900000, 3900000}, {3901000, 3900000}, {3901000, 3901000}, {3900000, 3901000}});

        ImportZonesReport report = zones.importZones(new ImportZonesCommand("z.gpkg", gpkg, "test-mech", "zones", false,
                null, "test"));

        assertThat(report.crs()).contains("Pseudo-Mercator");
        ZoneView zone = zones.zone(code, null).orElseThrow();
        // echo "3900000 3900000" | gdaltransform -s_srs EPSG:3857 -t_srs EPSG:4326 -output_xy
        assertThat(vertexNear(zone, 35.0342960806613, 33.0353724029497)).isTrue();
        assertThat(zone.name().path("fr").asText()).isEqualTo("Zone tampon");
    }

    @Test
    void aUtmLayerIsTransformedToWgs84() throws Exception {
        String code = ZoneFileJson.code("gpkg32637");
        String wkt1 = new WKTFormat((java.util.Locale) null, (java.time.ZoneId) null) {{
                setConvention(Convention.WKT1);
            }}.format(CRS.forCode("EPSG:32637"));
        byte[] gpkg = geoPackage(32637, wkt1, List.of("limits"), code, "area_of_limitation",
                "{\"maxPersonnel\": 5000}",
                new double[][] {{500000, 3700000}, {501000, 3700000}, {501000, 3701000}, {500000, 3701000}});

        zones.importZones(new ImportZonesCommand("z.gpkg", gpkg, "test-mech", null, false, null, "test"));

        ZoneView zone = zones.zone(code, null).orElseThrow();
        // echo "500000 3700000" | gdaltransform -s_srs EPSG:32637 -t_srs EPSG:4326 -output_xy
        assertThat(vertexNear(zone, 39.0, 33.4393946725094)).isTrue();
        assertThat(zone.properties().path("limits").path("maxPersonnel").asInt()).isEqualTo(5000);
    }

    @Test
    void aGeoPackageWithSeveralLayersNeedsOneNamed() throws Exception {
        byte[] gpkg = geoPackage(3857, null, List.of("a", "b"), ZoneFileJson.code("gpkg"), "buffer_zone", "{}",
                new double[][] {{0, 0}, {1000, 0}, {1000, 1000}, {0, 1000}});

        ProblemException problem = catchThrowableOfType(ProblemException.class, () -> zones.importZones(
                new ImportZonesCommand("z.gpkg", gpkg, "test-mech", null, false, null, "test")));

        assertThat(problem.type()).isEqualTo(ProblemType.INVALID_ZONE_FILE);
        assertThat(problem.errors()).extracting(FieldError::parameter).containsExactly("layer");
        assertThat(problem.errors().get(0).detail()).contains("[a, b]");
    }

    private static boolean vertexNear(ZoneView zone, double lon, double lat) {
        for (Coordinate c : zone.geometry().getCoordinates()) {
            if (Math.abs(c.x - lon) < 1e-9 && Math.abs(c.y - lat) < 1e-9) {
                return true;
            }
        }
        throw new AssertionError("no vertex at " + lon + ", " + lat + " in " + zone.geometry());
    }

    /** A GeoPackage whose layers each hold one square zone with these projected corners. */
    private static byte[] geoPackage(long epsg, String definition, List<String> layers, String code, String type,
                                     String limits, double[][] corners) throws Exception {
        File file = File.createTempFile("zones-", ".gpkg");
        file.delete();
        GeoPackageManager.create(file);
        try (GeoPackage gp = GeoPackageManager.open(file)) {
            SpatialReferenceSystem srs;
            if (definition == null) {
                srs = gp.getSpatialReferenceSystemDao().getOrCreateCode("EPSG", epsg);
            } else {
                srs = new SpatialReferenceSystem();
                srs.setSrsName("EPSG:" + epsg);
                srs.setSrsId(epsg);
                srs.setOrganization("EPSG");
                srs.setOrganizationCoordsysId(epsg);
                srs.setDefinition(definition);
                gp.getSpatialReferenceSystemDao().create(srs);
            }
            int n = 0;
            for (String layer : layers) {
                List<FeatureColumn> columns = new ArrayList<>();
                columns.add(FeatureColumn.createColumn("code", GeoPackageDataType.TEXT));
                columns.add(FeatureColumn.createColumn("type", GeoPackageDataType.TEXT));
                columns.add(FeatureColumn.createColumn("name", GeoPackageDataType.TEXT));
                columns.add(FeatureColumn.createColumn("name_fr", GeoPackageDataType.TEXT));
                columns.add(FeatureColumn.createColumn("limits", GeoPackageDataType.TEXT));
                GeometryColumns geometry = new GeometryColumns();
                geometry.setId(new mil.nga.geopackage.db.TableColumnKey(layer, "geom"));
                geometry.setGeometryType(GeometryType.POLYGON);
                geometry.setZ((byte) 0);
                geometry.setM((byte) 0);
                geometry.setSrs(srs);
                gp.createFeatureTable(FeatureTableMetadata.create(geometry, columns,
                        new BoundingBox(corners[0][0], corners[0][1], corners[2][0], corners[2][1])));
                FeatureDao dao = gp.getFeatureDao(layer);
                FeatureRow row = dao.newRow();
                row.setValue("code", n++ == 0 ? code : code + "-" + layer);
                row.setValue("type", type);
                row.setValue("name", "Buffer zone");
                row.setValue("name_fr", "Zone tampon");
                row.setValue("limits", limits);
                org.locationtech.jts.geom.Coordinate[] ring = new org.locationtech.jts.geom.Coordinate[5];
                for (int i = 0; i < 5; i++) {
                    ring[i] = new org.locationtech.jts.geom.Coordinate(corners[i % 4][0], corners[i % 4][1]);
                }
                byte[] wkb = new WKBWriter(2).write(new org.locationtech.jts.geom.GeometryFactory().createPolygon(ring));
                row.setGeometry(GeoPackageGeometryData.create(srs.getSrsId(), GeometryReader.readGeometry(wkb)));
                dao.create(row);
            }
        }
        byte[] bytes = Files.readAllBytes(file.toPath());
        file.delete();
        return bytes;
    }
}
