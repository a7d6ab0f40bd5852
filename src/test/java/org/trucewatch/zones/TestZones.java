package org.trucewatch.zones;

import org.trucewatch.zones.model.ZoneType;
import org.trucewatch.zones.model.ZoneVersion;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.UUID;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKTReader;
import org.trucewatch.geo.Geodesy;
import org.trucewatch.geo.GreatCircleDensifier;
import org.trucewatch.geo.Wgs84;

/** Builds in-memory zone versions for engine tests: valid since 2020, densified like an import. */
public final class TestZones {
    public static final ObjectMapper JSON = new ObjectMapper();
    public static final Instant SINCE = Instant.parse("2020-01-01T00:00:00Z");

    private TestZones() {
    }

    public static Geometry wkt(String wkt) {
        try {
            return new WKTReader(Wgs84.FACTORY).read(wkt);
        } catch (ParseException e) {
            throw new IllegalArgumentException(wkt, e);
        }
    }

    public static ZoneVersion zone(String code, ZoneType type, String wkt, String propertiesJson) {
        return zone(code, type, wkt, propertiesJson, SINCE, null, 1);
    }

    public static ZoneVersion zone(String code, ZoneType type, String wkt, String propertiesJson, Instant from, Instant to,
                            int version) {
        try {
            ObjectNode name = JSON.createObjectNode().put("en", code);
            ObjectNode properties = (ObjectNode) JSON.readTree(propertiesJson);
            Geometry geometry = GreatCircleDensifier.densify(wkt(wkt));
            return new ZoneVersion(UUID.nameUUIDFromBytes(code.getBytes()), code, type, "test", null, version, name,
                    properties, geometry, from, to, from);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(propertiesJson, e);
        }
    }

    /** The position {@code metres} from (lon, lat) along the azimuth, as WKT. */
    public static String pointFrom(double lon, double lat, double azimuth, double metres) {
        double[] p = Geodesy.destination(lon, lat, azimuth, metres);
        return "POINT (" + p[0] + " " + p[1] + ")";
    }
}
