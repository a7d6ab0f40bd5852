package org.trucewatch.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;
import org.trucewatch.embedded.EmbeddedPostgis;

/**
 * The PostGIS database every integration test runs against, chosen once per JVM in this
 * order: {@code TEST_DATASOURCE_URL} (with {@code TEST_DATASOURCE_USERNAME} and
 * {@code TEST_DATASOURCE_PASSWORD}); a Testcontainers PostGIS when a Docker engine answers;
 * otherwise a throwaway cluster from the system's PostgreSQL and PostGIS packages.
 * Never H2, never a mock.
 */
public final class TestDatabase {
    private static volatile TestDatabase instance;

    private final String url;
    private final String username;
    private final String password;
    private final String origin;

    private TestDatabase(String url, String username, String password, String origin) {
        this.url = url;
        this.username = username;
        this.password = password;
        this.origin = origin;
    }

    public static TestDatabase get() {
        if (instance == null) {
            synchronized (TestDatabase.class) {
                if (instance == null) {
                    instance = start();
                    System.out.println("[test database] " + instance.origin + " " + instance.url);
                }
            }
        }
        return instance;
    }

    private static TestDatabase start() {
        String url = System.getenv("TEST_DATASOURCE_URL");
        if (url != null && !url.isBlank()) {
            return new TestDatabase(url, System.getenv("TEST_DATASOURCE_USERNAME"),
                    System.getenv("TEST_DATASOURCE_PASSWORD"), "TEST_DATASOURCE_URL");
        }
        if (dockerAvailable()) {
            PostgreSQLContainer<?> container = new PostgreSQLContainer<>(
                    DockerImageName.parse("postgis/postgis:16-3.4").asCompatibleSubstituteFor("postgres"));
            container.start();
            Runtime.getRuntime().addShutdownHook(new Thread(container::stop));
            return new TestDatabase(container.getJdbcUrl(), container.getUsername(), container.getPassword(),
                    "Testcontainers");
        }
        EmbeddedPostgis postgis = EmbeddedPostgis.startThrowaway();
        Runtime.getRuntime().addShutdownHook(new Thread(postgis::close));
        return new TestDatabase(postgis.jdbcUrl(), postgis.username(), postgis.password(), "throwaway cluster");
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    public Map<String, String> properties() {
        return Map.of("datasources.default.url", url, "datasources.default.username", username,
                "datasources.default.password", password == null ? "" : password);
    }

    /** A plain JDBC connection for checking what the service stored, outside the service. */
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(url, username, password);
    }
}
