package org.trucewatch.gis.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.io.WKTReader;
import org.trucewatch.geo.Wgs84;

/** The byte layout of the ESRI Shapefile Technical Description (1998), checked field by field. */
class ShapeFileWriterTest {

    @Test
    void polygonRecordsHaveHeaderLengthsBoxesAndClockwiseOuterRings() throws Exception {
        Path dir = Files.createTempDirectory("shp-test-");
        try (ShapeFileWriter w = new ShapeFileWriter(dir.resolve("p"), ShapeFileWriter.POLYGON)) {
            // Counter-clockwise outer ring with a clockwise hole: both must be reversed.
            w.write(new WKTReader(Wgs84.FACTORY).read(
                    "POLYGON ((0 0, 10 0, 10 10, 0 10, 0 0), (2 2, 2 8, 8 8, 8 2, 2 2))"));
        }
        ByteBuffer shp = ByteBuffer.wrap(Files.readAllBytes(dir.resolve("p.shp")));
        assertThat(shp.order(ByteOrder.BIG_ENDIAN).getInt(0)).isEqualTo(9994);
        assertThat(shp.getInt(24) * 2L).isEqualTo(Files.size(dir.resolve("p.shp")));
        shp.order(ByteOrder.LITTLE_ENDIAN);
        assertThat(shp.getInt(28)).isEqualTo(1000);
        assertThat(shp.getInt(32)).isEqualTo(ShapeFileWriter.POLYGON);
        assertThat(new double[] {shp.getDouble(36), shp.getDouble(44), shp.getDouble(52), shp.getDouble(60)})
                .containsExactly(0, 0, 10, 10);
        assertThat(shp.order(ByteOrder.BIG_ENDIAN).getInt(100)).as("record number").isEqualTo(1);
        int words = shp.getInt(104);
        assertThat(100 + 8 + words * 2).isEqualTo(shp.capacity());
        shp.order(ByteOrder.LITTLE_ENDIAN);
        int base = 108;
        assertThat(shp.getInt(base)).isEqualTo(ShapeFileWriter.POLYGON);
        assertThat(shp.getInt(base + 36)).as("parts").isEqualTo(2);
        assertThat(shp.getInt(base + 40)).as("points").isEqualTo(10);
        assertThat(shp.getInt(base + 48)).as("second part starts at").isEqualTo(5);
        int points = base + 52;
        // Outer ring clockwise: from (0,0) north to (0,10) first.
        assertThat(new double[] {shp.getDouble(points + 16), shp.getDouble(points + 24)}).containsExactly(0, 10);
        // Hole counter-clockwise: from (2,2) east to (8,2) first.
        assertThat(new double[] {shp.getDouble(points + 5 * 16 + 16), shp.getDouble(points + 5 * 16 + 24)})
                .containsExactly(8, 2);
        ByteBuffer shx = ByteBuffer.wrap(Files.readAllBytes(dir.resolve("p.shx")));
        assertThat(shx.getInt(24) * 2).isEqualTo(108);
        assertThat(shx.getInt(100)).as("offset of record 1, in words").isEqualTo(50);
        assertThat(shx.getInt(104)).isEqualTo(words);
    }
}
