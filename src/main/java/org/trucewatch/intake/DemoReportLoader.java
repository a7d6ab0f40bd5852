package org.trucewatch.intake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * In demo mode (the embedded default), submits the sample reports through the normal
 * intake at start-up. Their clientReportIds are fixed, so restarts store nothing twice.
 */
@Singleton
@Requires(property = "trucewatch.demo.enabled", value = "true")
class DemoReportLoader {
    private static final Logger LOG = LoggerFactory.getLogger(DemoReportLoader.class);

    private final ReportService service;
    private final ReportFeatureReader reader;
    private final ObjectMapper mapper;
    private final Path file;

    DemoReportLoader(ReportService service, ReportFeatureReader reader, ObjectMapper mapper,
                     @Value("${trucewatch.demo.reports:sample-geodata/demo-reports.geojson}") Path file) {
        this.service = service;
        this.reader = reader;
        this.mapper = mapper;
        this.file = file;
    }

    @EventListener
    void load(StartupEvent event) throws IOException {
        if (!Files.exists(file)) {
            LOG.warn("demo reports {} not found; starting without them", file.toAbsolutePath());
            return;
        }
        int created = 0;
        JsonNode features = mapper.readTree(file.toFile()).path("features");
        for (JsonNode feature : features) {
            if (service.submit(reader.read(mapper.writeValueAsString(feature)), "demo").created()) {
                created++;
            }
        }
        LOG.info("demo reports: {} in {}, {} new", features.size(), file, created);
    }
}
