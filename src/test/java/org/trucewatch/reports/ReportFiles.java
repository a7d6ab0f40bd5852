package org.trucewatch.reports;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.trucewatch.support.Api;

/** Downloading a rendered report as bytes, and running poppler's tools on it (exit status 0 asserted). */
final class ReportFiles {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private ReportFiles() {
    }

    static HttpResponse<byte[]> download(URI server, Api api, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(server + path))
                .header("Authorization", "Bearer " + api.bearerToken()).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    static String run(Path dir, String... command) throws Exception {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }
}
