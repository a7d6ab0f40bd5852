package org.trucewatch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.trucewatch.support.Api;
import org.trucewatch.support.DemoPostgisFixture;
import org.trucewatch.support.Rows;

/**
 * What README.md promises, run as written: in demo mode the demo users it lists exist with
 * the passwords it gives, and its sign-in and curl example store the report (201), which
 * reads back with the same geometry.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReadmeIT implements DemoPostgisFixture {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    EmbeddedServer server;

    private static String readme() throws IOException {
        return Files.readString(Path.of(System.getProperty("project.basedir", "."), "README.md"));
    }

    @Test
    void theReadmeOpensWithTheTwoCommands() throws IOException {
        String firstBlock = readme().split("```sh\n", 2)[1].split("```", 2)[0];
        assertThat(firstBlock.lines().filter(l -> !l.isBlank()).map(l -> l.replaceAll("\\s+#.*", "").strip()))
                .containsExactly("bin/trucewatch run", "bin/trucewatch test");
    }

    @Test
    void theDemoUsersTableIsTheDemoUsersFile() throws IOException {
        List<String> tableRows = new ArrayList<>();
        Matcher rows = Pattern.compile("(?m)^\\| ([a-z.]+) \\| (\\S+) \\| (\\w+) \\| ([a-z-]+|—)").matcher(readme());
        while (rows.find()) {
            if (rows.group(1).equals("user")) {
                continue;
            }
            tableRows.add(rows.group(1) + " " + rows.group(2) + " " + rows.group(3) + " " + rows.group(4).replace("—", ""));
        }
        List<String> fileRows = new ArrayList<>();
        for (JsonNode user : JSON.readTree(getClass().getClassLoader().getResource("demo/users.json"))) {
            for (JsonNode grant : user.path("grants")) {
                fileRows.add(user.path("username").asText() + " " + user.path("password").asText() + " "
                        + grant.path("role").asText() + " " + grant.path("mechanism").asText(""));
            }
        }
        assertThat(tableRows).isEqualTo(fileRows);
    }

    @Test
    void theSignInAndCurlExampleStoreTheReport() throws IOException {
        String readme = readme();
        Matcher login = Pattern.compile("\"username\":\"([^\"]+)\",\"password\":\"([^\"]+)\"").matcher(readme);
        assertThat(login.find()).isTrue();
        Matcher curl = Pattern.compile("/api/v1/reports \\\\\\n.*?-d '(\\{.*?\\})'", Pattern.DOTALL).matcher(readme);
        assertThat(curl.find()).as("the curl example").isTrue();
        String body = curl.group(1);
        String clientReportId = JSON.readTree(body).path("properties").path("clientReportId").asText();
        Api anonymous = new Api(server.getURI());

        Api.Answer token = anonymous.post("/login", "application/json",
                "{\"username\":\"" + login.group(1) + "\",\"password\":\"" + login.group(2) + "\"}");
        assertThat(token.status()).as(token.toString()).isEqualTo(200);
        Api monitor = anonymous.withBearer(token.json().path("access_token").asText());
        Api.Answer created = monitor.post("/api/v1/reports", "application/geo+json", body);

        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        JsonNode read = monitor.get("/api/v1/reports/" + created.json().path("id").asText()).json();
        assertThat(read.path("geometry")).isEqualTo(JSON.readTree(body).path("geometry"));
        assertThat(Rows.text("SELECT ST_AsText(geom) FROM report WHERE client_report_id = ?",
                UUID.fromString(clientReportId))).isEqualTo("POINT(35.5312 33.2741)");
        assertThat(monitor.post("/api/v1/reports", "application/geo+json", body).status()).isEqualTo(200);
    }
}
