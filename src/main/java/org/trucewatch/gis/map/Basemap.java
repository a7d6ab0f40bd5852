package org.trucewatch.gis.map;

import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;

/**
 * The base map under the app's layers (docs/operations.md, "A base map"): an operator's MBTiles
 * file ({@code trucewatch.basemap.mbtiles}), served tile by tile, or the mission's own tile
 * server ({@code trucewatch.basemap.url}, an XYZ template the browser fetches itself); neither:
 * the country outlines the app ships. MBTiles 1.3: SQLite, a {@code metadata} table of
 * name/value pairs and a {@code tiles} table keyed by zoom, column and row, rows counted from
 * the south (TMS), which {@link #tile} turns into the XYZ rows web maps ask for. Read with
 * sqlite-jdbc (org.xerial), read-only, over one connection that reads serialise on.
 */
@Singleton
public class Basemap {
    static final String TILES = "/basemap/tiles/{z}/{x}/{y}";
    private static final Logger LOG = LoggerFactory.getLogger(Basemap.class);

    private final String url;
    private final String attribution;
    private final Path mbtiles;
    private Connection connection;
    private Map<String, String> metadata;

    Basemap(@Nullable @Value("${trucewatch.basemap.mbtiles:}") String mbtiles,
            @Nullable @Value("${trucewatch.basemap.url:}") String url,
            @Nullable @Value("${trucewatch.basemap.attribution:}") String attribution) {
        this.mbtiles = mbtiles == null || mbtiles.isBlank() ? null : Path.of(mbtiles);
        this.url = url == null || url.isBlank() ? null : url;
        this.attribution = attribution == null || attribution.isBlank() ? null : attribution;
        if (this.mbtiles != null && !Files.isReadable(this.mbtiles)) {
            throw new IllegalStateException("trucewatch.basemap.mbtiles: cannot read " + this.mbtiles);
        }
    }

    /** One tile's bytes and media type. */
    public record Tile(byte[] bytes, String mediaType) {
    }

    /** The TileJSON 3.0.0 document the app reads: tiles empty when no base map is set (the app draws the outlines). */
    Map<String, Object> tileJson() {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("tilejson", "3.0.0");
        if (mbtiles != null) {
            Map<String, String> m = metadata();
            doc.put("name", m.getOrDefault("name", mbtiles.getFileName().toString()));
            doc.put("tiles", List.of(TILES));
            doc.put("format", m.getOrDefault("format", "png"));
            putNumber(doc, "minzoom", m.get("minzoom"));
            putNumber(doc, "maxzoom", m.get("maxzoom"));
            Optional.ofNullable(m.get("bounds")).map(Basemap::bounds).ifPresent(b -> doc.put("bounds", b));
            Optional.ofNullable(attribution == null ? m.get("attribution") : attribution).ifPresent(a -> doc.put("attribution", a));
        } else if (url != null) {
            doc.put("tiles", List.of(url));
            Optional.ofNullable(attribution).ifPresent(a -> doc.put("attribution", a));
        } else {
            doc.put("tiles", List.of());
        }
        return doc;
    }

    /** The XYZ tile z/x/y of the MBTiles file; empty outside it (or when no file is set). */
    public synchronized Optional<Tile> tile(int z, int x, int y) {
        if (mbtiles == null || z < 0 || z > 30 || x < 0 || y < 0 || x >= 1L << z || y >= 1L << z) {
            return Optional.empty();
        }
        long tmsRow = (1L << z) - 1 - y;
        try (PreparedStatement ps = connection().prepareStatement(
                "SELECT tile_data FROM tiles WHERE zoom_level = ? AND tile_column = ? AND tile_row = ?")) {
            ps.setInt(1, z);
            ps.setInt(2, x);
            ps.setLong(3, tmsRow);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new Tile(rs.getBytes(1), mediaType(metadata().get("format")))) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the base map " + mbtiles, e);
        }
    }

    private synchronized Map<String, String> metadata() {
        if (metadata == null) {
            Map<String, String> m = new LinkedHashMap<>();
            try (PreparedStatement ps = connection().prepareStatement("SELECT name, value FROM metadata");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    m.put(rs.getString(1), rs.getString(2));
                }
            } catch (SQLException e) {
                throw new IllegalStateException("cannot read the base map's metadata in " + mbtiles, e);
            }
            metadata = Map.copyOf(m);
            LOG.info("Base map {}: {}", mbtiles, metadata);
        }
        return metadata;
    }

    private Connection connection() throws SQLException {
        if (connection == null) {
            SQLiteConfig config = new SQLiteConfig();
            config.setReadOnly(true);
            connection = config.createConnection("jdbc:sqlite:" + mbtiles.toAbsolutePath());
        }
        return connection;
    }

    @PreDestroy
    synchronized void close() throws SQLException {
        if (connection != null) {
            connection.close();
        }
    }

    /** MBTiles 1.3 "format": png, jpg, webp (pbf is vector, which the app does not draw). */
    private static String mediaType(String format) {
        return switch (format == null ? "png" : format) {
            case "jpg", "jpeg" -> "image/jpeg";
            case "webp" -> "image/webp";
            case "pbf" -> "application/vnd.mapbox-vector-tile";
            default -> "image/png";
        };
    }

    private static void putNumber(Map<String, Object> doc, String key, String raw) {
        try {
            if (raw != null) {
                doc.put(key, Integer.parseInt(raw.strip()));
            }
        } catch (NumberFormatException e) {
            LOG.warn("Base map metadata {}={} is not a whole number; left out", key, raw);
        }
    }

    private static List<Double> bounds(String raw) {
        try {
            List<Double> b = java.util.Arrays.stream(raw.split(",")).map(String::strip).map(Double::valueOf).toList();
            return b.size() == 4 ? b : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
