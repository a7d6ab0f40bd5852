package org.trucewatch.intake;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.trucewatch.access.AccessService;
import org.trucewatch.support.Api;
import org.trucewatch.support.TestUsers;
import org.trucewatch.support.PostgisFixture;
import org.trucewatch.support.ReportJson;

/**
 * Search by place, time and category with keyset pages. Each test places its reports in a
 * patch of ocean of its own, so other tests' reports never fall inside its boxes.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReportSearchIT implements PostgisFixture {
    @Inject
    EmbeddedServer server;
    @Inject
    AccessService access;
    Api api;

    @BeforeAll
    void client() {
        api = new TestUsers(access, new Api(server.getURI())).as("monitor", TestUsers.grant("monitor", "lebanon-tripartite"));
    }

    private String submit(ReportJson report) {
        Api.Answer answer = api.post("/api/v1/reports", "application/geo+json", report.json());
        assertThat(answer.status()).as(answer.toString()).isEqualTo(201);
        return answer.json().path("id").asText();
    }

    private List<String> ids(String query) {
        List<String> ids = new ArrayList<>();
        api.get("/api/v1/reports?" + query).json().path("features").forEach(f -> ids.add(f.path("id").asText()));
        return ids;
    }

    @Test
    void pagesFollowNextLinksThroughEveryReportOnceInReceiptOrder() {
        List<String> submitted = new ArrayList<>();
        for (int i = 0; i < 23; i++) {
            submitted.add(submit(ReportJson.valid().point(-30 + i * 0.01, -40)));
        }
        Set<String> seen = new LinkedHashSet<>();
        String next = "/api/v1/reports?bbox=-30.5,-40.5,-29.5,-39.5&limit=5";
        int pages = 0;
        while (next != null) {
            JsonNode page = api.get(next).json();
            pages++;
            page.path("features").forEach(f -> assertThat(seen.add(f.path("id").asText())).as("no repeats").isTrue());
            assertThat(page.path("numberReturned").asInt()).isEqualTo(page.path("features").size());
            next = null;
            for (JsonNode link : page.path("links")) {
                if (link.path("rel").asText().equals("next")) {
                    URI href = URI.create(link.path("href").asText());
                    next = href.getRawPath() + "?" + href.getRawQuery();
                }
            }
        }
        assertThat(pages).isEqualTo(5);
        assertThat(new ArrayList<>(seen)).isEqualTo(submitted);
    }

    @Test
    void bboxDatetimeAndCategoryNarrowTheResult() {
        String shelling = submit(ReportJson.valid().point(-20.1, -41).withText("category", "INDIRECT_FIRE")
                .withText("observedAt", "2026-01-10T10:00:00Z"));
        String gunfire = submit(ReportJson.valid().point(-20.2, -41).withText("category", "SMALL_ARMS_FIRE")
                .withText("observedAt", "2026-01-12T10:00:00Z"));
        String longWatch = submit(ReportJson.valid().point(-20.3, -41).withText("category", "ARMED_PRESENCE")
                .withText("observedAt", "2026-01-01T00:00:00Z").withText("observedUntil", "2026-01-11T00:00:00Z"));
        String outside = submit(ReportJson.valid().point(-19, -41).withText("category", "INDIRECT_FIRE"));
        String box = "bbox=-20.5,-41.5,-20,-40.5";

        assertThat(ids(box)).containsExactly(shelling, gunfire, longWatch).doesNotContain(outside);
        assertThat(ids(box + "&category=INDIRECT_FIRE")).containsExactly(shelling);
        assertThat(ids(box + "&category=INDIRECT_FIRE,SMALL_ARMS_FIRE")).containsExactly(shelling, gunfire);
        assertThat(ids(box + "&datetime=2026-01-10T00:00:00Z/2026-01-10T23:59:59Z"))
                .as("an observation interval that overlaps counts").containsExactly(shelling, longWatch);
        assertThat(ids(box + "&datetime=2026-01-12")).containsExactly(gunfire);
        assertThat(ids(box + "&datetime=../2026-01-05T00:00:00Z")).containsExactly(longWatch);
        assertThat(ids(box + "&datetime=2026-01-11T12:00:00Z/..")).containsExactly(gunfire);
    }

    @Test
    void aBoxAcrossTheAntimeridianFindsReportsOnBothSides() {
        String east = submit(ReportJson.valid().point(179.9, -45));
        String west = submit(ReportJson.valid().point(-179.9, -45));
        String away = submit(ReportJson.valid().point(170, -45));

        assertThat(ids("bbox=179.5,-45.5,-179.5,-44.5")).containsExactly(east, west).doesNotContain(away);
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
            "bbox|1,2,3",
            "bbox|a,b,c,d",
            "bbox|0,91,1,92",
            "bbox|0,10,1,5",
            "bbox|-181,0,1,1",
            "datetime|yesterday",
            "datetime|2026-01-02T00:00:00Z/2026-01-01T00:00:00Z",
            "datetime|2026-13-01",
            "category|ALIENS",
            "limit|0",
            "limit|1001",
            "limit|ten",
            "cursor|not-a-cursor",
            "colour|red"})
    void badParametersAre400ProblemsNamingTheParameter(String name, String value) {
        Api.Answer answer = api.get("/api/v1/reports?" + name + "=" + java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8));

        assertThat(answer.status()).as(answer.toString()).isEqualTo(400);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.json().path("errors").get(0).path("parameter").asText()).isEqualTo(name);
    }
}
