package org.trucewatch.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.trucewatch.support.TestUsers.delegate;
import static org.trucewatch.support.TestUsers.grant;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.trucewatch.access.AccessService;
import org.trucewatch.mechanisms.MechanismService;
import org.trucewatch.support.Api;
import org.trucewatch.support.PostgisFixture;
import org.trucewatch.support.ReportJson;
import org.trucewatch.support.Rows;
import org.trucewatch.support.TestDatabase;
import org.trucewatch.support.TestProtocols;
import org.trucewatch.support.TestUsers;

/**
 * {@code GET /api/v1/statistics} on seeded data whose expected figures are written by hand or
 * read with an independent SQL query over the owners' tables, never from the code under test:
 * linked duplicates count once and their events are not summed; days across the Asia/Beirut
 * daylight-saving changes are 23 and 25 hours long and hold each incident once; previous
 * values and changes; what a party delegate, a GIS analyst and a public reader get.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StatisticsIT implements PostgisFixture {
    static final String DUP = "stats-dup";
    static final String DST = "stats-dst";
    static final String PREV = "stats-prev";
    static final String OWN = "stats-own";
    static final String OTHER = "stats-other";
    static final String FLOW = "stats-flow";
    static final String SERIES = "stats-series";
    static final String PARTIES = "stats-parties";

    @Inject
    EmbeddedServer server;
    @Inject
    AccessService access;
    @Inject
    MechanismService mechanisms;

    final Map<String, Api> monitors = new HashMap<>();
    final Map<String, Api> chairs = new HashMap<>();
    final List<String> ownReportIds = new ArrayList<>();
    Api delegate;
    Api gis;
    Api admin;
    double lon = 35.0;

    @BeforeAll
    void setUp() {
        TestUsers users = new TestUsers(access, new Api(server.getURI()));
        for (String m : List.of(DUP, DST, PREV, OWN, OTHER, FLOW, SERIES, PARTIES)) {
            TestProtocols.load(mechanisms, m);
            monitors.put(m, users.as("stats-monitor", grant("monitor", m)));
            chairs.put(m, users.as("stats-chair", grant("chair", m)));
        }
        delegate = users.as("stats-delegate", delegate(OWN, "PARTY-A"));
        gis = users.as("stats-gis", grant("gis_analyst", OWN));
        admin = users.as("stats-admin", TestUsers.admin());
    }

    /** A report of its own incident: each one far (about 4.5 km) from the one before, so none are linked. */
    private String report(String mechanism, String category, String observedAt, Integer count) {
        lon += 0.05;
        return report(mechanism, category, observedAt, count, lon, 33.2);
    }

    private String report(String mechanism, String category, String observedAt, Integer count, double x, double y) {
        ReportJson json = ReportJson.valid().point(x, y).withText("mechanism", mechanism).withText("category", category)
                .withText("observedAt", observedAt);
        if (count != null) {
            json.with("count", String.valueOf(count));
        }
        Api.Answer answer = monitors.get(mechanism).post("/api/v1/reports", "application/geo+json", json.json());
        assertThat(answer.status()).as(answer.toString()).isEqualTo(201);
        return answer.json().path("id").asText();
    }

    private JsonNode stats(Api api, String query) {
        Api.Answer answer = api.get("/api/v1/statistics?" + query);
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        return answer.json();
    }

    private static String q(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    @Test
    void threeLinkedReportsOfOneShellingAreOneIncidentAndTheirExplosionsAreNotTripled() {
        String a = report(DUP, "INDIRECT_FIRE", "2026-06-10T10:00:00+03:00", 12, 35.500, 33.100);
        String b = report(DUP, "INDIRECT_FIRE", "2026-06-10T10:02:00+03:00", 12, 35.501, 33.100);
        String c = report(DUP, "INDIRECT_FIRE", "2026-06-10T10:04:00+03:00", 12, 35.502, 33.101);
        report(DUP, "EXPLOSION", "2026-06-10T15:00:00+03:00", 5, 35.9, 33.4);
        report(DUP, "SMALL_ARMS_FIRE", "2026-06-10T18:00:00+03:00", null, 35.2, 33.6);
        assertThat(Rows.count("SELECT count(DISTINCT incident_id) FROM incident_report WHERE report_id = ANY(?::uuid[])",
                (Object) new String[] {a, b, c})).as("the three reports are linked into one incident").isEqualTo(1);
        // Independent figures: incidents and, per incident, the largest count any of its reports gives (1 if none).
        String range = "2026-06-10T00:00:00+03:00/2026-06-10T23:59:59+03:00";
        long incidents = Rows.count("SELECT count(*) FROM incident WHERE mechanism_code = ?", DUP);
        long events = Rows.count("SELECT sum(m) FROM (SELECT coalesce(max(r.event_count), 1) AS m FROM incident i "
                + "JOIN incident_report ir ON ir.incident_id = i.id JOIN report r ON r.id = ir.report_id "
                + "WHERE i.mechanism_code = ? GROUP BY i.id) x", DUP);
        assertThat(incidents).isEqualTo(3);
        assertThat(events).isEqualTo(12 + 5 + 1);

        JsonNode all = stats(chairs.get(DUP), "mechanism=" + DUP + "&datetime=" + q(range));
        assertThat(all.path("audience").asText()).isEqualTo("internal");
        assertThat(all.path("timeZone").asText()).isEqualTo("Asia/Beirut");
        assertThat(all.path("total").path("values").path("incidents").path("value").asLong()).isEqualTo(incidents);
        assertThat(all.path("total").path("values").path("events").path("value").asLong()).isEqualTo(events);

        JsonNode byCategory = stats(chairs.get(DUP), "mechanism=" + DUP + "&groupBy=category&datetime=" + q(range));
        Map<String, Long> shelling = new HashMap<>();
        byCategory.path("rows").forEach(r -> shelling.put(r.path("key").path("category").asText(),
                r.path("values").path("events").path("value").asLong()));
        assertThat(shelling).containsEntry("INDIRECT_FIRE", 12L).containsEntry("EXPLOSION", 5L)
                .containsEntry("SMALL_ARMS_FIRE", 1L);
        assertThat(byCategory.path("workflow").isArray()).as("the chair's staff get the workflow figures").isTrue();
    }

    /**
     * Parties are many to one incident: an incident alleged against two parties counts once under
     * each, once in every grouping that is not by party (its margins and total), a party alleged by
     * two of its reports once, and the party filter keeps the incidents any report alleges it of.
     * Figures by hand, the linking checked in the database.
     */
    @Test
    void anIncidentAllegedAgainstTwoPartiesOrInThreeZonesCountsOnceUnderEachAndOnceInEveryOtherGrouping()
            throws SQLException {
        // Zones of the mechanism, committed as psql would (the geofence hears of them): two buffer
        // zones that overlap, and an area of separation over both and further east.
        zone("stats-z1", "buffer_zone", 35.69, 35.95);
        zone("stats-z2", "buffer_zone", 35.85, 36.15);
        zone("stats-z3", "area_of_separation", 35.85, 36.35);
        // One incident of two reports: PARTY-A, then PARTY-A and PARTY-B; 4 and 6 explosions (6 events).
        String a = partyReport("INDIRECT_FIRE", "2026-08-10T10:00:00+03:00", 4, 35.700, "[\"PARTY-A\"]");
        String b = partyReport("INDIRECT_FIRE", "2026-08-10T10:03:00+03:00", 6, 35.701, "[\"PARTY-A\", \"PARTY-B\"]");
        partyReport("EXPLOSION", "2026-08-10T15:00:00+03:00", null, 35.9, "[\"PARTY-B\"]");
        partyReport("EXPLOSION", "2026-08-11T09:00:00+03:00", null, 36.1, null);
        partyReport("SMALL_ARMS_FIRE", "2026-08-11T11:00:00+03:00", null, 36.3, "[\"PARTY-A\"]");
        assertThat(Rows.count("SELECT count(DISTINCT incident_id) FROM incident_report WHERE report_id = ANY(?::uuid[])",
                (Object) new String[] {a, b})).as("the two reports are linked into one incident").isEqualTo(1);
        assertThat(Rows.count("SELECT count(*) FROM incident WHERE mechanism_code = ?", PARTIES)).isEqualTo(4);
        String range = "&datetime=" + q("2026-08-10T00:00:00+03:00/2026-08-11T23:59:59+03:00");

        JsonNode byCategoryParty = stats(chairs.get(PARTIES), "mechanism=" + PARTIES + "&groupBy=category,party" + range);
        assertThat(figures(byCategoryParty.path("rows"), "category", "party")).containsExactlyInAnyOrderEntriesOf(Map.of(
                "INDIRECT_FIRE|PARTY-A", "1/6", "INDIRECT_FIRE|PARTY-B", "1/6", "EXPLOSION|PARTY-B", "1/1",
                "EXPLOSION|-", "1/1", "SMALL_ARMS_FIRE|PARTY-A", "1/1"));
        assertThat(figures(byCategoryParty.path("byFirst"), "category")).as("by category: each incident once")
                .containsExactlyInAnyOrderEntriesOf(Map.of("INDIRECT_FIRE", "1/6", "EXPLOSION", "2/2", "SMALL_ARMS_FIRE", "1/1"));
        assertThat(figures(byCategoryParty.path("bySecond"), "party")).as("by party: once under each party alleged")
                .containsExactlyInAnyOrderEntriesOf(Map.of("PARTY-A", "2/7", "PARTY-B", "2/7", "-", "1/1"));
        assertThat(figure(byCategoryParty.path("total"))).as("the total counts each incident once").isEqualTo("4/9");

        JsonNode byDayParty = stats(chairs.get(PARTIES), "mechanism=" + PARTIES + "&period=day&groupBy=party" + range);
        // A series shows every group in every period, none there as 0.
        assertThat(figures(byDayParty.path("rows"), "period", "party")).containsExactlyInAnyOrderEntriesOf(Map.of(
                "2026-08-10|PARTY-A", "1/6", "2026-08-10|PARTY-B", "2/7", "2026-08-10|-", "0/0",
                "2026-08-11|PARTY-A", "1/1", "2026-08-11|PARTY-B", "0/0", "2026-08-11|-", "1/1"));
        assertThat(figures(byDayParty.path("byFirst"), "period")).as("by day: each incident once")
                .containsExactlyInAnyOrderEntriesOf(Map.of("2026-08-10", "2/7", "2026-08-11", "2/2"));
        assertThat(figures(byDayParty.path("bySecond"), "party"))
                .containsExactlyInAnyOrderEntriesOf(Map.of("PARTY-A", "2/7", "PARTY-B", "2/7", "-", "1/1"));
        assertThat(figure(byDayParty.path("total"))).isEqualTo("4/9");

        JsonNode alleged = stats(chairs.get(PARTIES), "mechanism=" + PARTIES + "&party=PARTY-B&groupBy=category" + range);
        assertThat(figures(alleged.path("rows"), "category")).as("the incidents any report alleges PARTY-B of")
                .containsExactlyInAnyOrderEntriesOf(Map.of("INDIRECT_FIRE", "1/6", "EXPLOSION", "1/1"));
        assertThat(figure(alleged.path("total"))).isEqualTo("2/7");
        // Zones (those the incident's first report lies inside): the first incident in z1, the second in
        // all three, the third in z2 and z3, the fourth in z3.
        JsonNode byCategoryZone = stats(chairs.get(PARTIES), "mechanism=" + PARTIES + "&groupBy=category,zone" + range);
        assertThat(figures(byCategoryZone.path("rows"), "category", "zone")).containsExactlyInAnyOrderEntriesOf(Map.of(
                "INDIRECT_FIRE|stats-z1", "1/6", "EXPLOSION|stats-z1", "1/1", "EXPLOSION|stats-z2", "2/2",
                "EXPLOSION|stats-z3", "2/2", "SMALL_ARMS_FIRE|stats-z3", "1/1"));
        assertThat(figures(byCategoryZone.path("byFirst"), "category"))
                .containsExactlyInAnyOrderEntriesOf(Map.of("INDIRECT_FIRE", "1/6", "EXPLOSION", "2/2", "SMALL_ARMS_FIRE", "1/1"));
        assertThat(figures(byCategoryZone.path("bySecond"), "zone"))
                .containsExactlyInAnyOrderEntriesOf(Map.of("stats-z1", "2/7", "stats-z2", "2/2", "stats-z3", "3/3"));
        assertThat(figure(byCategoryZone.path("total"))).isEqualTo("4/9");
        JsonNode byZoneType = stats(chairs.get(PARTIES), "mechanism=" + PARTIES + "&groupBy=zone,zoneType" + range);
        assertThat(figures(byZoneType.path("rows"), "zone", "zoneType")).containsExactlyInAnyOrderEntriesOf(Map.of(
                "stats-z1|buffer_zone", "2/7", "stats-z2|buffer_zone", "2/2", "stats-z3|area_of_separation", "3/3"));
        assertThat(figures(byZoneType.path("bySecond"), "zoneType")).as("an incident in two buffer zones is one buffer-zone incident")
                .containsExactlyInAnyOrderEntriesOf(Map.of("buffer_zone", "3/8", "area_of_separation", "3/3"));
        assertThat(figures(stats(chairs.get(PARTIES), "mechanism=" + PARTIES + "&groupBy=zoneType" + range).path("rows"),
                "zoneType")).containsExactlyInAnyOrderEntriesOf(Map.of("buffer_zone", "3/8", "area_of_separation", "3/3"));
        assertThat(figure(byZoneType.path("total"))).isEqualTo("4/9");

        JsonNode series = stats(chairs.get(PARTIES), "mechanism=" + PARTIES + "&party=PARTY-B&period=day" + range);
        assertThat(figures(series.path("rows"), "period")).as("and the workflow reads the same incidents")
                .containsExactlyInAnyOrderEntriesOf(Map.of("2026-08-10", "2/7", "2026-08-11", "0/0"));
        assertThat(series.path("workflow").isArray()).isTrue();
    }

    /** A zone of {@link #PARTIES} from longitude {@code west} to {@code east}, latitude 33.2 to 33.4, in force since 2020. */
    private static void zone(String code, String type, double west, double east) throws SQLException {
        try (Connection c = TestDatabase.get().connect()) {
            UUID id = UUID.randomUUID();
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO zone VALUES (?, ?, ?, ?, NULL, now())")) {
                ps.setObject(1, id);
                ps.setString(2, code);
                ps.setString(3, type);
                ps.setString(4, PARTIES);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO zone_version (zone_id, version, name, geom, valid_from,"
                    + " recorded_at, recorded_by) VALUES (?, 1, '{\"en\":\"x\"}', ST_MakeEnvelope(?, 33.2, ?, 33.4, 4326),"
                    + " '2020-01-01', now(), 'psql')")) {
                ps.setObject(1, id);
                ps.setDouble(2, west);
                ps.setDouble(3, east);
                ps.executeUpdate();
            }
        }
    }

    private String partyReport(String category, String observedAt, Integer count, double x, String parties) {
        ReportJson json = ReportJson.valid().point(x, 33.3).withText("mechanism", PARTIES).withText("category", category)
                .withText("observedAt", observedAt);
        if (count != null) {
            json.with("count", String.valueOf(count));
        }
        if (parties != null) {
            json.with("allegedParties", parties);
        } else {
            json.without("allegedParties");
        }
        Api.Answer answer = monitors.get(PARTIES).post("/api/v1/reports", "application/geo+json", json.json());
        assertThat(answer.status()).as(answer.toString()).isEqualTo(201);
        return answer.json().path("id").asText();
    }

    /** Each row as "key|key" of the {@code names} given (none: "-") → "incidents/events". */
    private static Map<String, String> figures(JsonNode rows, String... names) {
        Map<String, String> out = new HashMap<>();
        rows.forEach(r -> {
            List<String> key = new ArrayList<>();
            for (String name : names) {
                JsonNode k = r.path("key").path(name);
                key.add(k.isMissingNode() || k.isNull() ? "-" : k.asText());
            }
            out.put(String.join("|", key), figure(r));
        });
        return out;
    }

    private static String figure(JsonNode row) {
        return row.path("values").path("incidents").path("value").asLong() + "/"
                + row.path("values").path("events").path("value").asLong();
    }

    @Test
    void daysAcrossTheBeirutDaylightSavingChangesAre23And25HoursAndHoldEachIncidentOnce() {
        // Lebanon moves its clocks at midnight: 2026-03-29 00:00 +02 becomes 01:00 +03; 2026-10-25 00:00 +03 becomes
        // 2026-10-24 23:00 +02, so 23:30 happens twice on the 24th.
        report(DST, "SMALL_ARMS_FIRE", "2026-03-28T23:30:00+02:00", null);   // 28th
        report(DST, "SMALL_ARMS_FIRE", "2026-03-29T01:30:00+03:00", null);   // 29th, first hour of the day
        report(DST, "SMALL_ARMS_FIRE", "2026-03-29T23:30:00+03:00", null);   // 29th
        report(DST, "SMALL_ARMS_FIRE", "2026-03-30T00:30:00+03:00", null);   // 30th
        report(DST, "EXPLOSION", "2026-10-24T23:30:00+03:00", null);          // 24th, first 23:30
        report(DST, "EXPLOSION", "2026-10-24T23:30:00+02:00", null);          // 24th, second 23:30
        report(DST, "EXPLOSION", "2026-10-25T00:30:00+02:00", null);          // 25th

        JsonNode spring = stats(chairs.get(DST), "mechanism=" + DST + "&period=day&datetime="
                + q("2026-03-28T00:00:00+02:00/2026-03-30T12:00:00+03:00"));
        assertThat(days(spring)).containsExactly("2026-03-28 24.0h 1", "2026-03-29 23.0h 2", "2026-03-30 24.0h 1");
        assertThat(spring.path("periods").get(1).path("start").asText()).isEqualTo("2026-03-28T22:00:00Z");
        assertThat(spring.path("periods").get(1).path("end").asText()).isEqualTo("2026-03-29T21:00:00Z");

        JsonNode autumn = stats(chairs.get(DST), "mechanism=" + DST + "&period=day&datetime="
                + q("2026-10-24T00:00:00+03:00/2026-10-25T12:00:00+02:00"));
        assertThat(days(autumn)).containsExactly("2026-10-24 25.0h 2", "2026-10-25 24.0h 1");
        assertThat(autumn.path("periods").get(0).path("start").asText()).isEqualTo("2026-10-23T21:00:00Z");
        assertThat(autumn.path("periods").get(0).path("end").asText()).isEqualTo("2026-10-24T22:00:00Z");

        // Every incident falls in exactly one day: the days' counts add up to the incidents in the days' bounds.
        for (JsonNode answer : List.of(spring, autumn)) {
            JsonNode periods = answer.path("periods");
            Instant from = Instant.parse(periods.get(0).path("start").asText());
            Instant to = Instant.parse(periods.get(periods.size() - 1).path("end").asText());
            long inRange = Rows.count("SELECT count(*) FROM incident WHERE mechanism_code = ? AND observed_at >= ? "
                    + "AND observed_at < ?", DST, OffsetDateTime.parse(from.toString()), OffsetDateTime.parse(to.toString()));
            long sum = 0;
            for (JsonNode r : answer.path("rows")) {
                sum += r.path("values").path("incidents").path("value").asLong();
            }
            assertThat(sum).isEqualTo(inRange);
            for (int k = 1; k < periods.size(); k++) {
                assertThat(periods.get(k).path("start").asText()).isEqualTo(periods.get(k - 1).path("end").asText());
            }
        }
    }

    /** "label hours count" of each day of a series grouped by period only. */
    private static List<String> days(JsonNode answer) {
        List<String> out = new ArrayList<>();
        for (int k = 0; k < answer.path("periods").size(); k++) {
            JsonNode p = answer.path("periods").get(k);
            JsonNode row = answer.path("rows").get(k);
            assertThat(row.path("key").path("period").asText()).isEqualTo(p.path("label").asText());
            double hours = Duration.between(Instant.parse(p.path("start").asText()), Instant.parse(p.path("end").asText()))
                    .toMinutes() / 60.0;
            out.add(p.path("label").asText() + " " + hours + "h " + row.path("values").path("incidents").path("value").asLong());
        }
        return out;
    }

    @Test
    void eachValueCarriesThePreviousPeriodsValueAndTheChange() {
        // UTC+3 in June: day 0 (before the range) 4 incidents, day 1: 2, day 2: 5, day 3: none.
        int[] perDay = {4, 2, 5, 0};
        for (int day = 0; day < perDay.length; day++) {
            for (int n = 0; n < perDay[day]; n++) {
                report(PREV, n % 2 == 0 ? "EXPLOSION" : "SMALL_ARMS_FIRE",
                        String.format("2026-06-%02dT%02d:00:00+03:00", 11 + day, 8 + 2 * n), null);
            }
        }
        JsonNode answer = stats(chairs.get(PREV), "mechanism=" + PREV + "&period=day&datetime="
                + q("2026-06-12T00:00:00+03:00/2026-06-14T23:00:00+03:00"));
        List<String> series = new ArrayList<>();
        answer.path("rows").forEach(r -> {
            JsonNode cell = r.path("values").path("incidents");
            series.add(r.path("key").path("period").asText() + " " + cell.path("value").asLong() + " prev "
                    + cell.path("previous").asLong() + " change " + cell.path("change").asLong() + " "
                    + (cell.has("changePercent") ? cell.path("changePercent").asDouble() + "%" : "n/a"));
        });
        assertThat(series).containsExactly("2026-06-12 2 prev 4 change -2 -50.0%", "2026-06-13 5 prev 2 change 3 150.0%",
                "2026-06-14 0 prev 5 change -5 -100.0%");

        JsonNode byCategory = stats(chairs.get(PREV), "mechanism=" + PREV + "&period=day&groupBy=category&datetime="
                + q("2026-06-12T00:00:00+03:00/2026-06-13T23:00:00+03:00"));
        Map<String, String> cells = new HashMap<>();
        byCategory.path("rows").forEach(r -> {
            JsonNode cell = r.path("values").path("incidents");
            cells.put(r.path("key").path("period").asText() + " " + r.path("key").path("category").asText(),
                    cell.path("value").asLong() + "/" + cell.path("previous").asLong());
        });
        // Day 0: EXPLOSION 2, SMALL_ARMS_FIRE 2; day 1: 1 and 1; day 2: 3 and 2.
        assertThat(cells).containsEntry("2026-06-12 EXPLOSION", "1/2").containsEntry("2026-06-12 SMALL_ARMS_FIRE", "1/2")
                .containsEntry("2026-06-13 EXPLOSION", "3/1").containsEntry("2026-06-13 SMALL_ARMS_FIRE", "2/1");
        assertThat(byCategory.path("byFirst").get(1).path("values").path("incidents").path("previous").asLong()).isEqualTo(2);
    }

    @Test
    void delegatesAndGisStaffGetCountsOfTheirMechanismOnlyAndThePublicNoSmallCell() {
        for (int n = 0; n < 4; n++) {
            ownReportIds.add(report(OWN, "SMALL_ARMS_FIRE", "2026-07-01T" + (10 + n) + ":00:00+03:00", null));
        }
        ownReportIds.add(report(OWN, "EXPLOSION", "2026-07-01T16:00:00+03:00", null));
        ownReportIds.add(report(OWN, "EXPLOSION", "2026-07-01T17:00:00+03:00", null));
        ownReportIds.add(report(OWN, "SEXUAL_VIOLENCE", "2026-07-01T18:00:00+03:00", null));
        for (int n = 0; n < 3; n++) {
            report(OTHER, "ARMED_PRESENCE", "2026-07-01T" + (10 + n) + ":00:00+03:00", null);
        }
        long own = Rows.count("SELECT count(*) FROM incident WHERE mechanism_code = ?", OWN);
        String query = "mechanism=" + OWN + "&groupBy=category";
        for (Api reader : List.of(delegate, gis)) {
            JsonNode answer = stats(reader, query);
            assertThat(answer.path("audience").asText()).isEqualTo("parties");
            assertThat(answer.path("total").path("values").path("incidents").path("value").asLong()).isEqualTo(own);
            Map<String, Long> byCategory = new HashMap<>();
            answer.path("rows").forEach(r -> byCategory.put(r.path("key").path("category").asText(),
                    r.path("values").path("incidents").path("value").asLong()));
            assertThat(byCategory).as("the sensitive category as a count").containsEntry("SEXUAL_VIOLENCE", 1L)
                    .containsEntry("EXPLOSION", 2L).containsEntry("SMALL_ARMS_FIRE", 4L).doesNotContainKey("ARMED_PRESENCE");
            String text = answer.toString();
            ownReportIds.forEach(id -> assertThat(text).as("no report is listed").doesNotContain(id));
            Rows.text("SELECT string_agg(id::text, ',') FROM incident WHERE mechanism_code = ?", OWN).lines()
                    .flatMap(l -> List.of(l.split(",")).stream())
                    .forEach(id -> assertThat(text).as("no incident is listed").doesNotContain(id));
            assertThat(reader.get("/api/v1/statistics?mechanism=" + OTHER).status()).as("another mechanism").isEqualTo(404);
            assertThat(reader.get("/api/v1/statistics?mechanism=" + OWN + "&audience=internal").status()).isEqualTo(403);
        }
        assertThat(monitors.get(OWN).get("/api/v1/statistics?mechanism=" + OWN).status()).as("a monitor").isEqualTo(404);
        assertThat(admin.get("/api/v1/statistics?mechanism=" + OWN).status()).as("an admin by that role").isEqualTo(404);

        for (Api reader : List.of(delegate, chairs.get(OWN))) {
            JsonNode answer = stats(reader, query + "&audience=public");
            assertThat(answer.path("audience").asText()).isEqualTo("public");
            assertThat(answer.path("smallCellThreshold").asInt()).isEqualTo(3);
            assertThat(answer.has("workflow")).isFalse();
            Map<String, String> shown = new HashMap<>();
            answer.path("rows").forEach(r -> shown.put(r.path("key").path("category").asText(), cell(r)));
            // SMALL_ARMS_FIRE 4 is shown; EXPLOSION 2 and SEXUAL_VIOLENCE 1 are below 3: suppressed, each the other's complement.
            assertThat(shown).containsEntry("SMALL_ARMS_FIRE", "4").containsEntry("EXPLOSION", "<3")
                    .containsEntry("SEXUAL_VIOLENCE", "<3");
            assertThat(cell(answer.path("total"))).isEqualTo(String.valueOf(own));
            answer.findValues("value").forEach(v -> assertThat(v.asLong() == 0 || v.asLong() >= 3)
                    .as("no shown value below the threshold: " + answer).isTrue());
        }
    }

    private static String cell(JsonNode row) {
        JsonNode c = row.path("values").path("incidents");
        return c.path("suppressed").asBoolean() ? "<" + c.path("lessThan").asInt() : String.valueOf(c.path("value").asLong());
    }

    @Test
    void theWorkflowFiguresAgreeWithTheIncidentsHistory() {
        Api chair = chairs.get(FLOW);
        List<String> ids = new ArrayList<>();
        for (int n = 0; n < 3; n++) {
            String report = report(FLOW, "SMALL_ARMS_FIRE", "2026-05-0" + (1 + n) + "T10:00:00+03:00", null);
            ids.add(Rows.text("SELECT incident_id::text FROM incident_report WHERE report_id = ?", UUID.fromString(report)));
        }
        // The first stays received; the second gets a finding attributing it to PARTY-B; the third a finding, then reviewed.
        for (int n = 1; n < 3; n++) {
            for (String move : List.of("{\"to\":\"triaged\"}", "{\"to\":\"under_verification\"}",
                    n == 1 ? "{\"to\":\"finding_recorded\",\"finding\":\"violation_confirmed\",\"party\":\"PARTY-B\"}"
                            : "{\"to\":\"finding_recorded\",\"finding\":\"no_violation\"}")) {
                Api.Answer moved = chair.post("/api/v1/incidents/" + ids.get(n) + "/transitions", "application/json", move);
                assertThat(moved.status()).as(moved.toString()).isEqualTo(200);
            }
        }
        assertThat(chair.post("/api/v1/incidents/" + ids.get(2) + "/transitions", "application/json",
                "{\"to\":\"reviewed\"}").status()).isEqualTo(200);

        JsonNode answer = stats(chair, "mechanism=" + FLOW + "&groupBy=attributedParty");
        Map<String, Long> attributed = new HashMap<>();
        answer.path("rows").forEach(r -> attributed.put(r.path("key").path("attributedParty").asText("none"),
                r.path("values").path("incidents").path("value").asLong()));
        assertThat(attributed).containsExactlyInAnyOrderEntriesOf(Map.of("PARTY-B", 1L, "none", 2L));
        long backlog = 0;
        long findings = 0;
        double median = -1;
        for (JsonNode f : answer.path("workflow")) {
            backlog += f.path("backlog").asLong();
            findings += f.path("findings").asLong();
            if (f.has("timeToFindingMedianHours")) {
                median = f.path("timeToFindingMedianHours").asDouble();
            }
        }
        assertThat(backlog).isEqualTo(Rows.count("SELECT count(*) FROM incident WHERE mechanism_code = ? "
                + "AND status NOT IN ('reviewed', 'closed')", FLOW)).isEqualTo(2);
        assertThat(findings).isEqualTo(2);
        // Independent: the median over the two findings of (finding's time - incident's creation), in hundredths of an hour.
        long expected = Rows.count("SELECT round(percentile_cont(0.5) WITHIN GROUP "
                + "(ORDER BY extract(epoch FROM e.at - i.created_at)) / 36.0) FROM incident_event e JOIN incident i ON i.id = e.incident_id WHERE i.mechanism_code = ? "
                + "AND e.to_status = 'finding_recorded'", FLOW);
        assertThat(Math.round(median * 100)).isEqualTo(expected);
    }

    /**
     * A series' backlog, overdue and findings at each period's end, against an independent count:
     * each incident's last move before the end looked up one by one (the statement's old form).
     * Four incidents opened a day apart, each move 20 hours after the one before, deadlines 30
     * hours after creation: one stays received, one is triaged, one stops at its finding, one is
     * reviewed after it, so the backlog and the overdue rise and fall across the days.
     */
    @Test
    void aSeriesBacklogIsEachIncidentsStateAtEachPeriodsEnd() throws SQLException {
        Api chair = chairs.get(SERIES);
        List<String> ids = new ArrayList<>();
        for (int n = 0; n < 4; n++) {
            String report = report(SERIES, "SMALL_ARMS_FIRE", "2026-05-0" + (1 + n) + "T10:00:00+03:00", null);
            ids.add(Rows.text("SELECT incident_id::text FROM incident_report WHERE report_id = ?", UUID.fromString(report)));
        }
        List<List<String>> moves = List.of(List.of(), List.of("triaged", "under_verification", "finding_recorded"),
                List.of("triaged", "under_verification", "finding_recorded", "reviewed"), List.of("triaged"));
        for (int n = 1; n < 4; n++) {
            for (String to : moves.get(n)) {
                String body = to.equals("finding_recorded") ? "{\"to\":\"finding_recorded\",\"finding\":\"no_violation\"}"
                        : "{\"to\":\"" + to + "\"}";
                Api.Answer moved = chair.post("/api/v1/incidents/" + ids.get(n) + "/transitions", "application/json", body);
                assertThat(moved.status()).as(moved.toString()).isEqualTo(200);
            }
        }
        // The service's role may not rewrite history (it only appends): the owner's times, set here as the superuser.
        try (Connection c = TestDatabase.get().connectAsSuperuser(); PreparedStatement times = c.prepareStatement(
                "UPDATE incident i SET created_at = timestamptz '2026-05-01T08:00:00+03:00' + x.n * interval '1 day',"
                + " deadline = timestamptz '2026-05-01T08:00:00+03:00' + x.n * interval '1 day' + interval '30 hours'"
                + " FROM (SELECT id, row_number() OVER (ORDER BY observed_at) - 1 AS n FROM incident WHERE mechanism_code = ?) x"
                + " WHERE i.id = x.id");
             PreparedStatement history = c.prepareStatement("UPDATE incident_event e SET at = x.t FROM (SELECT e2.seq,"
                + " i.created_at + (row_number() OVER (PARTITION BY e2.incident_id ORDER BY e2.seq) - 1) * interval '20 hours'"
                + " AS t FROM incident_event e2 JOIN incident i ON i.id = e2.incident_id WHERE i.mechanism_code = ?) x"
                + " WHERE e.seq = x.seq")) {
            times.setString(1, SERIES);
            assertThat(times.executeUpdate()).isEqualTo(4);
            history.setString(1, SERIES);
            assertThat(history.executeUpdate()).isGreaterThanOrEqualTo(4 + 8);
        }

        List<long[]> figures = workflowAgreesWithTheHistory(chair, "2026-04-29/2026-05-09");
        assertThat(figures.stream().map(f -> f[0]).toList()).hasSizeGreaterThanOrEqualTo(11).contains(0L, 2L, 4L);
        assertThat(figures.stream().mapToLong(f -> f[1]).sum()).as("overdue at some end").isPositive();
        // From 7 May: the reviewed incident was closed on the 6th, before the series (the service need not
        // read its history); the three others are open.
        assertThat(workflowAgreesWithTheHistory(chair, "2026-05-07/2026-05-09").stream().map(f -> f[0]).toList())
                .isNotEmpty().containsOnly(3L);
        // One period from a start (as a periodic report asks): the incidents not moved since its end are
        // counted from their current state, the others from their last move before the end; both agree
        // with each one's last move, and the findings are those recorded inside the period. Ending on
        // 3 May at noon, the incident reviewed on the 6th is still open (and the first, due on the 2nd,
        // overdue); ending on the 9th, nothing moved after the end.
        assertThat(onePeriodAgreesWithTheHistory(chair, "2026-05-01T00:00:00+03:00", "2026-05-03T12:00:00+03:00"))
                .containsExactly(3, 1, 0);
        assertThat(onePeriodAgreesWithTheHistory(chair, "2026-05-04T00:00:00+03:00", "2026-05-05T23:59:59+03:00")[2])
                .as("findings on the 4th and the 5th").isEqualTo(2);
        assertThat(onePeriodAgreesWithTheHistory(chair, "2026-05-05T00:00:00+03:00", "2026-05-09T23:59:59+03:00")[0])
                .isEqualTo(3);
    }

    /** Backlog, overdue and findings of the one period [from, to], each checked against the incidents' history. */
    private long[] onePeriodAgreesWithTheHistory(Api chair, String from, String until) {
        OffsetDateTime start = OffsetDateTime.parse(from);
        OffsetDateTime to = OffsetDateTime.parse(until);
        JsonNode single = stats(chair, "mechanism=" + SERIES + "&datetime=" + q(from + "/" + until));
        long[] got = new long[3];
        single.path("workflow").forEach(f -> {
            got[0] += f.path("backlog").asLong();
            got[1] += f.path("overdue").asLong();
            got[2] += f.path("findings").asLong();
        });
        String lastMove = "FROM incident i CROSS JOIN LATERAL (SELECT h.to_status FROM incident_history_v h"
                + " WHERE h.incident_id = i.id AND h.at < ? ORDER BY h.at DESC, h.seq DESC LIMIT 1) st"
                + " WHERE i.mechanism_code = ? AND i.status <> 'merged' AND i.created_at < ?"
                + " AND st.to_status NOT IN ('reviewed', 'closed', 'merged')";
        assertThat(got).as(from + "/" + until).containsExactly(Rows.count("SELECT count(*) " + lastMove, to, SERIES, to),
                Rows.count("SELECT count(*) " + lastMove + " AND i.deadline < ?", to, SERIES, to, to),
                Rows.count("SELECT count(*) FROM incident_history_v h JOIN incident i ON i.id = h.incident_id"
                        + " WHERE i.mechanism_code = ? AND h.to_status = 'finding_recorded' AND h.at >= ? AND h.at < ?",
                        SERIES, start, to));
        return got;
    }

    /** The workflow of a daily series agrees, period by period, with each incident's last move: backlog, overdue, findings. */
    private List<long[]> workflowAgreesWithTheHistory(Api chair, String range) {
        JsonNode answer = stats(chair, "mechanism=" + SERIES + "&period=day&datetime=" + range);
        Map<String, long[]> byPeriod = new HashMap<>();
        answer.path("workflow").forEach(f -> {
            long[] sums = byPeriod.computeIfAbsent(f.path("period").asText(), k -> new long[3]);
            sums[0] += f.path("backlog").asLong();
            sums[1] += f.path("overdue").asLong();
            sums[2] += f.path("findings").asLong();
        });
        String lastMove = "FROM incident_statistics_v i CROSS JOIN LATERAL (SELECT h.to_status FROM incident_history_v h"
                + " WHERE h.incident_id = i.id AND h.at < ? ORDER BY h.at DESC, h.seq DESC LIMIT 1) st"
                + " WHERE i.mechanism_code = ? AND i.created_at < ? AND st.to_status NOT IN ('reviewed', 'closed', 'merged')";
        List<long[]> figures = new ArrayList<>();
        for (JsonNode period : answer.path("periods")) {
            OffsetDateTime start = OffsetDateTime.parse(period.path("start").asText());
            OffsetDateTime end = OffsetDateTime.parse(period.path("end").asText());
            long[] got = byPeriod.getOrDefault(period.path("label").asText(), new long[3]);
            long backlog = Rows.count("SELECT count(*) " + lastMove, end, SERIES, end);
            long overdue = Rows.count("SELECT count(*) " + lastMove + " AND i.deadline < ?", end, SERIES, end, end);
            long findings = Rows.count("SELECT count(*) FROM incident_history_v h JOIN incident i ON i.id = h.incident_id"
                    + " WHERE i.mechanism_code = ? AND h.to_status = 'finding_recorded' AND h.at >= ? AND h.at < ?",
                    SERIES, start, end);
            assertThat(got).as(period.path("label").asText()).containsExactly(backlog, overdue, findings);
            figures.add(got);
        }
        return figures;
    }

    @Test
    void badParametersAreRefusedNamingTheParameter() {
        Api chair = chairs.get(OWN);
        for (String[] bad : List.of(new String[] {"groupBy=category", "mechanism"},
                new String[] {"mechanism=" + OWN + "&period=fortnight&datetime=2026-01-01/2026-02-01", "period"},
                new String[] {"mechanism=" + OWN + "&period=day", "datetime"},
                new String[] {"mechanism=" + OWN + "&groupBy=colour", "groupBy"},
                new String[] {"mechanism=" + OWN + "&category=NOT_A_CATEGORY", "category"},
                new String[] {"mechanism=" + OWN + "&audience=everyone", "audience"},
                new String[] {"mechanism=" + OWN + "&audience=public&period=day&datetime=2026-01-01/2026-02-01"
                        + "&groupBy=category,zone", "groupBy"},
                new String[] {"mechanism=" + OWN + "&sort=asc", "sort"})) {
            Api.Answer answer = chair.get("/api/v1/statistics?" + bad[0]);
            assertThat(answer.status()).as(answer.toString()).isEqualTo(400);
            assertThat(answer.contentType()).startsWith("application/problem+json");
            assertThat(answer.body()).as(bad[0]).contains("\"" + bad[1] + "\"");
        }
    }

    @Test
    void aProtocolsTimeZoneMustBeAnIanaZone() {
        String protocol = TestProtocols.lebanonLike("stats-tz-bad").replace("\"Asia/Beirut\"", "\"Mars/Olympus_Mons\"");
        Api.Answer answer = admin.post("/api/v1/admin/mechanisms", "application/json", protocol);
        assertThat(answer.status()).as(answer.toString()).isEqualTo(422);
        assertThat(answer.json().path("errors").get(0).path("pointer").asText()).isEqualTo("/timeZone");
        assertThat(mechanisms.protocol("stats-tz-bad")).isEmpty();
        String offset = TestProtocols.lebanonLike("stats-tz-bad").replace("\"Asia/Beirut\"", "\"+03:00\"");
        assertThat(admin.post("/api/v1/admin/mechanisms", "application/json", offset).status()).isEqualTo(422);
    }

    @Test
    void casualtiesBySexAndAgeAreStoredAndNeverExceedTheTotals() {
        ReportJson ok = ReportJson.valid().point(35.7, 33.0).withText("mechanism", DST).withText("observedAt",
                "2025-01-05T10:00:00+02:00").with("casualties", "{\"civiliansKilled\":3,\"womenKilled\":1,\"girlsKilled\":2,"
                + "\"civiliansInjured\":1,\"boysInjured\":1}");
        Api.Answer stored = monitors.get(DST).post("/api/v1/reports", "application/geo+json", ok.json());
        assertThat(stored.status()).as(stored.toString()).isEqualTo(201);
        assertThat(Rows.text("SELECT women_killed || '/' || coalesce(men_killed::text, 'null') || '/' || girls_killed || '/' "
                + "|| boys_injured FROM report WHERE id = ?", UUID.fromString(stored.json().path("id").asText())))
                .isEqualTo("1/null/2/1");
        assertThat(stored.json().path("properties").path("casualties").path("girlsKilled").asInt()).isEqualTo(2);

        ReportJson tooMany = ReportJson.valid().withText("mechanism", DST)
                .with("casualties", "{\"civiliansKilled\":1,\"womenKilled\":2}");
        Api.Answer refused = monitors.get(DST).post("/api/v1/reports", "application/geo+json", tooMany.json());
        assertThat(refused.status()).as(refused.toString()).isEqualTo(422);
        assertThat(refused.json().path("errors").get(0).path("pointer").asText()).isEqualTo("/properties/casualties/womenKilled");
        assertThat(Rows.reportsWithClientId(tooMany.clientReportId())).isZero();
    }
}
