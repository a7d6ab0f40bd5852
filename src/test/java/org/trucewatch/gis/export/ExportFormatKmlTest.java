package org.trucewatch.gis.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.io.WKTReader;
import org.trucewatch.access.Principal;
import org.trucewatch.geo.Wgs84;
import org.trucewatch.gis.Crs;
import org.trucewatch.gis.FeatureSink;
import org.trucewatch.gis.Layer;
import org.trucewatch.gis.LayerExtent;
import org.trucewatch.gis.LayerFeature;
import org.trucewatch.gis.LayerField;
import org.trucewatch.gis.LayerQuery;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/** KML as Google Earth reads it: well-formed whatever the text, every value back as it was written. */
class ExportFormatKmlTest {
    static final String KML = "http://www.opengis.net/kml/2.2";
    static final String HOSTILE = "a & b <c> \"d\" 'e' ]]> \u0001\uFFFE end \uD83D\uDE00";
    static final String HOSTILE_READ = "a & b <c> \"d\" 'e' ]]>  end \uD83D\uDE00";
    static final List<LayerField> FIELDS = List.of(LayerField.text("category", "category", "Category <kind>"),
            LayerField.longText("description", "descr", "Description"), LayerField.integer("count", "count", "Count"),
            LayerField.time("observed_at", "observed", "Observed"));

    record FakeLayer(List<LayerFeature> features) implements Layer {
        public String id() {
            return "reports";
        }

        public String title() {
            return "Reports & \"more\"";
        }

        public String description() {
            return "";
        }

        public List<LayerField> fields(Principal p) {
            return FIELDS;
        }

        public List<org.trucewatch.gis.cql2.Queryable> queryables(Principal principal) {
            return List.of();
        }

        public List<String> propertyFilters() {
            return List.of("category");
        }

        public List<String> allowedValues(String field, Principal p) {
            return List.of("SMALL_ARMS", "A&B");
        }

        public List<String> styleFields() {
            return List.of("category");
        }

        public LayerExtent extent(Principal p) {
            return null;
        }

        public long count(LayerQuery q, Principal p) {
            return features.size();
        }

        public void read(LayerQuery q, Principal p, FeatureSink sink) {
            features.forEach(sink::acceptUnchecked);
        }

        public Optional<LayerFeature> find(String id, Crs crs, Principal p) {
            return Optional.empty();
        }
    }

    static Document kml(List<LayerFeature> features) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new ExportFormatKml().write(new ExportSource(new FakeLayer(features), null, null, FIELDS), out);
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(out.toByteArray()));
    }

    static String text(Document doc, String tag, int i) {
        return doc.getElementsByTagNameNS(KML, tag).item(i).getTextContent();
    }

    @Test
    void anyTextReadsBackAsWrittenLessWhatXmlCannotCarry() throws Exception {
        WKTReader wkt = new WKTReader(Wgs84.FACTORY);
        Document doc = kml(List.of(
                new LayerFeature("1", wkt.read("POINT (35.123456789 33.1)"), Map.of("category", "A&B", "description", HOSTILE,
                        "count", 3L, "observed_at", OffsetDateTime.of(2026, 1, 2, 3, 4, 5, 0, ZoneOffset.ofHours(2)))),
                new LayerFeature("2<\"&>", wkt.read("POLYGON ((35 33, 36 33, 36 34, 35 33), (35.6 33.2, 35.8 33.2, 35.8 33.4, 35.6 33.2))"),
                        Map.of("category", "UNKNOWN"))));

        assertThat(text(doc, "name", 0)).isEqualTo("Reports & \"more\"");
        assertThat(text(doc, "displayName", 0)).isEqualTo("Category <kind>");
        Element first = (Element) doc.getElementsByTagNameNS(KML, "Placemark").item(0);
        assertThat(first.getElementsByTagNameNS(KML, "styleUrl").item(0).getTextContent()).isEqualTo("#s-A&B");
        assertThat(((Element) doc.getElementsByTagNameNS(KML, "Style").item(2)).getAttribute("id")).isEqualTo("s-A&B");
        assertThat(first.getElementsByTagNameNS(KML, "SimpleData").item(2).getTextContent()).isEqualTo(HOSTILE_READ);
        assertThat(first.getElementsByTagNameNS(KML, "SimpleData").item(3).getTextContent()).isEqualTo("3");
        assertThat(first.getElementsByTagNameNS(KML, "SimpleData").item(4).getTextContent()).isEqualTo("2026-01-02T01:04:05Z"); // UTC in every outlet
        assertThat(text(doc, "coordinates", 0)).isEqualTo("35.1234568,33.1");

        Element second = (Element) doc.getElementsByTagNameNS(KML, "Placemark").item(1);
        assertThat(second.getAttribute("id")).isEqualTo("f-2<\"&>");
        assertThat(second.getElementsByTagNameNS(KML, "styleUrl").item(0).getTextContent()).isEqualTo("#s-other");
        assertThat(second.getElementsByTagNameNS(KML, "innerBoundaryIs").getLength()).isEqualTo(1);
        assertThat(text(doc, "coordinates", 1)).isEqualTo("35.0,33.0 36.0,33.0 36.0,34.0 35.0,33.0");
    }

    @Test
    void aClientThatGoesAwayEndsTheExportWithItsIoError() {
        List<LayerFeature> many = IntStream.range(0, 5000)
                .mapToObj(i -> new LayerFeature("f" + i, Wgs84.FACTORY.createPoint(new Coordinate(1, 2)), Map.of())).toList();
        OutputStream gone = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("connection reset");
            }
        };
        Throwable thrown = catchThrowable(() -> new ExportFormatKml().write(
                new ExportSource(new FakeLayer(many), null, null, FIELDS), gone));
        assertThat(thrown).isInstanceOfAny(IOException.class, UncheckedIOException.class);
        Throwable io = thrown instanceof UncheckedIOException u ? u.getCause() : thrown;
        assertThat(io).isInstanceOf(IOException.class).hasMessage("connection reset");
    }
}
