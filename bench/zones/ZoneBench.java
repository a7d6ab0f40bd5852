package org.trucewatch.zones;

import org.trucewatch.zones.engine.ZoneIndex;

import io.micronaut.context.ApplicationContext;
import io.micronaut.transaction.TransactionOperations;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Point;
import org.trucewatch.embedded.EmbeddedPostgis;
import org.trucewatch.geo.Geodesy;
import org.trucewatch.geo.Wgs84;

/**
 * Geofence benchmark (not a test; run by bench/zones/run.sh): 1,000 zones of 200 vertices
 * (200,000 vertices) scattered over a Colombia-sized region, random report points, the
 * in-memory engine against the equivalent PostGIS queries over JDBC from one client.
 * Results go to stdout as a Markdown table.
 */
public final class ZoneBench {
    static final double WEST = -77;
    static final double EAST = -72;
    static final double SOUTH = 0;
    static final double NORTH = 8;
    static final Instant AT = Instant.parse("2026-03-01T06:00:00Z");

    public static void main(String[] args) throws Exception {
        int zones = Integer.getInteger("zones", 1000);
        int vertices = Integer.getInteger("vertices", 200);
        int postgisQueries = Integer.getInteger("postgisQueries", 5000);
        EmbeddedPostgis pg = System.getenv("BENCH_DATASOURCE_URL") == null ? EmbeddedPostgis.startThrowaway() : null;
        Map<String, Object> properties = new HashMap<>();
        String url = pg != null ? pg.jdbcUrl() : System.getenv("BENCH_DATASOURCE_URL");
        String user = pg != null ? pg.username() : System.getenv("BENCH_DATASOURCE_USERNAME");
        String password = pg != null ? pg.password() : System.getenv("BENCH_DATASOURCE_PASSWORD");
        properties.put("datasources.default.url", url);
        properties.put("datasources.default.username", user);
        properties.put("datasources.default.password", password);
        try (ApplicationContext context = ApplicationContext.builder().properties(properties).start()) {
            Random random = new Random(42);
            long t0 = System.nanoTime();
            ImportZonesReport imported = context.getBean(ZoneService.class).importZones(new ImportZonesCommand("bench",
                    zonesFile(random, zones, vertices), "bench", null, false, Instant.parse("2020-01-01T00:00:00Z"), "bench"));
            System.out.printf(Locale.ROOT, "imported %d zones in %.1f s%n", imported.created(), (System.nanoTime() - t0) / 1e9);
            @SuppressWarnings("unchecked")
            TransactionOperations<Connection> tx = context.getBean(TransactionOperations.class);
            ZoneRepository repository = context.getBean(ZoneRepository.class);
            t0 = System.nanoTime();
            List<ZoneVersion> versions = tx.executeRead(status -> repository.all());
            ZoneIndex index = new ZoneIndex(0, versions);
            double loadS = (System.nanoTime() - t0) / 1e9;
            long totalVertices = versions.stream().mapToLong(v -> v.geometry().getNumPoints()).sum();
            System.out.printf(Locale.ROOT, "index: %d zones, %d vertices, loaded and built in %.2f s%n", versions.size(),
                    totalVertices, loadS);

            Coordinate[] points = new Coordinate[200_000];
            for (int i = 0; i < points.length; i++) {
                points[i] = new Coordinate(WEST + random.nextDouble() * (EAST - WEST), SOUTH + random.nextDouble() * (NORTH - SOUTH));
            }
            Result contain = measure("engine: point in zone", points, c -> index.countCovering(c, AT));
            Result evaluate = measure("engine: full evaluation", points, c -> index.evaluate(point(c), 25, AT, 5000).size());
            try (Connection c = DriverManager.getConnection(url, user, password)) {
                checkSameAnswers(c, index, points);
                Result pgContain = postgis(c, "PostGIS: point in zone", points, postgisQueries,
                        "SELECT count(*) FROM zone_version v WHERE ST_Intersects(v.geom, ST_SetSRID(ST_MakePoint(?, ?), 4326))"
                                + " AND v.valid_from <= ? AND (v.valid_to IS NULL OR v.valid_to > ?)");
                Result pgEvaluate = postgis(c, "PostGIS: full evaluation", points, postgisQueries / 5,
                        "WITH p AS (SELECT ST_SetSRID(ST_MakePoint(?, ?), 4326) AS g) SELECT v.zone_id, v.version,"
                                + " ST_Covers(v.geom, p.g) AS inside, ST_Distance(CASE WHEN ST_Covers(v.geom, p.g)"
                                + " THEN ST_Boundary(v.geom)::geography ELSE v.geog END, p.g::geography) AS distance_m"
                                + " FROM zone_version v, p WHERE ST_DWithin(v.geog, p.g::geography, 5025)"
                                + " AND v.valid_from <= ? AND (v.valid_to IS NULL OR v.valid_to > ?)");
                System.out.println();
                System.out.println("| measurement | per second (1 thread / 1 client) | µs each |");
                System.out.println("|---|---:|---:|");
                for (Result r : List.of(contain, pgContain, evaluate, pgEvaluate)) {
                    System.out.printf(Locale.ROOT, "| %s | %,.0f | %.2f |%n", r.name, r.perSecond(), 1e6 / r.perSecond());
                }
                System.out.printf(Locale.ROOT, "%nratio point in zone: engine %.0f× PostGIS; full evaluation: engine %.0f× PostGIS%n",
                        contain.perSecond() / pgContain.perSecond(), evaluate.perSecond() / pgEvaluate.perSecond());
                Result revision = postgis(c, "PostGIS: zone_revision check", points, postgisQueries,
                        "SELECT revision FROM zone_revision WHERE ? IS NOT NULL AND ? IS NOT NULL AND ? IS NOT NULL"
                                + " AND ? IS NOT NULL");
                System.out.printf(Locale.ROOT, "| the service's per-report revision check (one PK row) | %,.0f | %.2f |%n",
                        revision.perSecond(), 1e6 / revision.perSecond());
                try (ResultSet rs = c.createStatement().executeQuery("SELECT version(), postgis_lib_version()")) {
                    rs.next();
                    System.out.println("database: " + rs.getString(1).split(",")[0] + "; " + "PostGIS " + rs.getString(2));
                }
            }
        } finally {
            if (pg != null) {
                pg.close();
            }
        }
    }

    record Result(String name, long count, double seconds, long candidates) {
        double perSecond() {
            return count / seconds;
        }
    }

    interface Work {
        int run(Coordinate c);
    }

    /** Warms up for 2 s, then runs through the points for at least 3 s on this one thread. */
    static Result measure(String name, Coordinate[] points, Work work) {
        long sink = 0;
        long end = System.nanoTime() + 2_000_000_000L;
        for (int i = 0; System.nanoTime() < end; i++) {
            sink += work.run(points[i % points.length]);
        }
        long count = 0;
        long start = System.nanoTime();
        long stop = start + 3_000_000_000L;
        while (System.nanoTime() < stop) {
            for (int i = 0; i < 10_000; i++) {
                sink += work.run(points[(int) (count++ % points.length)]);
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "%s: %,.0f per second (sink %d)%n", name, count / seconds, sink);
        return new Result(name, count, seconds, sink);
    }

    static Result postgis(Connection c, String name, Coordinate[] points, int n, String sql) throws Exception {
        OffsetDateTime at = OffsetDateTime.ofInstant(AT, ZoneOffset.UTC);
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            long rows = 0;
            for (int pass = 0; pass < 2; pass++) {  // pass 0 warms up the plan cache and buffers
                long start = System.nanoTime();
                int count = pass == 0 ? Math.min(n, 500) : n;
                for (int i = 0; i < count; i++) {
                    Coordinate p = points[(pass * 7919 + i) % points.length];
                    ps.setDouble(1, p.x);
                    ps.setDouble(2, p.y);
                    ps.setObject(3, at);
                    ps.setObject(4, at);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            rows++;
                        }
                    }
                }
                if (pass == 1) {
                    double seconds = (System.nanoTime() - start) / 1e9;
                    System.out.printf(Locale.ROOT, "%s: %,.0f per second (%d queries, %d rows)%n", name, count / seconds, count, rows);
                    return new Result(name, count, seconds, rows);
                }
            }
        }
        throw new IllegalStateException();
    }

    /** The engine and PostGIS must count the same covering zones: a fast wrong answer is no answer. */
    static void checkSameAnswers(Connection c, ZoneIndex index, Coordinate[] points) throws Exception {
        try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM zone_version v"
                + " WHERE ST_Covers(v.geom, ST_SetSRID(ST_MakePoint(?, ?), 4326))")) {
            int inside = 0;
            for (int i = 0; i < 2000; i++) {
                ps.setDouble(1, points[i].x);
                ps.setDouble(2, points[i].y);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    int expected = rs.getInt(1);
                    int actual = index.countCovering(points[i], AT);
                    if (expected != actual) {
                        throw new IllegalStateException("point " + points[i] + ": PostGIS " + expected + ", engine " + actual);
                    }
                    inside += actual > 0 ? 1 : 0;
                }
            }
            System.out.printf("answers checked on 2000 points: same counts (%d points inside a zone)%n", inside);
        }
    }

    static Point point(Coordinate c) {
        return Wgs84.FACTORY.createPoint(c);
    }

    /** 1,000 star-shaped zones: 90% 1-5 km across, 10% 10-25 km, 200 vertices each. */
    static byte[] zonesFile(Random random, int zones, int vertices) {
        StringBuilder json = new StringBuilder("{\"type\":\"FeatureCollection\",\"features\":[");
        for (int z = 0; z < zones; z++) {
            double lon = WEST + random.nextDouble() * (EAST - WEST);
            double lat = SOUTH + random.nextDouble() * (NORTH - SOUTH);
            double radius = z % 10 == 0 ? 5000 + random.nextDouble() * 7500 : 500 + random.nextDouble() * 2000;
            StringBuilder ring = new StringBuilder();
            double[] first = null;
            for (int i = 0; i < vertices - 1; i++) {
                double r = radius * (0.8 + 0.4 * random.nextDouble());
                double[] p = Geodesy.destination(lon, lat, 360.0 * i / (vertices - 1), r);
                first = first == null ? p : first;
                ring.append(String.format(Locale.ROOT, "[%.7f,%.7f],", p[0], p[1]));
            }
            ring.append(String.format(Locale.ROOT, "[%.7f,%.7f]", first[0], first[1]));
            json.append(z == 0 ? "" : ",").append("{\"type\":\"Feature\",\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[")
                    .append(ring).append("]]},\"properties\":{\"code\":\"bench-").append(z)
                    .append("\",\"type\":\"buffer_zone\",\"name\":{\"en\":\"Bench ").append(z).append("\"}}}");
        }
        return json.append("]}").toString().getBytes(StandardCharsets.UTF_8);
    }
}
