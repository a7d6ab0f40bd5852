package org.trucewatch.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs QGIS headless (Debian's python3-qgis, bin/trucewatch test installs it) on
 * src/test/qgis/read_layers.py: QGIS's own OAPIF provider adds the layers as a GIS officer
 * does. Its settings, profile and runtime folder live under target/.
 */
public final class Qgis {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path SCRIPT = Path.of("src/test/qgis/read_layers.py");

    private Qgis() {
    }

    /** One line per collection, as read_layers.py prints them. */
    public static List<JsonNode> readLayers(String url, String user, String password, String pageSize,
                                            List<String> collections) throws IOException, InterruptedException {
        Path home = Files.createDirectories(Path.of("target/qgis/home")).toAbsolutePath();
        Path runtime = Path.of("target/qgis/runtime").toAbsolutePath();
        Files.createDirectories(runtime);
        Files.setPosixFilePermissions(runtime, PosixFilePermissions.fromString("rwx------"));
        Path log = Files.createTempFile(Files.createDirectories(Path.of("target/qgis")), "read-layers-", ".log");
        List<String> command = new ArrayList<>(List.of("/usr/bin/python3", SCRIPT.toAbsolutePath().toString(), url, user,
                password, pageSize));
        command.addAll(collections);
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(log.toFile())
                .redirectError(ProcessBuilder.Redirect.appendTo(Path.of("target/qgis/stderr.log").toFile()));
        builder.environment().put("QT_QPA_PLATFORM", "offscreen");
        builder.environment().put("HOME", home.toString());
        builder.environment().put("XDG_RUNTIME_DIR", runtime.toString());
        Process p = builder.start();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("QGIS did not finish within 5 minutes: " + command);
        }
        String out = Files.readString(log, StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            throw new AssertionError("QGIS exited " + p.exitValue() + " (python3-qgis installed? target/qgis/stderr.log):\n"
                    + out);
        }
        List<JsonNode> lines = new ArrayList<>();
        for (String line : out.split("\n")) {
            if (line.startsWith("{")) {
                lines.add(JSON.readTree(line));
            }
        }
        return lines;
    }
}
