package org.trucewatch.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

/** Downloads a file export as a GIS user does (HTTP Basic), into a fresh folder under target/. */
public final class Exports {
    private Exports() {
    }

    /** {@code GET /api/v1/exports/{file}{query}} as {@code user}; fails unless it answers 200. */
    public static Path download(URI server, String user, String file, String query) throws IOException {
        Path target = Files.createTempDirectory(Path.of("target"), "export-").resolve(file);
        try {
            HttpResponse<Path> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            server.resolve("/api/v1/exports/" + file + query))
                    .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                            (user + ":" + TestUsers.PASSWORD).getBytes(StandardCharsets.UTF_8))).GET().build(),
                    HttpResponse.BodyHandlers.ofFile(target));
            if (response.statusCode() != 200) {
                throw new AssertionError(file + ": " + response.statusCode() + " " + Files.readString(target));
            }
            return target;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }
}
