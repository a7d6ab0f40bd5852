package org.trucewatch.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A second instance of the service in a JVM of its own, on the test database, with a 256 MB
 * heap that exits on the first OutOfMemoryError: what streams must stream there. Its log and
 * its temporary files live under {@code target/<name>/}.
 */
public final class ForkedService implements AutoCloseable {
    private static final String SECRET = "forked-service-test-secret-of-at-least-256-bits-0123456789";
    private final Process process;
    private final Path log;
    private final int port;

    private ForkedService(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    /** Starts the service with {@code -Xmx256m} and waits for its /health to answer 200. */
    public static ForkedService start(String name) throws Exception {
        Path work = Path.of("target", name).toAbsolutePath();
        Files.createDirectories(work.resolve("tmp"));
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+ExitOnOutOfMemoryError", "-cp", System.getProperty("java.class.path"),
                "-Djava.io.tmpdir=" + work.resolve("tmp")));
        for (Map.Entry<String, String> p : TestDatabase.get().properties().entrySet()) {
            command.add("-D" + p.getKey() + "=" + p.getValue());
        }
        command.addAll(List.of("-Dmicronaut.server.port=" + port,
                "-Dmicronaut.security.token.jwt.signatures.secret.generator.secret=" + SECRET,
                "org.trucewatch.Application"));
        Path log = work.resolve("server.log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("JWT_SECRET", SECRET);
        ForkedService fork = new ForkedService(builder.start(), log, port);
        fork.awaitHealth();
        return fork;
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /** Where its temporary files go (java.io.tmpdir). */
    public Path tmp() {
        return log.getParent().resolve("tmp");
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** The last 4,000 characters of its log. */
    public String log() {
        try {
            String text = Files.readString(log, StandardCharsets.UTF_8);
            return text.substring(Math.max(0, text.length() - 4000));
        } catch (IOException e) {
            return e.toString();
        }
    }

    private void awaitHealth() throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest health = HttpRequest.newBuilder(uri("/health")).build();
        try {
            Poll.until("the forked service's /health answering 200", Duration.ofSeconds(90), () -> {
                assertThat(process.isAlive()).as(() -> "the forked service died: " + log()).isTrue();
                try {
                    return client.send(health, HttpResponse.BodyHandlers.discarding()).statusCode();
                } catch (IOException notYet) {
                    return -1; // starting
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }, status -> status == 200);
        } catch (AssertionError e) {
            throw process.isAlive() ? new AssertionError(e.getMessage() + "\n" + log(), e) : e; // a dead fork's is logged
        }
    }

    @Override
    public void close() {
        process.destroy();
    }
}
