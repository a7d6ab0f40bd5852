package org.trucewatch.gis.export;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.OutputStream;
import org.trucewatch.gis.GeoJsonFeatures;

/** RFC 7946 GeoJSON: one FeatureCollection, CRS84, right-hand rule, 7 decimals. */
@Singleton
class ExportFormatGeoJson implements ExportFormat {
    private final ObjectMapper mapper;

    ExportFormatGeoJson(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    @Override
    public String extension() {
        return "geojson";
    }

    @Override
    public String mediaType() {
        return "application/geo+json";
    }

    @Override
    public void write(ExportSource source, OutputStream out) throws IOException {
        try (JsonGenerator g = mapper.getFactory().createGenerator(out, JsonEncoding.UTF8)) {
            g.writeStartObject();
            g.writeStringField("type", "FeatureCollection");
            g.writeStringField("name", source.name());
            g.writeArrayFieldStart("features");
            source.forEach(f -> {
                GeoJsonFeatures.feature(g, f, source.fields(), 7);
                GeoJsonFeatures.end(g);
            });
            g.writeEndArray();
            g.writeEndObject();
        }
    }
}
