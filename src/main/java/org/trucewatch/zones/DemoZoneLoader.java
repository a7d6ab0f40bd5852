package org.trucewatch.zones;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.core.annotation.Order;
import io.micronaut.runtime.event.annotation.EventListener;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * In demo mode, imports the sample zone theatres at start-up through the normal importer.
 * Re-importing an unchanged file makes no new version, so restarts store nothing twice.
 * Ordered before other start-up listeners so that zones exist before demo reports arrive.
 */
@Singleton
@Requires(property = "trucewatch.demo.enabled", value = "true")
class DemoZoneLoader {
    private static final Logger LOG = LoggerFactory.getLogger(DemoZoneLoader.class);

    private final ZoneService zones;
    private final List<Path> files;

    DemoZoneLoader(ZoneService zones, @Value("${trucewatch.zones.demo-files}") List<Path> files) {
        this.zones = zones;
        this.files = files;
    }

    @EventListener
    @Order(-100)
    void load(StartupEvent event) throws IOException {
        for (Path file : files) {
            if (!Files.exists(file)) {
                LOG.warn("demo zones {} not found; starting without them", file.toAbsolutePath());
                continue;
            }
            ImportZonesReport report = zones.importZones(new ImportZonesCommand(file.getFileName().toString(),
                    Files.readAllBytes(file), null, null, false, null, "demo"));
            LOG.info("demo zones: {} features in {}, {} created, {} new versions, {} unchanged", report.features(), file,
                    report.created(), report.newVersions(), report.unchanged());
        }
    }
}
