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
