package org.trucewatch.gis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.trucewatch.support.TestUsers.grant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.trucewatch.access.AccessService;
import org.trucewatch.mechanisms.MechanismService;
import org.trucewatch.support.Api;
import org.trucewatch.support.Exports;
import org.trucewatch.support.Gdal;
import org.trucewatch.support.PostgisFixture;
import org.trucewatch.support.ReportJson;
import org.trucewatch.support.TestProtocols;
import org.trucewatch.support.TestUsers;
import org.trucewatch.zones.ImportZonesCommand;
import org.trucewatch.zones.ZoneService;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Exports that lose nothing (issue 18): a description of 5,000 characters (Arabic, quotes,
 * commas, a line break) arrives whole in every format, the Shapefile through its sidecar with
 * the cut marked; KML rings are counter-clockwise outside and clockwise inside whatever was
 * submitted, with TimeStamp / TimeSpan in UTC and zones labelled by name; CSV with a byte order
 * mark opens in LibreOffice with the Arabic intact; the XLSX, read back by GDAL's XLSX driver,
 * equals the CSV.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExportFidelityIT implements PostgisFixture {
    static final String MECH = "fidelity-mech";
    static final ObjectMapper JSON = new ObjectMapper();
    static final String LONG = longText();

    @Inject
    EmbeddedServer server;
    @Inject
    AccessService access;
    @Inject
    MechanismService mechanisms;
    @Inject
    ZoneService zones;

    String chairName;
    Api chair;
    String longId;
    String polygonId;

    /** 5,000 characters: Latin, Arabic (2 bytes each in UTF-8), quotes, commas, a line break. */
    private static String longText() {
        StringBuilder b = new StringBuilder("Tirs \"nourris\", près de l'école;\n");
        String arabic = " قصف مدفعي على القرية";
        while (b.length() < 5_000) {
            b.append(arabic).append(' ').append(b.length());
        }
        return b.substring(0, 4_999) + "$";
    }

    @BeforeAll
    void setUp() {
        TestProtocols.load(mechanisms, MECH);
        TestUsers users = new TestUsers(access, new Api(server.getURI()));
        chairName = users.create("chair", grant("chair", MECH));
        chair = users.signIn(chairName);
        longId = submit(ReportJson.valid().point(40.1, 20.1).withText("description", LONG)
                .withText("observedAt", "2026-05-01T10:00:00+03:00").withText("observedUntil", "2026-05-01T11:30:00+03:00")
                .with("casualties", "{\"civiliansKilled\":2}"));
        // Clockwise outer ring and counter-clockwise hole on input: KML wants the opposite.
        polygonId = submit(ReportJson.valid().withText("category", "ARMED_PRESENCE").withText("observedAt",
                "2026-05-02T10:00:00-05:00").geometry("{\"type\":\"Polygon\",\"coordinates\":["
                + "[[40.4,20.4],[40.4,20.8],[40.8,20.8],[40.8,20.4],[40.4,20.4]],"
                + "[[40.5,20.5],[40.7,20.5],[40.7,20.7],[40.5,20.7],[40.5,20.5]]]}"));
        submit(ReportJson.valid().withText("category", "EXPLOSION")
                .geometry("{\"type\":\"LineString\",\"coordinates\":[[40.2,20.2],[40.3,20.3]]}"));
        zones.importZones(new ImportZonesCommand("fidelity.geojson", ("{\"type\":\"FeatureCollection\",\"features\":["
                + "{\"type\":\"Feature\",\"properties\":{\"code\":\"fidelity-line\",\"type\":\"ceasefire_line\","
                + "\"mechanism\":\"" + MECH + "\",\"name\":{\"en\":\"Blue Line\"},\"nearLineM\":250,"
                + "\"validFrom\":\"2020-01-01T00:00:00Z\"},\"geometry\":{\"type\":\"LineString\","
                + "\"coordinates\":[[41,21],[41.1,21.1]]}}]}").getBytes(StandardCharsets.UTF_8), null, null, false, null, "test"));
    }

    private String submit(ReportJson report) {
        Api.Answer answer = chair.post("/api/v1/reports", "application/geo+json", report.withText("mechanism", MECH).json());
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        return answer.json().path("id").asText();
    }

    private Path download(String file, String query) throws IOException {
        return Exports.download(server.getURI(), chairName, file, "?mechanism=" + MECH + query);
    }

    /** One feature's properties as GDAL reads them (layer optional). */
    private static JsonNode gdal(String source, String id, String... layer) throws IOException {
        for (JsonNode f : JSON.readTree(Gdal.toGeoJson(source, layer)).path("features")) {
            if (id.equals(f.path("properties").path("id").asText())) {
                return f.path("properties");
            }
        }
        throw new AssertionError("no feature " + id + " in " + source);
    }

    @Test
    void aLongDescriptionSurvivesWholeInEveryFormat() throws Exception {
        assertThat(LONG).hasSize(5_000);
        assertThat(gdal(download("reports.gpkg", "").toString(), longId, "reports_points").path("description").asText())
                .as("GeoPackage").isEqualTo(LONG);
        JsonNode geojson = JSON.readTree(download("reports.geojson", "").toFile());
        geojson.path("features").forEach(f -> {
            if (f.path("id").asText().equals(longId)) {
                assertThat(f.path("properties").path("description").asText()).as("GeoJSON").isEqualTo(LONG);
            }
        });
        assertThat(gdal(download("reports.csv", "").toString(), longId).path("description").asText()).as("CSV")
                .isEqualTo(LONG);
        assertThat(gdal(download("reports.kml", "").toString(), longId).path("description").asText()).as("KML")
                .isEqualTo(LONG);
        assertThat(xlsx(download("reports.xlsx", "")).get(longId).get("description")).as("XLSX").isEqualTo(LONG);

        Path zip = download("reports.shp.zip", "");
        JsonNode dbf = gdal("/vsizip/" + zip + "/reports_points.shp", longId);
        assertThat(dbf.path("descr").asText().getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(254);
        assertThat(LONG).startsWith(dbf.path("descr").asText());
        assertThat(dbf.path("cut_fields").asText()).as("the cut is marked").isEqualTo("descr");
        JsonNode whole = gdal("/vsizip/" + zip + "/reports_texts.csv", longId);
        assertThat(whole.path("description").asText()).as("the sidecar holds the whole text").isEqualTo(LONG);
        JsonNode line = JSON.readTree(Gdal.toGeoJson("/vsizip/" + zip + "/reports_lines.shp")).path("features").get(0);
        assertThat(line.path("properties").path("cut_fields").isNull()).as("nothing cut, nothing marked").isTrue();
    }

    @Test
    void kmlRingsAreCounterClockwiseOutsideWithTimesInUtcAndZonesByName() throws Exception {
        Document kml = dom(download("reports.kml", ""));
        Element polygon = placemark(kml, polygonId);
        double outer = signedArea(text(polygon, "outerBoundaryIs"));
        double inner = signedArea(text(polygon, "innerBoundaryIs"));
        assertThat(outer).as("outer ring counter-clockwise").isPositive();
        assertThat(inner).as("inner ring clockwise").isNegative();
        assertThat(text(polygon, "TimeStamp")).as("an instant, in UTC").isEqualTo("2026-05-02T15:00:00Z");
        Element span = (Element) placemark(kml, longId).getElementsByTagName("TimeSpan").item(0);
        assertThat(text(span, "begin")).isEqualTo("2026-05-01T07:00:00Z");
        assertThat(text(span, "end")).isEqualTo("2026-05-01T08:30:00Z");
        assertThat(Files.readString(download("reports.kml", "").toAbsolutePath())).contains(">+03:00<");

        Document zonesKml = dom(download("zones.kml", ""));
        Element zone = placemark(zonesKml, "fidelity-line@1");
        assertThat(text(zone, "name")).isEqualTo("Blue Line");
        Element validity = (Element) zone.getElementsByTagName("TimeSpan").item(0);
        assertThat(text(validity, "begin")).isEqualTo("2020-01-01T00:00:00Z");
        assertThat(validity.getElementsByTagName("end").getLength()).as("valid until further notice").isZero();
    }

    @Test
    void csvNamesItsCrsAndStartsWithAByteOrderMarkOnRequest() throws Exception {
        byte[] plain = Files.readAllBytes(download("reports.csv", ""));
        assertThat(new String(plain, 0, 3, StandardCharsets.ISO_8859_1)).isNotEqualTo("\u00ef\u00bb\u00bf");
        assertThat(new String(plain, StandardCharsets.UTF_8)).startsWith("id,WKT,lon,lat,crs,").contains(",OGC:CRS84,");
        Path bom = download("reports.csv", "&bom=true");
        byte[] bytes = Files.readAllBytes(bom);
        assertThat(new byte[] {bytes[0], bytes[1], bytes[2]}).containsExactly(0xEF, 0xBB, 0xBF);
        assertThat(new String(bytes, 3, bytes.length - 3, StandardCharsets.UTF_8)).as("the same file after the mark")
                .isEqualTo(new String(plain, StandardCharsets.UTF_8));
        for (String[] bad : new String[][] {{"reports.csv?bom=maybe", "bom"}, {"reports.kml?bom=true", "bom"},
            {"reports.csv?bom=true&bom=false", "bom"}}) {
            Api.Answer answer = chair.get("/api/v1/exports/" + bad[0]);
            assertThat(answer.status()).as(bad[0]).isEqualTo(400);
            assertThat(answer.contentType()).startsWith("application/problem+json");
            assertThat(answer.body()).contains(bad[1]);
        }
        // LibreOffice 7.4 headless ignores a BOM and reads Latin-1 unless told the charset (76: UTF-8),
        // as its import dialog lets a user pick: with it, the BOM is taken as such (the header stays
        // "id") and the Arabic arrives intact.
        Path out = Files.createTempDirectory(Path.of("target"), "fidelity-soffice-");
        Process soffice = new ProcessBuilder("soffice", "-env:UserInstallation=file://" + out.toAbsolutePath() + "/profile",
                "--headless", "--infilter=CSV:44,34,76", "--convert-to", "xlsx", "--outdir", out.toAbsolutePath().toString(),
                bom.toAbsolutePath().toString()).redirectErrorStream(true)
                .redirectOutput(out.resolve("soffice.log").toFile()).start();
        assertThat(soffice.waitFor(3, TimeUnit.MINUTES)).isTrue();
        assertThat(soffice.exitValue()).as(Files.readString(out.resolve("soffice.log"))).isZero();
        assertThat(xlsx(out.resolve("reports.xlsx")).get(longId).get("description")).as("LibreOffice's reading")
                .isEqualTo(LONG);
    }

    @Test
    void theXlsxReadsBackEqualToTheCsv() throws Exception {
        List<List<String>> csv = parseCsv(Files.readString(download("reports.csv", "")));
        Map<String, Map<String, String>> sheet = xlsx(download("reports.xlsx", ""));
        List<String> head = csv.get(0);
        assertThat(csv).hasSize(4);
        assertThat(sheet).hasSize(3);
        for (List<String> row : csv.subList(1, csv.size())) {
            Map<String, String> cells = sheet.get(row.get(0));
            assertThat(cells).as(row.get(0)).isNotNull();
            for (int i = 0; i < head.size(); i++) {
                if (head.get(i).equals("WKT")) {
                    continue; // not in the attribute table
                }
                // The CSV neutralises text a spreadsheet would run ("+03:00" is written '+03:00); a sheet's text never runs.
                String csvValue = row.get(i).matches("'[=+\\-@].*") ? row.get(i).substring(1) : row.get(i);
                assertThat(normal(cells.getOrDefault(head.get(i), ""))).as(head.get(i)).isEqualTo(normal(csvValue));
            }
        }
    }

    /** Numbers compared as numbers (1 and 1.0), times to the second. */
    private static String normal(String v) {
        if (v.matches("-?\\d+(\\.\\d+)?")) {
            return new BigDecimal(v).stripTrailingZeros().toPlainString();
        }
        return v.replaceAll("^(\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d)(\\.\\d+)?Z$", "$1Z");
    }

    /**
     * The sheet by id, read back by GDAL's XLSX driver (header row forced): column → cell as text
     * (numbers plain, dates as ISO UTC, empty as "").
     */
    private static Map<String, Map<String, String>> xlsx(Path file) throws IOException {
        Map<String, Map<String, String>> rows = new HashMap<>();
        JsonNode features = JSON.readTree(Gdal.toGeoJson(file.toString(), "--config", "OGR_XLSX_HEADERS", "FORCE"))
                .path("features");
        for (JsonNode f : features) {
            Map<String, String> cells = new HashMap<>();
            f.path("properties").fields().forEachRemaining(e -> cells.put(e.getKey(), text(e.getValue())));
            rows.put(cells.get("id"), cells);
        }
        return rows;
    }

    private static String text(JsonNode v) {
        if (v.isNull()) {
            return "";
        }
        if (v.isNumber()) {
            return v.decimalValue().stripTrailingZeros().toPlainString();
        }
        String t = v.asText();
        // A date cell as GDAL writes it (2026/05/01 07:00:00 or 2026-05-01T07:00:00): the sheet's times are UTC.
        if (t.matches("\\d{4}[/-]\\d\\d[/-]\\d\\d[ T]\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?")) {
            return t.replace('/', '-').replace(' ', 'T') + "Z";
        }
        return t;
    }

    /** RFC 4180. */
    private static List<List<String>> parseCsv(String text) {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (quoted) {
                if (ch == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (ch == '"') {
                    quoted = false;
                } else {
                    cell.append(ch);
                }
            } else if (ch == '"') {
                quoted = true;
            } else if (ch == ',') {
                row.add(cell.toString());
                cell.setLength(0);
            } else if (ch == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                row.add(cell.toString());
                cell.setLength(0);
                rows.add(row);
                row = new ArrayList<>();
                i++;
            } else {
                cell.append(ch);
            }
        }
        return rows;
    }

    private static Document dom(Path file) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(false);
        return factory.newDocumentBuilder().parse(file.toFile());
    }

    private static Element placemark(Document kml, String id) {
        NodeList all = kml.getElementsByTagName("Placemark");
        for (int i = 0; i < all.getLength(); i++) {
            Element p = (Element) all.item(i);
            if (p.getAttribute("id").equals("f-" + id)) {
                return p;
            }
        }
        throw new AssertionError("no placemark " + id);
    }

    private static String text(Element e, String tag) {
        return e.getElementsByTagName(tag).item(0).getTextContent().strip();
    }

    /** The shoelace formula over "lon,lat lon,lat …": positive when counter-clockwise. */
    private static double signedArea(String coordinates) {
        String[] points = coordinates.strip().split("\\s+");
        double sum = 0;
        for (int i = 0; i + 1 < points.length; i++) {
            String[] a = points[i].split(",");
            String[] b = points[i + 1].split(",");
            sum += Double.parseDouble(a[0]) * Double.parseDouble(b[1]) - Double.parseDouble(b[0]) * Double.parseDouble(a[1]);
        }
        return sum / 2;
    }
}
