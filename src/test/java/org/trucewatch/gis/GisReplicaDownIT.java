package org.trucewatch.gis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.trucewatch.support.TestUsers.grant;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.trucewatch.access.AccessService;
import org.trucewatch.support.Api;
import org.trucewatch.support.PostgisFixture;
import org.trucewatch.support.ReportJson;
import org.trucewatch.support.TestUsers;

/**
 * The replica datasource pointing where no server listens: the GIS reads fail with a 503 the
 * client may retry, everything else (sign-in, intake, the API's own reads) goes on, which shows
 * that exactly the GIS reads take that route.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GisReplicaDownIT implements PostgisFixture {
    private static final String MECH = "replica-down-mech";
    @Inject
    EmbeddedServer server;
    @Inject
    AccessService access;

    @Override
    public Map<String, String> getProperties() {
        return GisReplicaIT.replica(PostgisFixture.super.getProperties(),
                "jdbc:postgresql://127.0.0.1:" + closedPort() + "/trucewatch");
    }

    private static int closedPort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void onlyTheGisReadsNeedTheReplica() {
        Api anonymous = new Api(server.getURI());
        TestUsers users = new TestUsers(access, anonymous);
        Api monitor = users.as("monitor", grant("monitor", MECH));
        Api.Answer created = monitor.post("/api/v1/reports", "application/geo+json",
                ReportJson.valid().point(12.5, 41.9).withText("mechanism", MECH).json());
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String id = created.json().path("id").asText();
        assertThat(monitor.get("/api/v1/reports/" + id).status()).as("the API's own read").isEqualTo(200);

        Api gis = users.as("gis", grant("gis_analyst", MECH));
        Api.Answer items = gis.get("/ogc/collections/reports/items");
        assertThat(items.status()).as(items.body()).isEqualTo(503);
        assertThat(items.contentType()).startsWith("application/problem+json");
        assertThat(items.header("Retry-After")).matches("[1-9][0-9]*");
    }
}
