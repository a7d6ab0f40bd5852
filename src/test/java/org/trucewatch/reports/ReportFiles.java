package org.trucewatch.reports;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.trucewatch.support.Api;
import org.trucewatch.support.ReportJson;

/**
 * What the periodic reports' tests share: a field report of a category observed at a time, and
 * downloading a rendered report as bytes (poppler's tools run through support.Commands).
 */
final class ReportFiles {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private ReportFiles() {
    }

    static HttpResponse<byte[]> download(URI server, Api api, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(server + path))
                .header("Authorization", "Bearer " + api.bearerToken()).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** A monitor's report of {@code category} observed at {@code observedAt}, at ({@code lon}, 33.2): its id (201 or the test fails). */
    static String submit(Api monitor, String mechanism, double lon, String category, String observedAt) {
        Api.Answer a = monitor.post("/api/v1/reports", "application/geo+json", ReportJson.valid().point(lon, 33.2)
                .withText("mechanism", mechanism).withText("category", category).withText("observedAt", observedAt).json());
        assertThat(a.status()).as(a.toString()).isEqualTo(201);
        return a.json().path("id").asText();
    }
}
