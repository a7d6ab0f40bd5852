package org.trucewatch;

import io.micronaut.runtime.Micronaut;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.info.License;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import org.trucewatch.embedded.EmbeddedPostgis;
import org.trucewatch.zones.ZonesCommandLine;

/**
 * Starts the service, or runs an operator command against the same database without the
 * HTTP server: {@code users add}, {@code audit verify} (see {@link OperatorCommands}),
 * {@code zones import <file>} (see {@link ZonesCommandLine}). Without
 * {@code DATASOURCE_URL} (or {@code datasources.default.url}) it runs on the embedded
 * default: a private PostGIS cluster kept under {@code TRUCEWATCH_HOME} (default
 * {@code .trucewatch} in the working folder); the server then also loads the demo data,
 * zones, mechanisms and demo users.
 */
@OpenAPIDefinition(info = @Info(title = "TruceWatch", version = "v1",
        description = "Ceasefire monitoring and verification: field reports, zones, mechanisms, review and GIS layers.",
        license = @License(name = "Apache-2.0", url = "https://www.apache.org/licenses/LICENSE-2.0")))
public class Application {

    public static void main(String[] args) {
        org.trucewatch.geo.EpsgDataset.quietDerby();
        boolean command = args.length > 0 && !args[0].startsWith("-");
        Map<String, Object> properties = database(!command);
        if (command && args[0].equals("zones")) {
            System.exit(ZonesCommandLine.run(Arrays.copyOfRange(args, 1, args.length), properties, System.out, System.err));
        }
        if (command) {
            System.exit(OperatorCommands.run(args, properties));
        }
        Micronaut.build(args).mainClass(Application.class).banner(false).properties(properties).start();
    }

    /**
     * The embedded cluster's properties when no datasource is configured (demo data for the
     * server); otherwise the migration connection, from {@code FLYWAY_*} or else the
     * datasource's own settings.
     */
    private static Map<String, Object> database(boolean demo) {
        Map<String, Object> properties = new HashMap<>();
        String url = first(System.getenv("DATASOURCE_URL"), System.getProperty("datasources.default.url"));
        if (url != null) {
            String user = first(System.getenv("DATASOURCE_USERNAME"), System.getProperty("datasources.default.username"),
                    "trucewatch");
            String password = first(System.getenv("DATASOURCE_PASSWORD"), System.getProperty("datasources.default.password"),
                    "");
            unlessGiven(properties, "flyway.datasources.schema.url", first(System.getenv("FLYWAY_URL"), url));
            unlessGiven(properties, "flyway.datasources.schema.user", first(System.getenv("FLYWAY_USERNAME"), user));
            unlessGiven(properties, "flyway.datasources.schema.password", first(System.getenv("FLYWAY_PASSWORD"), password));
            unlessGiven(properties, "flyway.datasources.schema.placeholders.approle", user);
            replica(properties, user, password);
        } else {
            String home = System.getenv().getOrDefault("TRUCEWATCH_HOME", ".trucewatch");
            EmbeddedPostgis postgis = EmbeddedPostgis.startLocal(Path.of(home, "postgres"));
            Runtime.getRuntime().addShutdownHook(new Thread(postgis::close, "embedded-postgis-stop"));
            properties.putAll(postgis.datasourceProperties());
            properties.put("trucewatch.demo.enabled", demo);
            if (isBlank(System.getenv("JWT_SECRET"))) {
                // Embedded default only: tokens signed with a key that dies with the process.
                byte[] key = new byte[32];
                new SecureRandom().nextBytes(key);
                properties.put("micronaut.security.token.jwt.signatures.secret.generator.secret", HexFormat.of().formatHex(key));
            }
        }
        return properties;
    }

    /**
     * The GIS reads' datasource (gis.LayerDatabase) when {@code DATASOURCE_REPLICA_URL} names a
     * standby (or a proxy port routing to one): the service's role and settings, a smaller pool,
     * and read-only sessions. Without it the GIS reads use the service's own datasource.
     */
    private static void replica(Map<String, Object> properties, String user, String password) {
        String url = System.getenv("DATASOURCE_REPLICA_URL");
        if (isBlank(url)) {
            return;
        }
        String p = "datasources.replica.";
        unlessGiven(properties, p + "url", url);
        unlessGiven(properties, p + "username", first(System.getenv("DATASOURCE_REPLICA_USERNAME"), user));
        unlessGiven(properties, p + "password", first(System.getenv("DATASOURCE_REPLICA_PASSWORD"), password));
        unlessGiven(properties, p + "driver-class-name", "org.postgresql.Driver");
        unlessGiven(properties, p + "dialect", "POSTGRES");
        unlessGiven(properties, p + "schema-generate", "NONE");
        unlessGiven(properties, p + "maximum-pool-size", first(System.getenv("DATASOURCE_REPLICA_POOL_SIZE"), "5"));
        unlessGiven(properties, p + "connection-timeout", first(System.getenv("DATASOURCE_CONNECTION_TIMEOUT"), "1000"));
        unlessGiven(properties, p + "validation-timeout", "500");
        // A standby down when the service starts must not stop it: GIS reads answer 503 until it is back.
        unlessGiven(properties, p + "initialization-fail-timeout", "-1");
        // As the primary's (application.yml), and read-only: nothing written goes this way.
        unlessGiven(properties, p + "data-source-properties.options",
                "-c statement_timeout=60000 -c default_transaction_read_only=on");
        unlessGiven(properties, p + "data-source-properties.ApplicationName", "trucewatch-gis");
        unlessGiven(properties, p + "data-source-properties.connectTimeout", first(System.getenv("DATASOURCE_CONNECT_TIMEOUT"), "2"));
        unlessGiven(properties, p + "data-source-properties.loginTimeout", first(System.getenv("DATASOURCE_LOGIN_TIMEOUT"), "3"));
    }

    /** A derived setting, unless given explicitly as a system property (which the builder's map would override). */
    private static void unlessGiven(Map<String, Object> properties, String key, String value) {
        if (System.getProperty(key) == null) {
            properties.put(key, value);
        }
    }

    private static String first(String... values) {
        for (String v : values) {
            if (!isBlank(v)) {
                return v;
            }
        }
        return values[values.length - 1];
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
