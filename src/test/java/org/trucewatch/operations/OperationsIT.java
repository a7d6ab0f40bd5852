package org.trucewatch.operations;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.trucewatch.access.AccessService;
import org.trucewatch.support.Api;
import org.trucewatch.support.TestUsers;
import org.trucewatch.support.PostgisFixture;
import org.trucewatch.support.ReportJson;

/** What an operator and an API client rely on besides the reports themselves. */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OperationsIT implements PostgisFixture {
    /** Pinned: the version the machine's npm registry is known to serve (see docs/operations.md). */
    static final String REDOCLY = "@redocly/cli@2.77.0";

    @Inject
    EmbeddedServer server;
    @Inject
    AccessService access;
    Api api;

    @BeforeAll
    void client() {
        api = new TestUsers(access, new Api(server.getURI())).as("monitor", TestUsers.grant("monitor", "lebanon-tripartite"));
    }

    @Test
    void healthChecksTheDatabase() {
        Api.Answer health = api.get("/health");
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json().path("status").asText()).isEqualTo("UP");
    }

    @Test
    void prometheusCountsSubmittedReports() {
        api.post("/api/v1/reports", "application/geo+json", ReportJson.valid().json());
        Api.Answer metrics = new TestUsers(access, new Api(server.getURI())).as("ops", TestUsers.admin()).get("/prometheus");
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.body()).contains("trucewatch_reports_submitted_total{outcome=\"created\"}");
        assertThat(metrics.body()).contains("hikaricp_connections");
    }

    @Test
    void theServedOpenApiDocumentPassesRedoclyLint() throws IOException, InterruptedException {
        Api.Answer spec = api.get("/openapi/openapi.json");
        assertThat(spec.status()).isEqualTo(200);
        assertThat(spec.json().path("openapi").asText()).startsWith("3.0");
        assertThat(spec.json().path("paths").has("/api/v1/reports")).isTrue();
        Path file = Files.createTempFile("trucewatch-openapi-", ".json");
        Files.writeString(file, spec.body());
        Path log = Files.createTempFile("redocly-", ".log");

        ProcessBuilder lint = new ProcessBuilder("npx", "--yes", REDOCLY, "lint", "--extends=spec", file.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        lint.environment().put("REDOCLY_TELEMETRY", "off");
        lint.environment().put("REDOCLY_SUPPRESS_UPDATE_NOTICE", "true");
        Process process = lint.start();

        assertThat(process.waitFor(5, TimeUnit.MINUTES)).as("redocly finished").isTrue();
        assertThat(process.exitValue()).as(Files.readString(log)).isZero();
    }
}
