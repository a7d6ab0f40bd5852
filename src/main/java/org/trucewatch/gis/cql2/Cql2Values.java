package org.trucewatch.gis.cql2;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Polygon;

/** Literals both encodings share: dates, timestamps, interval ends, bounding boxes. */
final class Cql2Values {
    private static final GeometryFactory FACTORY = new GeometryFactory();

    private Cql2Values() {
    }

    /** {@code DATE('2024-06-01')}: a full date (RFC 3339 full-date). */
    static Cql2.Time date(String raw, Cql2.At at) {
        try {
            return new Cql2.Time(inRange(LocalDate.parse(raw), at), null, at);
        } catch (DateTimeParseException e) {
            throw Cql2Problems.at(at, "'" + raw + "' is not a date (YYYY-MM-DD)");
        }
    }

    /** {@code TIMESTAMP('2024-06-01T10:00:00Z')}: an RFC 3339 date-time with its offset. */
    static Cql2.Time timestamp(String raw, Cql2.At at) {
        try {
            OffsetDateTime time = OffsetDateTime.parse(raw);
            inRange(time.toLocalDate(), at);
            Instant instant = time.toInstant();
            return new Cql2.Time(null, instant, at);
        } catch (DateTimeParseException e) {
            throw Cql2Problems.at(at, "'" + raw + "' is not a timestamp (YYYY-MM-DDThh:mm:ssZ)");
        }
    }

    /** Years 1 to 9999 (RFC 3339), well inside what PostgreSQL's timestamps hold. */
    private static LocalDate inRange(LocalDate date, Cql2.At at) {
        if (date.getYear() < 1 || date.getYear() > 9999) {
            throw Cql2Problems.at(at, "the year " + date.getYear() + " is outside 1 to 9999");
        }
        return date;
    }

    /** One end of an interval given as a string: {@code '..'} (open), a date or a timestamp. */
    static Cql2.Operand instantString(String raw, Cql2.At at) {
        if ("..".equals(raw)) {
            return new Cql2.Open(at);
        }
        return raw.length() == 10 ? date(raw, at) : timestamp(raw, at);
    }

    /**
     * A bbox (4 numbers: minx, miny, maxx, maxy; 6 with heights, which are dropped) as a
     * polygon; a box whose west edge lies east of its east edge crosses the antimeridian and
     * becomes two.
     */
    static Geometry bbox(double[] v, Cql2.At at) {
        if (v.length != 4 && v.length != 6) {
            throw Cql2Problems.at(at, "a bbox has 4 or 6 numbers");
        }
        int half = v.length / 2;
        double minX = v[0];
        double minY = v[1];
        double maxX = v[half];
        double maxY = v[half + 1];
        if (minY > maxY) {
            throw Cql2Problems.at(at, "a bbox's south edge lies north of its north edge");
        }
        if (minX > maxX) {
            return FACTORY.createMultiPolygon(new Polygon[] {box(minX, minY, 180, maxY), box(-180, minY, maxX, maxY)});
        }
        return box(minX, minY, maxX, maxY);
    }

    private static Polygon box(double minX, double minY, double maxX, double maxY) {
        Envelope e = new Envelope(minX, maxX, minY, maxY);
        return FACTORY.createPolygon(new Coordinate[] {new Coordinate(e.getMinX(), e.getMinY()),
                new Coordinate(e.getMaxX(), e.getMinY()), new Coordinate(e.getMaxX(), e.getMaxY()),
                new Coordinate(e.getMinX(), e.getMaxY()), new Coordinate(e.getMinX(), e.getMinY())});
    }
}
