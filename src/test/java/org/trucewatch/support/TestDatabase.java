package org.trucewatch.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;
import org.trucewatch.embedded.EmbeddedPostgis;

/**
 * The PostGIS database every integration test runs against, chosen once per JVM in this
 * order: {@code TEST_DATASOURCE_URL} (with {@code TEST_DATASOURCE_USERNAME} and
 * {@code TEST_DATASOURCE_PASSWORD}, optionally {@code TEST_DATASOURCE_SUPERUSER} and
 * {@code TEST_DATASOURCE_SUPERUSER_PASSWORD}); a Testcontainers PostGIS when a Docker engine
 * answers; otherwise a throwaway cluster from the system's PostgreSQL and PostGIS packages.
 * Never H2, never a mock. As in production, the service connects as an application role
 * and migrations run as the owner, where the database allows it.
 */
public final class TestDatabase {
    private static volatile TestDatabase instance;

    private final Map<String, String> properties;
    private final String url;
    private final String username;
    private final String password;
    private final String superuser;
    private final String superuserPassword;
    private final String origin;

    private TestDatabase(Map<String, String> properties, String superuser, String superuserPassword, String origin) {
        this.properties = Map.copyOf(properties);
        this.url = properties.get("datasources.default.url");
        this.username = properties.get("datasources.default.username");
        this.password = properties.get("datasources.default.password");
        this.superuser = superuser;
        this.superuserPassword = superuserPassword;
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
            String user = System.getenv("TEST_DATASOURCE_USERNAME");
            return new TestDatabase(singleRole(url, user, System.getenv("TEST_DATASOURCE_PASSWORD")),
                    System.getenv("TEST_DATASOURCE_SUPERUSER"), System.getenv("TEST_DATASOURCE_SUPERUSER_PASSWORD"),
                    "TEST_DATASOURCE_URL");
        }
        if (dockerAvailable()) {
            PostgreSQLContainer<?> container = new PostgreSQLContainer<>(
                    DockerImageName.parse("postgis/postgis:16-3.4").asCompatibleSubstituteFor("postgres"));
            container.start();
            Runtime.getRuntime().addShutdownHook(new Thread(container::stop));
            String app = "trucewatch_app";
            try (Connection c = DriverManager.getConnection(container.getJdbcUrl(), container.getUsername(),
                    container.getPassword()); Statement s = c.createStatement()) {
                s.execute("CREATE ROLE " + app + " LOGIN PASSWORD 'app'");
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
            Map<String, String> p = new HashMap<>(singleRole(container.getJdbcUrl(), container.getUsername(),
                    container.getPassword()));
            p.put("datasources.default.username", app);
            p.put("datasources.default.password", "app");
            p.put("flyway.datasources.schema.placeholders.approle", app);
            return new TestDatabase(p, container.getUsername(), container.getPassword(), "Testcontainers");
        }
        EmbeddedPostgis postgis = EmbeddedPostgis.startThrowaway();
        Runtime.getRuntime().addShutdownHook(new Thread(postgis::close));
        Map<String, String> p = new HashMap<>();
        postgis.datasourceProperties().forEach((k, v) -> p.put(k, String.valueOf(v)));
        return new TestDatabase(p, postgis.superuser(), postgis.password(), "throwaway cluster");
    }

    /** One role for everything: it migrates and it runs the service. */
    private static Map<String, String> singleRole(String url, String user, String password) {
        String pw = password == null ? "" : password;
        return Map.of("datasources.default.url", url, "datasources.default.username", user,
                "datasources.default.password", pw, "flyway.datasources.schema.url", url,
                "flyway.datasources.schema.user", user, "flyway.datasources.schema.password", pw,
                "flyway.datasources.schema.placeholders.approle", user);
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    public Map<String, String> properties() {
        return properties;
    }

    /** A JDBC connection as the application role, for checking what the service stored. */
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(url, username, password);
    }

    /** A JDBC connection as a superuser to another database of the same cluster (one a test created). */
    public Connection connectAsSuperuser(String database) throws SQLException {
        if (superuser == null) {
            throw new IllegalStateException("set TEST_DATASOURCE_SUPERUSER and TEST_DATASOURCE_SUPERUSER_PASSWORD");
        }
        return DriverManager.getConnection(in(database), superuser, superuserPassword);
    }

    /** The JDBC URL of another database of the same cluster. */
    public String in(String database) {
        return url.replaceFirst("/[^/?]+(\\?|$)", "/" + database + "$1");
    }

    /** A JDBC connection as a superuser, for tests that play an attacker with full database rights. */
    public Connection connectAsSuperuser() throws SQLException {
        if (superuser == null) {
            throw new IllegalStateException("set TEST_DATASOURCE_SUPERUSER and TEST_DATASOURCE_SUPERUSER_PASSWORD");
        }
        return DriverManager.getConnection(url, superuser, superuserPassword);
    }
}
