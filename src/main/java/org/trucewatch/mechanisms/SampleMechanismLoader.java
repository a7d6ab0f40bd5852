package org.trucewatch.mechanisms;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.core.annotation.Order;
import io.micronaut.runtime.event.annotation.EventListener;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads the two sample protocols shipped with the service (lebanon-tripartite,
 * colombia-mmv) at start-up in demo mode, or when {@code trucewatch.mechanisms.load-samples}
 * is set. Idempotent: the same file loaded again is the same version.
 */
@Singleton
@Requires(property = "trucewatch.mechanisms.load-samples", value = "true")
class SampleMechanismLoader {
    static final List<String> SAMPLES = List.of("mechanisms/lebanon-tripartite.json", "mechanisms/colombia-mmv.json");
    private static final Logger LOG = LoggerFactory.getLogger(SampleMechanismLoader.class);

    private final MechanismService mechanisms;

    SampleMechanismLoader(MechanismService mechanisms) {
        this.mechanisms = mechanisms;
    }

    @EventListener
    @Order(-20)
    void load(StartupEvent event) throws IOException {
        for (String resource : SAMPLES) {
            try (InputStream in = getClass().getClassLoader().getResourceAsStream(resource)) {
                MechanismProtocol p = mechanisms.load(new String(in.readAllBytes(), StandardCharsets.UTF_8), "system:samples");
                LOG.info("mechanism {} version {} loaded", p.code(), p.version());
            }
        }
    }
}
