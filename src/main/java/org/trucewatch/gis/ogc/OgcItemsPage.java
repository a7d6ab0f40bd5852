package org.trucewatch.gis.ogc;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.http.uri.UriBuilder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.trucewatch.access.Principal;
import org.trucewatch.geo.GeoJsonWriter;
import org.trucewatch.gis.Crs;
import org.trucewatch.gis.Cursor;
import org.trucewatch.gis.Layer;
import org.trucewatch.gis.LayerFeature;
import org.trucewatch.gis.LayerField;
import org.trucewatch.gis.LayerQuery;

/**
 * One page of items (OGC 17-069r4 §7.15.8): a FeatureCollection with {@code numberMatched},
 * {@code numberReturned}, {@code timeStamp} and {@code self}, {@code next}, {@code prev} and
 * {@code collection} links. Paging is keyset: {@code next} carries the last key of this page,
 * {@code prev} the first, so a page costs the same wherever it is in the layer.
 */
final class OgcItemsPage {
    private OgcItemsPage() {
    }

    static byte[] write(ObjectMapper mapper, Layer layer, LayerQuery query, Principal user, String self, String base) {
        long matched = query.cursor() != null ? query.cursor().matched() : layer.count(query, user);
        // One more than the limit tells whether another page follows in the reading direction.
        LayerQuery probe = query.withLimit(query.limit() + 1);
        List<LayerFeature> features = new ArrayList<>();
        layer.read(probe, user, features::add);
        boolean moreInDirection = features.size() > query.limit();
        if (moreInDirection) {
            features.remove(features.size() - 1);
        }
        if (query.backwards()) {
            Collections.reverse(features);
        }
        boolean hasNext = query.backwards() || moreInDirection;
        boolean hasPrev = query.backwards() ? moreInDirection : query.cursor() != null;
        List<LayerField> fields = layer.fields(user);
        ByteArrayOutputStream out = new ByteArrayOutputStream(8192 + features.size() * 512);
        try (JsonGenerator g = mapper.getFactory().createGenerator(out)) {
            GeoJsonWriter.startFeatureCollection(g);
            g.writeStringField("timeStamp", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
            g.writeNumberField("numberMatched", matched);
            g.writeNumberField("numberReturned", features.size());
            g.writeArrayFieldStart("links");
            link(g, self, "self", OgcDocuments.GEO_JSON, "This page");
            if (hasNext && !features.isEmpty()) {
                link(g, withCursor(self, new Cursor(false, features.get(features.size() - 1).id(), matched)), "next",
                        OgcDocuments.GEO_JSON, "Next page");
            }
            if (hasPrev && !features.isEmpty()) {
                link(g, withCursor(self, new Cursor(true, features.get(0).id(), matched)), "prev",
                        OgcDocuments.GEO_JSON, "Previous page");
            }
            link(g, base + "/collections/" + layer.id(), "collection", OgcDocuments.JSON, layer.title());
            g.writeEndArray();
            g.writeArrayFieldStart("features");
            for (LayerFeature f : features) {
                f.startGeoJson(g, fields, query.crs().decimals());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** One feature (§7.16) with {@code self} and {@code collection} links. */
    static byte[] writeOne(ObjectMapper mapper, Layer layer, LayerFeature feature, Crs crs, Principal user, String base) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(2048);
        String collection = base + "/collections/" + layer.id();
        try (JsonGenerator g = mapper.getFactory().createGenerator(out)) {
            feature.startGeoJson(g, layer.fields(user), crs.decimals());
            g.writeArrayFieldStart("links");
            String self = collection + "/items/" + feature.id();
            link(g, crs == Crs.CRS84 ? self : self + "?crs=" + crs.uri(), "self", OgcDocuments.GEO_JSON, "This feature");
            link(g, collection, "collection", OgcDocuments.JSON, layer.title());
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static String withCursor(String self, Cursor cursor) {
        return UriBuilder.of(URI.create(self)).replaceQueryParam("cursor", cursor.encode()).build().toString();
    }

    private static void link(JsonGenerator g, String href, String rel, String type, String title) throws IOException {
        g.writeStartObject();
        g.writeStringField("href", href);
        g.writeStringField("rel", rel);
        g.writeStringField("type", type);
        g.writeStringField("title", title);
        g.writeEndObject();
    }
}
