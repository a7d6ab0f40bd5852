package org.trucewatch.gis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.trucewatch.support.TestUsers.grant;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.trucewatch.access.AccessService;
import org.trucewatch.support.Api;
import org.trucewatch.support.PostgisFixture;
import org.trucewatch.support.ReportJson;
import org.trucewatch.support.Rows;
import org.trucewatch.support.TestUsers;

/**
 * With a {@code replica} datasource configured, the GIS reads go through it, on read-only
 * sessions as a hot standby gives ({@link GisReplicaDownIT}: and nothing else does). The "standby" here is the test database itself behind a second, read-only pool with its
 * own application name (no second server is needed to show the routing; the cluster harness,
 * bench/cluster, runs a real standby).
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GisReplicaIT implements PostgisFixture {
    private static final String MECH = "replica-mech";
    @Inject
    EmbeddedServer server;
    @Inject
    AccessService access;
    @Inject
    LayerDatabase layerDatabase;

    @Override
    public Map<String, String> getProperties() {
        return replica(PostgisFixture.super.getProperties(), null);
    }

    /** The test database's properties with a replica datasource at {@code url} (null: the test database). */
    static Map<String, String> replica(Map<String, String> database, String url) {
        Map<String, String> p = new HashMap<>(database);
        String r = "datasources.replica.";
        p.put(r + "url", url != null ? url : p.get("datasources.default.url"));
        p.put(r + "username", p.get("datasources.default.username"));
        p.put(r + "password", p.get("datasources.default.password"));
        p.put(r + "driver-class-name", "org.postgresql.Driver");
        p.put(r + "dialect", "POSTGRES");
        p.put(r + "schema-generate", "NONE");
        p.put(r + "maximum-pool-size", "2");
        p.put(r + "data-source-properties.options", "-c default_transaction_read_only=on");
        p.put(r + "data-source-properties.ApplicationName", "trucewatch-gis-test");
        p.put(r + "data-source-properties.connectTimeout", "1");
        p.put(r + "connection-timeout", "1000");
        p.put(r + "initialization-fail-timeout", "-1");
        return p;
    }

    @Test
    void gisReadsGoToTheReplicaAndWritesDoNot() {
        assertThat(layerDatabase.name()).isEqualTo(LayerDatabase.REPLICA);
        Api anonymous = new Api(server.getURI());
        TestUsers users = new TestUsers(access, anonymous);
        Api monitor = users.as("monitor", grant("monitor", MECH));
        Api.Answer created = monitor.post("/api/v1/reports", "application/geo+json",
                ReportJson.valid().point(12.5, 41.9).withText("mechanism", MECH).json());
        assertThat(created.status()).as("written through the primary's pool: " + created.body()).isEqualTo(201);
        String id = created.json().path("id").asText();

        Api gis = users.as("gis", grant("gis_analyst", MECH));
        Api.Answer items = gis.get("/ogc/collections/reports/items?limit=100");
        assertThat(items.status()).as(items.body()).isEqualTo(200);
        assertThat(items.body()).contains(id);
        assertThat(Rows.count("SELECT count(*) FROM pg_stat_activity WHERE application_name = 'trucewatch-gis-test'"))
                .as("the replica's pool is open").isPositive();
    }
}
