package org.trucewatch.intake;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.trucewatch.access.AccessService;
import org.trucewatch.support.Api;
import org.trucewatch.support.TestUsers;
import org.trucewatch.support.PostgisFixture;
import org.trucewatch.support.ReportJson;
import org.trucewatch.support.Rows;

/** A device on a bad link resends before it hears the answer: fifty copies at once make one row. */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConcurrentResendIT implements PostgisFixture {
    private static final int COPIES = 50;

    @Inject
    EmbeddedServer server;
    @Inject
    AccessService access;

    @Test
    void fiftyConcurrentCopiesStoreOneRowAndAllGetItsId() throws Exception {
        Api api = new TestUsers(access, new Api(server.getURI())).as("monitor", TestUsers.grant("monitor", "lebanon-tripartite"));
        String body = ReportJson.valid().with("count", "4").json();
        String clientReportId = ReportJson.valid().clientReportId();
        body = body.replaceFirst("\"clientReportId\":\"[^\"]+\"", "\"clientReportId\":\"" + clientReportId + "\"");
        String payload = body;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(COPIES);
        List<Future<Api.Answer>> answers = new ArrayList<>();
        try {
            for (int i = 0; i < COPIES; i++) {
                answers.add(pool.submit(() -> {
                    start.await();
                    return api.post("/api/v1/reports", "application/geo+json", payload);
                }));
            }
            start.countDown();
            List<Integer> statuses = new ArrayList<>();
            List<String> ids = new ArrayList<>();
            for (Future<Api.Answer> answer : answers) {
                Api.Answer a = answer.get();
                statuses.add(a.status());
                ids.add(a.json().path("id").asText());
            }

            assertThat(statuses).containsOnly(200, 201);
            assertThat(statuses.stream().filter(s -> s == 201)).hasSize(1);
            assertThat(ids).hasSize(COPIES).containsOnly(ids.get(0));
            assertThat(Rows.reportsWithClientId(clientReportId)).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }
}
