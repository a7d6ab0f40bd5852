package org.trucewatch.operations;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.env.Environment;
import io.micronaut.runtime.server.EmbeddedServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.trucewatch.access.AccessService;
import org.trucewatch.embedded.EmbeddedPostgis;
import org.trucewatch.support.Api;
import org.trucewatch.support.Poll;
import org.trucewatch.support.ReportJson;
import org.trucewatch.support.TestUsers;

/**
 * A PostgreSQL restart under a running service, as an outside fault-injection harness
 * drives it. While the database is down, every database-backed request answers 503
 * {@code service-unavailable} with {@code Retry-After} within {@link #ANSWER_MS}, and
 * {@code /health} says DOWN within {@link #PROBE_MS}; once the database is back the same
 * service (no restart) answers again and nothing it acknowledged before the outage is lost.
 *
 * <p>Runs its own cluster and its own service: the shared test database must stay up for
 * the other ITs.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DatabaseOutageIT {
    private static final String REPORTS = "/api/v1/reports";
    private static final String GEO_JSON = "application/geo+json";
    /** The longest a client may wait for an answer while the database is down. */
    private static final long ANSWER_MS = 2000;
    /** The longest a health probe may wait: docs/operations.md promises DOWN to a probe with a 1 s timeout. */
    private static final long PROBE_MS = 1000;
    /** How long the service may take to notice the database is back. */
    private static final Duration RECOVERY = Duration.ofSeconds(30);

    private EmbeddedPostgis postgis;
    private EmbeddedServer server;
    private Api anonymous;
    private Api monitor;
    private String username;

    @BeforeAll
    void startAServiceOnItsOwnDatabase() {
        postgis = EmbeddedPostgis.startThrowaway(Path.of("target", "outage-it"));
        Map<String, Object> properties = new HashMap<>(postgis.datasourceProperties());
        properties.put("micronaut.server.port", -1);
        server = ApplicationContext.run(EmbeddedServer.class, properties, Environment.TEST);
        anonymous = new Api(server.getURI());
        TestUsers users = new TestUsers(server.getApplicationContext().getBean(AccessService.class), anonymous);
        username = users.create("monitor", TestUsers.grant("monitor", "lebanon-tripartite"));
        monitor = users.signIn(username);
    }

    @AfterAll
    void stopServiceAndDatabase() {
        try {
            if (server != null) {
                server.getApplicationContext().close();
            }
        } finally {
            if (postgis != null) {
                postgis.close();
            }
        }
    }

    @Test
    void whileTheDatabaseIsDownClientsGet503FastAndTheServiceRecoversWithoutRestart() throws InterruptedException {
        Api.Answer acknowledged = monitor.post(REPORTS, GEO_JSON, ReportJson.valid().json());
        assertThat(acknowledged.status()).as(acknowledged.toString()).isEqualTo(201);
        String storedId = acknowledged.json().path("id").asText();
        String storedClientId = acknowledged.json().path("properties").path("clientReportId").asText();
        ReportJson sentDuringOutage = ReportJson.valid();

        List<Api.Answer> racing = stopTheDatabaseUnderLoad(storedId);
        System.out.printf("[outage] answers while the database went down: %s%n",
                racing.stream().map(Api.Answer::status).toList());
        // The reader stops at its first answer other than 200: that one met the outage.
        assertThat(racing.get(racing.size() - 1).status()).as("the answer that met the outage: " + racing)
                .isEqualTo(503);
        assertThat(racing.subList(0, racing.size() - 1)).as("answers before the outage").allSatisfy(a ->
                assertThat(a.status()).as(a.toString()).isEqualTo(200));
        // Twice: first the pool finds its connections dead, then new ones are refused.
        for (int round = 1; round <= 2; round++) {
            assertUnavailable("GET a report", () -> monitor.get(REPORTS + "/" + storedId));
            assertUnavailable("POST /login", this::signIn);
            assertUnavailable("POST a report", () -> monitor.post(REPORTS, GEO_JSON, sentDuringOutage.json()));
            assertUnavailableInOpenRosa("GET /formList with Basic", () -> device().get("/formList"));
            assertHealth("/health", 503, "DOWN");
            assertHealth("/health/readiness", 503, "DOWN");
            // An orchestrator must not restart the service for its database's outage.
            assertHealth("/health/liveness", 200, "UP");
        }

        postgis.start();
        long restarted = System.nanoTime();
        Api.Answer fetched = awaitStatus(200, () -> monitor.get(REPORTS + "/" + storedId));
        System.out.printf("[outage] GET a report answered 200 again %d ms after the database restarted%n",
                (System.nanoTime() - restarted) / 1_000_000);
        assertThat(fetched.json().path("properties").path("clientReportId").asText()).isEqualTo(storedClientId);
        assertThat(awaitStatus(200, this::signIn).json().path("access_token").asText()).isNotBlank();
        // The report refused with 503 was not stored: sent again, it is created, not recognised as a resend.
        Api.Answer resent = awaitStatus(201, () -> monitor.post(REPORTS, GEO_JSON, sentDuringOutage.json()));
        assertThat(resent.json().path("properties").path("clientReportId").asText())
                .isEqualTo(sentDuringOutage.clientReportId());
        awaitStatus(200, () -> device().get("/formList"));
        assertThat(awaitStatus(200, () -> anonymous.get("/health")).json().path("status").asText()).isEqualTo("UP");
        assertThat(awaitStatus(200, () -> anonymous.get("/health/readiness")).json().path("status").asText())
                .isEqualTo("UP");
    }

    /** A form client on a device, which signs every request with Basic credentials (a database lookup each time). */
    private Api device() {
        return anonymous.withBasic(username, TestUsers.PASSWORD);
    }

    /** Stops the database while a client keeps reading, so that some requests meet connections cut mid-use. */
    private List<Api.Answer> stopTheDatabaseUnderLoad(String reportId) throws InterruptedException {
        List<Api.Answer> answers = new CopyOnWriteArrayList<>();
        CountDownLatch reading = new CountDownLatch(1);
        Thread reader = new Thread(() -> {
            while (answers.stream().noneMatch(a -> a.status() != 200)) {
                answers.add(monitor.get(REPORTS + "/" + reportId));
                reading.countDown();
            }
        }, "outage-reader");
        reader.start();
        assertThat(reading.await(10, TimeUnit.SECONDS)).as("the reader got an answer").isTrue();
        postgis.stop();
        reader.join(Duration.ofSeconds(30).toMillis());
        assertThat(reader.isAlive()).as("the reader saw the outage").isFalse();
        return answers;
    }

    private void assertUnavailable(String what, Supplier<Api.Answer> request) {
        Timed t = timed(request);
        System.out.printf("[outage] %s while down: %d %d ms%n", what, t.answer().status(), t.millis());
        assertThat(t.answer().status()).as(what + ": " + t).isEqualTo(503);
        assertThat(t.answer().contentType()).startsWith("application/problem+json");
        assertThat(t.answer().json().path("type").asText()).endsWith("/problems/service-unavailable");
        assertThat(t.answer().header("Retry-After")).as(what + " Retry-After").matches("[1-9][0-9]*");
        assertThat(t.millis()).as(what + " took").isLessThan(ANSWER_MS);
    }

    /** The same on a device path: an OpenRosa error message (forms/OpenRosaHeaderFilter), with Retry-After. */
    private void assertUnavailableInOpenRosa(String what, Supplier<Api.Answer> request) {
        Timed t = timed(request);
        System.out.printf("[outage] %s while down: %d %d ms%n", what, t.answer().status(), t.millis());
        assertThat(t.answer().status()).as(what + ": " + t).isEqualTo(503);
        assertThat(t.answer().contentType()).startsWith("text/xml");
        assertThat(t.answer().header("X-OpenRosa-Version")).isEqualTo("1.0");
        assertThat(t.answer().body()).contains("<OpenRosaResponse").contains("nature=\"error\"");
        assertThat(t.answer().header("Retry-After")).as(what + " Retry-After").matches("[1-9][0-9]*");
        assertThat(t.millis()).as(what + " took").isLessThan(ANSWER_MS);
    }

    private void assertHealth(String path, int status, String reading) {
        Timed t = timed(() -> anonymous.get(path));
        System.out.printf("[outage] GET %s while down: %d %d ms%n", path, t.answer().status(), t.millis());
        assertThat(t.answer().status()).as(path + ": " + t).isEqualTo(status);
        assertThat(t.answer().json().path("status").asText()).as(path).isEqualTo(reading);
        assertThat(t.millis()).as(path + " took").isLessThan(PROBE_MS);
    }

    private Api.Answer signIn() {
        return anonymous.post("/login", "application/json",
                "{\"username\":\"" + username + "\",\"password\":\"" + TestUsers.PASSWORD + "\"}");
    }

    /** Repeats the request until it answers {@code status}, failing after {@link #RECOVERY}; meanwhile only 503. */
    private static Api.Answer awaitStatus(int status, Supplier<Api.Answer> request) throws InterruptedException {
        return Poll.until("an answer " + status, RECOVERY, () -> {
            Api.Answer answer = request.get();
            if (answer.status() != status) {
                assertThat(answer.status()).as("while recovering: " + answer).isEqualTo(503);
            }
            return answer;
        }, answer -> answer.status() == status);
    }

    private static Timed timed(Supplier<Api.Answer> request) {
        long start = System.nanoTime();
        Api.Answer answer = request.get();
        return new Timed(answer, (System.nanoTime() - start) / 1_000_000);
    }

    private record Timed(Api.Answer answer, long millis) {
    }
}
