package org.trucewatch.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.trucewatch.mechanisms.MechanismService;

/**
 * Protocols for tests that need a mechanism of their own: the shipped Lebanon sample under
 * another code, with parties PARTY-A and PARTY-B, so tests never share queues, and without
 * the sample's reference prefix (its incidents' references start with the code in capitals).
 */
public final class TestProtocols {
    private TestProtocols() {
    }

    public static String lebanonLike(String code) {
        try (InputStream in = TestProtocols.class.getClassLoader().getResourceAsStream("mechanisms/lebanon-tripartite.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .replace("\"lebanon-tripartite\"", "\"" + code + "\"")
                    .replaceFirst("\\s*\"referencePrefix\": \"[A-Z]+\",", "")
                    .replace("\"LAF\"", "\"PARTY-A\"").replace("\"IDF\"", "\"PARTY-B\"");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The shipped Colombian sample (local, regional and a national level of one team) under another code. */
    public static String colombiaLike(String code) {
        try (InputStream in = TestProtocols.class.getClassLoader().getResourceAsStream("mechanisms/colombia-mmv.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .replace("\"colombia-mmv\"", "\"" + code + "\"")
                    .replaceFirst("\\s*\"referencePrefix\": \"[A-Z]+\",", "");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void load(MechanismService mechanisms, String code) {
        mechanisms.load(lebanonLike(code), "test");
    }
}
