package org.trucewatch.problem;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.net.http.HttpRequest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.trucewatch.access.AccessService;
import org.trucewatch.support.Api;
import org.trucewatch.support.TestUsers;
import org.trucewatch.support.PostgisFixture;

/** Errors raised by the framework, not by our code, are problem+json from the same catalogue. */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FrameworkErrorsIT implements PostgisFixture {
    @Inject
    EmbeddedServer server;
    @Inject
    AccessService access;
    Api api;

    @BeforeAll
    void client() {
        api = new TestUsers(access, new Api(server.getURI())).as("monitor", TestUsers.grant("monitor", "lebanon-tripartite"));
    }

    private static void assertProblem(Api.Answer answer, int status, String type) {
        assertThat(answer.status()).as(answer.toString()).isEqualTo(status);
        assertThat(answer.contentType()).as(answer.toString()).startsWith("application/problem+json");
        assertThat(answer.json().path("type").asText()).isEqualTo("/problems/" + type);
        assertThat(answer.json().path("title").asText()).isNotBlank();
        assertThat(answer.json().path("status").asInt()).isEqualTo(status);
    }

    @Test
    void withoutCredentialsEverythingButHealthIs401() {
        Api anonymous = new Api(server.getURI());
        for (String path : new String[] {"/api/v1/reports", "/api/v1/taxonomy", "/problems", "/openapi/openapi.json",
                "/api/v1/nothing-here", "/prometheus"}) {
            assertProblem(anonymous.get(path), 401, "unauthorized");
        }
        assertThat(anonymous.get("/health").status()).isEqualTo(200);
    }

    @Test
    void aForgedTokenIs401() {
        Api forged = new Api(server.getURI()).withBearer("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhZG1pbiJ9.c2lnbmF0dXJl");
        assertProblem(forged.get("/api/v1/reports"), 401, "unauthorized");
    }

    @Test
    void basicCredentialsAreIgnoredOnTheJsonApi() {
        Api basic = new Api(server.getURI()).withBasic("someone", TestUsers.PASSWORD);
        assertProblem(basic.get("/api/v1/reports"), 401, "unauthorized");
    }

    @Test
    void noRouteIs404() {
        assertProblem(api.get("/api/v1/nothing-here"), 404, "not-found");
    }

    @Test
    void aBrowserAskingForHtmlStillGetsAProblem() {
        assertProblem(api.send(HttpRequest.newBuilder(server.getURI().resolve("/api/v1/nowhere"))
                .header("Accept", "text/html,application/xhtml+xml").GET()), 404, "not-found");
    }

    @Test
    void wrongMethodIs405WithAllow() {
        Api.Answer answer = api.send("DELETE", "/api/v1/reports");
        assertProblem(answer, 405, "method-not-allowed");
        assertThat(answer.header("Allow")).contains("POST");
    }

    @Test
    void wrongContentTypeIs415() {
        assertProblem(api.post("/api/v1/reports", "application/xml", "<report/>"), 415, "unsupported-media-type");
    }

    @Test
    void aNulCharacterInAnyQueryParameterIs400NotADatabaseError() {
        for (String path : new String[] {"/api/v1/reports?category=%00", "/api/v1/zones?mechanism=a%00b",
                "/api/v1/queues/x.triage/items?limit=%00", "/ogc/collections/reports/items?mechanism=%00"}) {
            Api.Answer answer = api.get(path);
            assertProblem(answer, 400, "invalid-parameter");
        }
    }

    @Test
    void theCatalogueServesEachType() {
        Api.Answer answer = api.get("/problems/report-conflict");
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().path("status").asInt()).isEqualTo(409);
        assertThat(api.get("/problems").json().size()).isEqualTo(ProblemType.values().length);
    }
}
