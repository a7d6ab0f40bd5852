package org.trucewatch.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.net.http.HttpRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.trucewatch.support.Api;
import org.trucewatch.support.PostgisFixture;

/** How the service serves the web app's files: to anyone, read-only, with its CSP, errors as problem+json. */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebAppServingIT implements PostgisFixture {
    @Inject
    EmbeddedServer server;
    @Inject
    org.trucewatch.access.AccessService access;

    Api anonymous() {
        return new Api(server.getURI());
    }

    @Test
    void theAppShellIsServedToAnyoneWithItsSecurityHeaders() {
        Api.Answer shell = anonymous().get("/app/");
        assertThat(shell.status()).isEqualTo(200);
        assertThat(shell.header("Content-Type")).startsWith("text/html");
        assertThat(shell.body()).contains("<script type=\"module\" src=\"js/app.js\"></script>");
        assertThat(shell.header("Content-Security-Policy")).contains("script-src 'self'").contains("object-src 'none'")
                .doesNotContain("unsafe");
        assertThat(shell.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(shell.header("Cache-Control")).isEqualTo("no-cache");
        Api.Answer leaflet = anonymous().get("/app/lib/leaflet/leaflet.js");
        assertThat(leaflet.status()).isEqualTo(200);
        assertThat(leaflet.header("Content-Type")).contains("javascript");
        // uPlot (the statistics page's charts) from its webjar, with the app's headers.
        Api.Answer uplot = anonymous().get("/app/lib/uplot/uPlot.esm.js");
        assertThat(uplot.status()).isEqualTo(200);
        assertThat(uplot.header("Content-Type")).contains("javascript");
        assertThat(uplot.header("Content-Security-Policy")).isEqualTo(shell.header("Content-Security-Policy"));
        assertThat(anonymous().get("/app/lib/uplot/uPlot.min.css").header("Content-Type")).startsWith("text/css");
        assertThat(anonymous().get("/app/sw.js").header("Content-Type")).contains("javascript");
    }

    @Test
    void theRootAndTheBareAppPathLeadToTheApp() {
        for (String path : new String[] {"/", "/app"}) {
            Api.Answer a = anonymous().send(HttpRequest.newBuilder(server.getURI().resolve(path)).GET());
            assertThat(a.status()).as(path).isEqualTo(303);
            assertThat(a.header("Location")).as(path).isEqualTo("/app/");
        }
    }

    @Test
    void aMissingFileIsANotFoundProblem() {
        Api.Answer a = anonymous().get("/app/js/nothing-here.js");
        assertThat(a.status()).isEqualTo(404);
        assertThat(a.header("Content-Type")).startsWith("application/problem+json");
        assertThat(a.json().path("code").asText()).isEqualTo("not-found");
    }

    @Test
    void theFilesCannotBeWrittenOrDeleted() {
        for (String method : new String[] {"POST", "PUT", "DELETE", "PATCH"}) {
            Api.Answer a = anonymous().send(HttpRequest.newBuilder(server.getURI().resolve("/app/index.html"))
                    .method(method, HttpRequest.BodyPublishers.ofString("x")).header("Content-Type", "text/plain"));
            assertThat(a.status()).as(method).isEqualTo(405);
            assertThat(a.header("Content-Type")).as(method).startsWith("application/problem+json");
            assertThat(a.header("Allow")).as(method).isEqualTo("GET, HEAD");
        }
        // The same for the other static files, the OpenAPI document (signed in: anonymous callers get 401 first).
        Api signedIn = new org.trucewatch.support.TestUsers(access, anonymous()).as("reader",
                org.trucewatch.support.TestUsers.grant("monitor", "lebanon-tripartite"));
        for (String method : new String[] {"POST", "PUT", "DELETE"}) {
            Api.Answer a = signedIn.send(HttpRequest.newBuilder(server.getURI().resolve("/openapi/openapi.json"))
                    .method(method, HttpRequest.BodyPublishers.ofString("x")).header("Content-Type", "text/plain"));
            assertThat(a.status()).as(method).isEqualTo(405);
            assertThat(a.header("Content-Type")).as(method).startsWith("application/problem+json");
            assertThat(a.header("Allow")).as(method).isEqualTo("GET, HEAD");
        }
    }

    @Test
    void noPathLeavesTheAppsFolder() {
        for (String path : new String[] {"/app/..%2f..%2fapplication.yml", "/app/%2e%2e/application.yml",
                "/app/lib/leaflet/..%2f..%2f..%2flogback.xml", "/app/i18n/%2e%2e%2f%2e%2e%2flogback.xml"}) {
            Api.Answer a = anonymous().get(path);
            assertThat(a.status()).as(path).isEqualTo(404);
            assertThat(a.body()).as(path).doesNotContain("datasources").doesNotContain("<configuration");
        }
    }
}
