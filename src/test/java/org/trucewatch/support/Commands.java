package org.trucewatch.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Outside checkers (poppler's pdfinfo, pdftotext, pdfimages, …) run as a test runs them: in a folder, a minute at most. */
public final class Commands {
    private Commands() {
    }

    /** The command's output (stdout and stderr); fails the test unless it exits 0 within a minute. */
    public static String run(Path dir, String... command) throws Exception {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }
}
