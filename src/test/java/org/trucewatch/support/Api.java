package org.trucewatch.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * A plain HTTP client for tests: raw bodies and headers in, status and body out, no
 * exceptions for 4xx, so tests see exactly what an outside client sees.
 */
public final class Api {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI base;
    private final String authorization;

    public Api(URI base) {
        this(base, null);
    }

    private Api(URI base, String authorization) {
        this.base = base;
        this.authorization = authorization;
    }

    /** The same client, sending {@code Authorization: Bearer token}. */
    public Api withBearer(String token) {
        return new Api(base, "Bearer " + token);
    }

    /** The same client, sending HTTP Basic credentials (device and GIS clients). */
    public Api withBasic(String username, String password) {
        return new Api(base, "Basic " + java.util.Base64.getEncoder().encodeToString(
                (username + ":" + password).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    /** The bearer token this client sends, for clients the test builds itself (event streams). */
    public String bearerToken() {
        return authorization == null ? null : authorization.replaceFirst("^Bearer ", "");
    }

    public URI base() {
        return base;
    }

    public Answer post(String path, String contentType, String body) {
        return send(HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    public Answer postBytes(String path, String contentType, byte[] body) {
        return send(HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    public Answer put(String path, String contentType, String body) {
        return send(HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", contentType)
                .PUT(HttpRequest.BodyPublishers.ofString(body)));
    }

    public Answer get(String path) {
        return send(HttpRequest.newBuilder(base.resolve(path)).GET());
    }

    public Answer send(String method, String path) {
        return send(HttpRequest.newBuilder(base.resolve(path)).method(method, HttpRequest.BodyPublishers.noBody()));
    }

    public Answer send(HttpRequest.Builder request) {
        if (authorization != null) {
            request.setHeader("Authorization", authorization);
        }
        try {
            HttpResponse<String> response = client.send(request.timeout(Duration.ofSeconds(60)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                    response.body(), response);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The status of a request whose body may never end (an event stream): the body is not read. */
    public int status(HttpRequest.Builder request) {
        if (authorization != null) {
            request.setHeader("Authorization", authorization);
        }
        try {
            HttpResponse<java.io.InputStream> response = client.send(request.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            response.body().close();
            return response.statusCode();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** What came back. */
    public record Answer(int status, String contentType, String body, HttpResponse<String> raw) {
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON (" + status + "): " + body, e);
            }
        }

        public String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }

        @Override
        public String toString() {
            return status + " " + contentType + " " + body;
        }
    }
}
