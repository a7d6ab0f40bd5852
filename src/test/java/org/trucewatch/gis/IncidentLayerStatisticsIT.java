package org.trucewatch.gis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.trucewatch.support.TestUsers.delegate;
import static org.trucewatch.support.TestUsers.grant;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.trucewatch.access.AccessService;
import org.trucewatch.mechanisms.IncidentStatus;
import org.trucewatch.mechanisms.MechanismService;
import org.trucewatch.support.Api;
import org.trucewatch.support.PostgisFixture;
import org.trucewatch.support.ReportJson;
import org.trucewatch.support.Rows;
import org.trucewatch.support.TestProtocols;
import org.trucewatch.support.TestUsers;
import org.trucewatch.zones.ImportZonesCommand;
import org.trucewatch.zones.ZoneService;

/**
 * The statistics page opens the incidents behind a zone or alleged-party count as the incidents
 * layer filtered with CQL2 ({@code A_CONTAINS(zones, …)}, {@code A_CONTAINS(allegedParties, …)},
 * {@code … IS NULL} for "None"; docs/webapp.md, "Statistics"). Here every such cell of
 * {@code GET /api/v1/statistics}, with and without an alleged-party filter, is checked against
 * the layer's {@code numberMatched} for the same filter and against a count written
 * independently over the owners' tables (the report with the {@code origin} link opened the
 * incident; a party is any report's). The seeded incidents hold the cases that tell the rules
 * apart: a linked report in another zone and alleging another party than the first, an incident
 * in two overlapping zones, one in none, one alleged against nobody, and a sensitive one that a
 * delegate counts but never lists.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IncidentLayerStatisticsIT implements PostgisFixture {
    static final String MECH = "layer-stats";
    static final String WEST = "ls-west";
    static final String EAST = "ls-east";
    static final String BIG = "ls-big";
    /** March 2026 in Asia/Beirut, by month: the period the statistics count (its bounds come from the answer). */
    static final String SERIES = "period=month&datetime=" + q("2026-03-01T12:00:00Z/2026-03-31T12:00:00Z");

    @Inject
    EmbeddedServer server;
    @Inject
    AccessService access;
    @Inject
    MechanismService mechanisms;
    @Inject
    ZoneService zones;

    Api monitor;
    Api chair;
    Api delegateApi;
    String firstOfTwo;

    @BeforeAll
    void setUp() {
        TestProtocols.load(mechanisms, MECH);
        zones.importZones(new ImportZonesCommand("layer-stats.geojson", zoneFile().getBytes(StandardCharsets.UTF_8), MECH,
                null, false, null, "test"));
        TestUsers users = new TestUsers(access, new Api(server.getURI()));
        monitor = users.as("ls-monitor", grant("monitor", MECH));
        chair = users.as("ls-chair", grant("chair", MECH));
        delegateApi = users.as("ls-delegate", delegate(MECH, "PARTY-A"));
        // i1: opened in the west zone (and the big one) alleging PARTY-A; a report 930 m away in the east zone,
        // five minutes later, alleging PARTY-B, is linked to it. Its zones are its first report's; its parties both.
        firstOfTwo = report(35.195, 33.10, "2026-03-05T10:00:00+02:00", "SMALL_ARMS_FIRE", "PARTY-A");
        String second = report(35.205, 33.10, "2026-03-05T10:05:00+02:00", "SMALL_ARMS_FIRE", "PARTY-B");
        assertThat(Rows.count("SELECT count(DISTINCT incident_id) FROM incident_report WHERE report_id IN (?::uuid, ?::uuid)",
                firstOfTwo, second)).as("the two reports are one incident").isEqualTo(1);
        report(35.30, 33.10, "2026-03-07T10:00:00+02:00", "INDIRECT_FIRE", null);       // i2: east + big, nobody alleged
        report(35.30, 33.30, "2026-03-09T10:00:00+02:00", "INDIRECT_FIRE", "PARTY-B");  // i3: big only
        report(35.60, 33.60, "2026-03-11T10:00:00+02:00", "EXPLOSION", "PARTY-A");      // i4: in no zone
        report(35.10, 33.15, "2026-03-13T10:00:00+02:00", "SEXUAL_VIOLENCE", "PARTY-A"); // i5: west + big, sensitive
        report(35.10, 33.12, "2026-05-13T10:00:00+03:00", "EXPLOSION", "PARTY-A");      // outside the period
    }

    private String report(double lon, double lat, String observedAt, String category, String party) {
        ReportJson json = ReportJson.valid().point(lon, lat).withText("mechanism", MECH).withText("category", category)
                .withText("observedAt", observedAt);
        if (party != null) {
            json.with("allegedParties", "[\"" + party + "\"]");
        }
        Api.Answer answer = monitor.post("/api/v1/reports", "application/geo+json", json.json());
        assertThat(answer.status()).as(answer.toString()).isEqualTo(201);
        return answer.json().path("id").asText();
    }

    private static String zoneFile() {
        StringBuilder out = new StringBuilder("{\"type\":\"FeatureCollection\",\"features\":[");
        String[][] boxes = {{WEST, "35.0", "33.0", "35.2", "33.2"}, {EAST, "35.2", "33.0", "35.4", "33.2"},
                {BIG, "35.0", "33.0", "35.4", "33.4"}};
        for (int i = 0; i < boxes.length; i++) {
            String[] b = boxes[i];
            out.append(i == 0 ? "" : ",").append("{\"type\":\"Feature\",\"properties\":{\"code\":\"").append(b[0])
                    .append("\",\"type\":\"area_of_limitation\",\"validFrom\":\"2020-01-01T00:00:00Z\",\"name\":{\"en\":\"")
                    .append(b[0]).append("\"}},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[").append(b[1]).append(',')
                    .append(b[2]).append("],[").append(b[3]).append(',').append(b[2]).append("],[").append(b[3]).append(',')
                    .append(b[4]).append("],[").append(b[1]).append(',').append(b[4]).append("],[").append(b[1]).append(',')
                    .append(b[2]).append("]]]}}");
        }
        return out.append("]}").toString();
    }

    private static String q(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** One cell of a breakdown: its group's code (null: "None") and the incidents counted. */
    record Cell(String code, long incidents) {
    }

    /** The answer's bySecond for {@code dim} as the page asks for it, and the series' bounds. */
    private Map<String, Object> breakdown(Api reader, String dim, String party) {
        Api.Answer answer = reader.get("/api/v1/statistics?mechanism=" + MECH + "&" + SERIES + "&groupBy=" + dim
                + (party == null ? "" : "&party=" + party));
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        JsonNode json = answer.json();
        List<Cell> cells = new ArrayList<>();
        json.path("bySecond").forEach(r -> cells.add(new Cell(r.path("key").hasNonNull(dim) ? r.path("key").path(dim).asText()
                : null, r.path("values").path("incidents").path("value").asLong())));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("cells", cells);
        out.put("from", json.path("periods").get(0).path("start").asText());
        out.put("to", json.path("periods").get(json.path("periods").size() - 1).path("end").asText());
        return out;
    }

    /** The list the page opens for a cell: the layer's CQL2, as statlist.js writes it. */
    private static String filter(String from, String to, String dim, String code, String party) {
        String property = dim.equals("zone") ? "zones" : "allegedParties";
        List<String> parts = new ArrayList<>(List.of("NOT T_BEFORE(observedAt, TIMESTAMP('" + from + "'))",
                "T_BEFORE(observedAt, TIMESTAMP('" + to + "'))"));
        parts.add(code == null ? property + " IS NULL" : "A_CONTAINS(" + property + ", ('" + code + "'))");
        if (party != null) {
            parts.add("A_CONTAINS(allegedParties, ('" + party + "'))");
        }
        return String.join(" AND ", parts);
    }

    private long listed(Api reader, String filter) {
        Api.Answer page = reader.get("/ogc/collections/incidents/items?mechanism=" + MECH + "&limit=1000&filter=" + q(filter));
        assertThat(page.status()).as(page.toString()).isEqualTo(200);
        assertThat(page.json().path("features").size()).isEqualTo(page.json().path("numberMatched").asInt());
        return page.json().path("numberMatched").asLong();
    }

    /**
     * The incidents of the period in a zone (or in none) and alleged against {@code party}, counted
     * from the tables: an incident is where the report with its {@code origin} link lies inside
     * (the geofence's relation), and alleged against a party when any of its reports names it.
     * {@code listable}: leave out the sensitive categories, which a delegate never lists.
     */
    private static long counted(String from, String to, String dim, String code, String party, boolean listable) {
        String inZones = "EXISTS (SELECT 1 FROM incident_report o JOIN report_zone_relation rel ON rel.report_id = o.report_id"
                + " JOIN zone z ON z.id = rel.zone_id WHERE o.incident_id = i.id AND o.link = 'origin'"
                + " AND rel.relation = 'inside' AND z.mechanism_code = i.mechanism_code%s)";
        String alleged = "EXISTS (SELECT 1 FROM incident_report ir JOIN report r ON r.id = ir.report_id"
                + " WHERE ir.incident_id = i.id AND %s)";
        List<Object> binds = new ArrayList<>(List.of(MECH, IncidentStatus.MERGED.code(), OffsetDateTime.parse(from),
                OffsetDateTime.parse(to)));
        String group;
        if (code == null) {
            group = "NOT " + (dim.equals("zone") ? inZones.formatted("") : alleged.formatted("cardinality(r.alleged_parties) > 0"));
        } else {
            group = dim.equals("zone") ? inZones.formatted(" AND z.code = ?") : alleged.formatted("? = ANY(r.alleged_parties)");
            binds.add(code);
        }
        if (party != null) {
            group += " AND " + alleged.formatted("? = ANY(r.alleged_parties)");
            binds.add(party);
        }
        return Rows.count("SELECT count(*) FROM incident i WHERE i.mechanism_code = ? AND i.status <> ?"
                + " AND i.observed_at >= ? AND i.observed_at < ? AND " + group
                + (listable ? " AND i.category NOT IN ('SEXUAL_VIOLENCE', 'CHILD_RECRUITMENT')" : ""), binds.toArray());
    }

    @Test
    void everyZoneAndPartyCountOpensAListOfExactlyTheIncidentsItCounts() {
        Map<String, Long> seen = new LinkedHashMap<>();
        for (String party : new String[] {null, "PARTY-A", "PARTY-B"}) {
            for (String dim : List.of("zone", "party")) {
                Map<String, Object> b = breakdown(chair, dim, party);
                String from = (String) b.get("from");
                String to = (String) b.get("to");
                @SuppressWarnings("unchecked")
                List<Cell> cells = (List<Cell>) b.get("cells");
                assertThat(cells).as(dim + " " + party).isNotEmpty();
                for (Cell cell : cells) {
                    String what = dim + "=" + cell.code() + " party=" + party;
                    long independent = counted(from, to, dim, cell.code(), party, false);
                    assertThat(cell.incidents()).as("statistics, " + what).isEqualTo(independent);
                    assertThat(listed(chair, filter(from, to, dim, cell.code(), party))).as("list, " + what).isEqualTo(independent);
                    seen.put(what, cell.incidents());
                }
            }
        }
        // The rules, by hand: i1 is in the west and big zones (not the east, where only its linked report lies) and
        // alleged against both parties; i2 east + big, nobody; i3 big, PARTY-B; i4 no zone, PARTY-A; i5 west + big, PARTY-A.
        assertThat(seen).containsEntry("zone=" + WEST + " party=null", 2L).containsEntry("zone=" + EAST + " party=null", 1L)
                .containsEntry("zone=" + BIG + " party=null", 4L).containsEntry("zone=null party=null", 1L)
                .containsEntry("party=PARTY-A party=null", 3L).containsEntry("party=PARTY-B party=null", 2L)
                .containsEntry("party=null party=null", 1L)
                .containsEntry("zone=" + WEST + " party=PARTY-B", 1L).containsEntry("party=PARTY-B party=PARTY-A", 1L)
                .containsEntry("party=PARTY-A party=PARTY-A", 3L).doesNotContainKey("party=null party=PARTY-A");
    }

    /**
     * A delegate counts the sensitive incident but never lists it: their list of a cell holds the
     * cell less that cell's count of the sensitive categories alone, which is how the page knows
     * which of their counts it may link (only those whose sensitive count is 0).
     */
    @Test
    void aDelegatesListIsTheirCountLessItsSensitiveIncidents() {
        for (String dim : List.of("zone", "party")) {
            Map<String, Object> b = breakdown(delegateApi, dim, null);
            Api.Answer sensitive = delegateApi.get("/api/v1/statistics?mechanism=" + MECH + "&" + SERIES + "&groupBy=" + dim
                    + "&category=SEXUAL_VIOLENCE,CHILD_RECRUITMENT");
            assertThat(sensitive.status()).isEqualTo(200);
            Map<String, Long> sensitiveCells = new LinkedHashMap<>();
            sensitive.json().path("bySecond").forEach(r -> sensitiveCells.put(r.path("key").path(dim).asText(null),
                    r.path("values").path("incidents").path("value").asLong()));
            @SuppressWarnings("unchecked")
            List<Cell> cells = (List<Cell>) b.get("cells");
            for (Cell cell : cells) {
                String from = (String) b.get("from");
                String to = (String) b.get("to");
                long listed = listed(delegateApi, filter(from, to, dim, cell.code(), null));
                assertThat(listed).as(dim + "=" + cell.code()).isEqualTo(counted(from, to, dim, cell.code(), null, true))
                        .isEqualTo(cell.incidents() - sensitiveCells.getOrDefault(cell.code(), 0L));
            }
            assertThat(sensitiveCells).as("the sensitive incident is counted for the delegate").isNotEmpty();
        }
    }

    @Test
    void theLayerCarriesZonesAndPartiesFlatAndQueryablesAsArrays() {
        String incident = Rows.text("SELECT incident_id::text FROM incident_report WHERE report_id = ?::uuid", firstOfTwo);
        JsonNode feature = chair.get("/ogc/collections/incidents/items/" + incident).json();
        assertThat(feature.path("properties").path("zones").asText()).isEqualTo(BIG + "," + WEST);
        assertThat(feature.path("properties").path("allegedParties").asText()).isEqualTo("PARTY-A,PARTY-B");
        JsonNode queryables = chair.get("/ogc/collections/incidents/queryables").json().path("properties");
        for (String name : List.of("zones", "allegedParties")) {
            assertThat(queryables.path(name).path("type").asText()).isEqualTo("array");
            assertThat(queryables.path(name).path("items").path("type").asText()).isEqualTo("string");
        }
        JsonNode schema = chair.get("/ogc/collections/incidents/schema").json().path("properties");
        assertThat(schema.path("zones").toString()).contains("string");
        // The file exports carry the same text (the CSV's columns; the DBF's 'zones' and 'parties').
        Api.Answer csv = chair.get("/api/v1/exports/incidents.csv?mechanism=" + MECH + "&filter="
                + q("A_EQUALS(allegedParties, ('PARTY-B', 'PARTY-A'))"));
        assertThat(csv.status()).as(csv.toString()).isEqualTo(200);
        assertThat(csv.body().lines().findFirst().orElseThrow()).contains(",allegedParties,zones,");
        assertThat(csv.body().lines().count()).isEqualTo(2);
        assertThat(csv.body()).contains(incident, "\"PARTY-A,PARTY-B\"", "\"" + BIG + "," + WEST + "\"");
        // A_CONTAINEDBY and A_OVERLAPS as sets; a comparison of an array is refused, naming the filter.
        assertThat(listed(chair, "A_CONTAINEDBY(zones, ('" + BIG + "', '" + EAST + "', 'nosuch'))")).isEqualTo(2);
        assertThat(listed(chair, "A_OVERLAPS(allegedParties, ('PARTY-B', 'nosuch')) AND zones IS NULL")).isZero();
        Api.Answer refused = chair.get("/ogc/collections/incidents/items?filter=" + q("zones = '" + WEST + "'"));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().path("errors").path(0).path("parameter").asText()).isEqualTo("filter");
        assertThat(refused.json().path("detail").asText()).contains("A_CONTAINS");
    }
}
