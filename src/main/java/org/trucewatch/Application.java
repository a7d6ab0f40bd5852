package org.trucewatch;

import io.micronaut.runtime.Micronaut;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.info.License;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.trucewatch.embedded.EmbeddedPostgis;
import org.trucewatch.zones.ZonesCommandLine;

/**
 * Starts the service. Without {@code DATASOURCE_URL} (or {@code datasources.default.url})
 * it runs on the embedded default: a private PostGIS cluster kept under
 * {@code TRUCEWATCH_HOME} (default {@code .trucewatch} in the working folder), with the
 * demo data loaded.
 *
 * <p>{@code zones import <file> …} runs that command instead (see {@link ZonesCommandLine})
 * against the same database, without the HTTP server, and exits.
 */
@OpenAPIDefinition(info = @Info(title = "TruceWatch", version = "v1",
        description = "Ceasefire monitoring and verification: field reports, zones, mechanisms, review and GIS layers.",
        license = @License(name = "Apache-2.0", url = "https://www.apache.org/licenses/LICENSE-2.0")))
public class Application {

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("zones")) {
            int status = ZonesCommandLine.run(Arrays.copyOfRange(args, 1, args.length), database(false), System.out,
                    System.err);
            System.exit(status);
        }
        Micronaut.build(args).mainClass(Application.class).properties(database(true)).start();
    }

    /** The embedded cluster's properties when no datasource is configured (with demo data if asked), else none. */
    private static Map<String, Object> database(boolean demo) {
        Map<String, Object> properties = new HashMap<>();
        if (isBlank(System.getenv("DATASOURCE_URL")) && isBlank(System.getProperty("datasources.default.url"))) {
            String home = System.getenv().getOrDefault("TRUCEWATCH_HOME", ".trucewatch");
            EmbeddedPostgis postgis = EmbeddedPostgis.startLocal(Path.of(home, "postgres"));
            Runtime.getRuntime().addShutdownHook(new Thread(postgis::close, "embedded-postgis-stop"));
            properties.putAll(postgis.datasourceProperties());
            if (demo) {
                properties.put("trucewatch.demo.enabled", true);
            }
        }
        return properties;
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
