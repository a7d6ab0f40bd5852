package org.trucewatch.gis.export;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.OutputStream;
import org.trucewatch.geo.GeoJsonWriter;

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
            GeoJsonWriter.startFeatureCollection(g);
            g.writeStringField("name", source.name());
            g.writeArrayFieldStart("features");
            source.forEach(f -> {
                f.startGeoJson(g, source.fields(), GeoJsonWriter.DECIMALS);
                g.writeEndObject();
            });
            g.writeEndArray();
            g.writeEndObject();
        }
    }
}
