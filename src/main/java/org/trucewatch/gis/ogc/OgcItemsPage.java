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
 * One page of items (OGC 17-069r4 §7.15.8), read once and written as JSON or HTML from the
 * same values: the caller's schema ({@code fields}), the features the access policy let
 * through, {@code numberMatched} and the {@code self}, {@code next} and {@code prev} URLs
 * (null when there is no such page). Paging is keyset: {@code next} carries the last key of
 * this page, {@code prev} the first, so a page costs the same wherever it is in the layer.
 */
record OgcItemsPage(Layer layer, List<LayerField> fields, List<LayerFeature> features, long matched, Crs crs,
                    String self, String next, String prev, String collection) {

    static OgcItemsPage read(Layer layer, LayerQuery query, Principal user, String self, String base) {
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
        boolean hasNext = (query.backwards() || moreInDirection) && !features.isEmpty();
        boolean hasPrev = (query.backwards() ? moreInDirection : query.cursor() != null) && !features.isEmpty();
        String next = hasNext ? withCursor(self, new Cursor(false, features.get(features.size() - 1).id(), matched)) : null;
        String prev = hasPrev ? withCursor(self, new Cursor(true, features.get(0).id(), matched)) : null;
        return new OgcItemsPage(layer, layer.fields(user), features, matched, query.crs(), self, next, prev,
                base + "/collections/" + layer.id());
    }

    /** The GeoJSON FeatureCollection with {@code numberMatched}, {@code numberReturned}, {@code timeStamp} and links. */
    byte[] json(ObjectMapper mapper) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(8192 + features.size() * 512);
        try (JsonGenerator g = mapper.getFactory().createGenerator(out)) {
            GeoJsonWriter.startFeatureCollection(g);
            g.writeStringField("timeStamp", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
            g.writeNumberField("numberMatched", matched);
            g.writeNumberField("numberReturned", features.size());
            g.writeArrayFieldStart("links");
            link(g, self, "self", OgcDocuments.GEO_JSON, "This page");
            link(g, OgcFormat.HTML.on(self), "alternate", "text/html", "This page as HTML");
            if (next != null) {
                link(g, next, "next", OgcDocuments.GEO_JSON, "Next page");
            }
            if (prev != null) {
                link(g, prev, "prev", OgcDocuments.GEO_JSON, "Previous page");
            }
            link(g, collection, "collection", OgcDocuments.JSON, layer.title());
            g.writeEndArray();
            g.writeArrayFieldStart("features");
            for (LayerFeature f : features) {
                f.startGeoJson(g, fields, crs.decimals());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The URL of one feature of {@code collection}, with its CRS unless CRS84. */
    static String featureUrl(String collection, LayerFeature feature, Crs crs) {
        String self = collection + "/items/" + feature.id();
        return crs == Crs.CRS84 ? self : self + "?crs=" + crs.uri();
    }

    /** One feature (§7.16) with {@code self}, {@code alternate} and {@code collection} links. */
    static byte[] writeOne(ObjectMapper mapper, Layer layer, LayerFeature feature, Crs crs, Principal user, String base) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(2048);
        String collection = base + "/collections/" + layer.id();
        try (JsonGenerator g = mapper.getFactory().createGenerator(out)) {
            feature.startGeoJson(g, layer.fields(user), crs.decimals());
            g.writeArrayFieldStart("links");
            String self = featureUrl(collection, feature, crs);
            link(g, self, "self", OgcDocuments.GEO_JSON, "This feature");
            link(g, OgcFormat.HTML.on(self), "alternate", "text/html", "This feature as HTML");
            link(g, collection, "collection", OgcDocuments.JSON, layer.title());
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * The features' id and geometry only, as a GeoJSON FeatureCollection, for the HTML page's
     * map: the table beside it carries the properties, so the map needs none of them.
     */
    static String mapData(ObjectMapper mapper, List<LayerFeature> features, int decimals) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1024 + features.size() * 128);
        try (JsonGenerator g = mapper.getFactory().createGenerator(out)) {
            GeoJsonWriter.startFeatureCollection(g);
            g.writeArrayFieldStart("features");
            for (LayerFeature f : features) {
                f.startGeoJson(g, List.of(), decimals);
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString(java.nio.charset.StandardCharsets.UTF_8);
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
