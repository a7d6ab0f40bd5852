package org.trucewatch.reports;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.trucewatch.support.Api;

/** Downloading a rendered report as bytes (poppler's tools run through support.Commands). */
final class ReportFiles {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private ReportFiles() {
    }

    static HttpResponse<byte[]> download(URI server, Api api, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(server + path))
                .header("Authorization", "Bearer " + api.bearerToken()).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }
}
