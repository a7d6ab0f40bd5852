package org.trucewatch.gis.cql2;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.locationtech.jts.geom.CoordinateFilter;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.WKTWriter;
import org.locationtech.jts.operation.valid.IsValidOp;
import org.locationtech.jts.operation.valid.TopologyValidationError;

/**
 * Translates a {@link Cql2} filter into one SQL condition over a layer's queryables. Property
 * names become the queryable's column expression (a constant of the layer); everything the
 * request wrote (strings, numbers, times, geometries, distances) becomes a bind parameter.
 * A property that is not a queryable for this reader is refused exactly like one that does
 * not exist, so a hidden field cannot be probed.
 *
 * <p>Semantics: SQL's three-valued logic (a comparison with a null property matches nothing,
 * also under NOT); a DATE compared with a timestamp property compares the property's UTC date;
 * temporal operators treat an instant as a zero-length interval and a date as the whole UTC
 * day; spatial operators are PostGIS's on the geometry in CRS84, except {@code S_DWITHIN},
 * whose distance is in metres on the WGS 84 spheroid (geography); array operators compare the
 * arrays as sets of text codes (PostgreSQL's {@code @>}, {@code <@}, {@code &&}), and an array
 * property compares in nothing else (it may be tested with {@code IS NULL}: none).
 */
public final class Cql2Sql {
    private static final Set<String> COMPARISON = Set.of("=", "<>", "<", ">", "<=", ">=");
    private static final Map<String, String> SPATIAL = Map.of("s_intersects", "ST_Intersects", "s_equals", "ST_Equals",
            "s_disjoint", "ST_Disjoint", "s_touches", "ST_Touches", "s_within", "ST_Within", "s_overlaps", "ST_Overlaps",
            "s_crosses", "ST_Crosses", "s_contains", "ST_Contains");
    /** Allen's relations over closed intervals [a0, a1] and [b0, b1] (OGC 21-065r2 §6.4.5, Table 5). */
    private static final Map<String, String> TEMPORAL = Map.ofEntries(
            Map.entry("t_after", "a0 > b1"), Map.entry("t_before", "a1 < b0"),
            Map.entry("t_contains", "a0 < b0 AND a1 > b1"), Map.entry("t_disjoint", "(a0 > b1 OR a1 < b0)"),
            Map.entry("t_during", "a0 > b0 AND a1 < b1"), Map.entry("t_equals", "a0 = b0 AND a1 = b1"),
            Map.entry("t_finishedby", "a0 < b0 AND a1 = b1"), Map.entry("t_finishes", "a0 > b0 AND a1 = b1"),
            Map.entry("t_intersects", "a0 <= b1 AND a1 >= b0"), Map.entry("t_meets", "a1 = b0"),
            Map.entry("t_metby", "a0 = b1"), Map.entry("t_overlappedby", "b0 < a0 AND b1 > a0 AND b1 < a1"),
            Map.entry("t_overlaps", "a0 < b0 AND a1 > b0 AND a1 < b1"), Map.entry("t_startedby", "a0 = b0 AND a1 > b1"),
            Map.entry("t_starts", "a0 = b0 AND a1 < b1"));
    private static final int MAX_DIGITS = 300;
    private static final double CRS84_LIMIT_X = 180;
    private static final double CRS84_LIMIT_Y = 90;
    /** EPSG:3857's extent: ±π·6378137 m on both axes (the y limit is latitude ±85.0511°). */
    private static final double MERCATOR_LIMIT = 20_037_508.3428;

    /** What an SQL value is, to refuse comparing apples with pears before PostgreSQL does. */
    private enum Kind { STRING, NUMBER, BOOLEAN, DATETIME, DATE, GEOMETRY, ARRAY }

    /** A piece of SQL with its bind values in order. */
    private record Sql(String text, List<Object> binds, Kind kind) {
        static Sql of(String text, Kind kind, Object... binds) {
            return new Sql(text, List.of(binds), kind);
        }
    }

    private final String layer;
    private final Map<String, Queryable> queryables = new LinkedHashMap<>();
    private final int srid;
    private final boolean latitudeFirst;

    private Cql2Sql(String layer, List<Queryable> queryables, int srid, boolean latitudeFirst) {
        this.layer = layer;
        queryables.forEach(q -> this.queryables.put(q.name(), q));
        this.srid = srid;
        this.latitudeFirst = latitudeFirst;
    }

    /**
     * The filter as SQL over {@code layer}'s {@code queryables} (those of this reader). Geometry
     * literals are in the filter CRS {@code srid}, axes in its order ({@code latitudeFirst}).
     */
    public static Cql2Filter translate(Cql2.Expression filter, String layer, List<Queryable> queryables, int srid,
                                       boolean latitudeFirst) {
        Sql sql = new Cql2Sql(layer, queryables, srid, latitudeFirst).expression(filter);
        return new Cql2Filter(sql.text(), sql.binds());
    }

    private Sql expression(Cql2.Expression e) {
        if (e instanceof Cql2.And and) {
            return join(and.args(), " AND ");
        }
        if (e instanceof Cql2.Or or) {
            return join(or.args(), " OR ");
        }
        if (e instanceof Cql2.Not not) {
            Sql inner = expression(not.arg());
            return new Sql("(NOT " + inner.text() + ")", inner.binds(), Kind.BOOLEAN);
        }
        if (e instanceof Cql2.Literal literal) {
            return Sql.of(literal.value() ? "TRUE" : "FALSE", Kind.BOOLEAN);
        }
        if (e instanceof Cql2.Comparison c) {
            return comparison(c);
        }
        if (e instanceof Cql2.Like like) {
            Sql value = scalar(like.value());
            Sql pattern = scalar(like.pattern());
            require(value, like.value(), Kind.STRING, "LIKE compares text");
            if (!(like.pattern() instanceof Cql2.Text)) {
                throw Cql2Problems.at(like.pattern().at(), "the pattern of LIKE is a text literal");
            }
            return combine(Kind.BOOLEAN, "(", value, " LIKE ", pattern, ")");
        }
        if (e instanceof Cql2.Between between) {
            Sql value = scalar(between.value());
            Sql low = scalar(between.low());
            Sql high = scalar(between.high());
            require(value, between.value(), Kind.NUMBER, "BETWEEN compares numbers");
            require(low, between.low(), Kind.NUMBER, "BETWEEN compares numbers");
            require(high, between.high(), Kind.NUMBER, "BETWEEN compares numbers");
            return combine(Kind.BOOLEAN, "(", value, " BETWEEN ", low, " AND ", high, ")");
        }
        if (e instanceof Cql2.In in) {
            Sql value = notArray(scalar(in.value()), in.value());
            List<Object> parts = new ArrayList<>(List.of("(", value, " IN ("));
            for (int i = 0; i < in.list().size(); i++) {
                Cql2.Operand item = in.list().get(i);
                Sql sql = comparable(value, in.value(), scalar(item), item);
                parts.add(i == 0 ? "" : ", ");
                parts.add(sql);
            }
            parts.add("))");
            return combine(Kind.BOOLEAN, parts.toArray());
        }
        if (e instanceof Cql2.IsNull isNull) {
            Cql2.Operand o = isNull.value();
            Sql value = o instanceof Cql2.Shape ? geometry(o) : scalar(o);
            return combine(Kind.BOOLEAN, "(", value, " IS NULL)");
        }
        if (e instanceof Cql2.Spatial s) {
            return spatial(s);
        }
        if (e instanceof Cql2.ArrayPredicate a) {
            return array(a);
        }
        return temporal((Cql2.Temporal) e);
    }

    private Sql join(List<Cql2.Expression> args, String operator) {
        List<Object> parts = new ArrayList<>();
        parts.add("(");
        for (int i = 0; i < args.size(); i++) {
            parts.add(i == 0 ? "" : operator);
            parts.add(expression(args.get(i)));
        }
        parts.add(")");
        return combine(Kind.BOOLEAN, parts.toArray());
    }

    private Sql comparison(Cql2.Comparison c) {
        if (!COMPARISON.contains(c.op())) {
            throw Cql2Problems.at(c.left().at(), "'" + c.op() + "' is not a comparison operator");
        }
        Sql left = notArray(scalar(c.left()), c.left());
        Sql right = comparable(left, c.left(), scalar(c.right()), c.right());
        if (left.kind() == Kind.BOOLEAN && !Set.of("=", "<>").contains(c.op())) {
            throw Cql2Problems.at(c.left().at(), "booleans compare only with = and <>");
        }
        return combine(Kind.BOOLEAN, "(", dated(left, right), " " + c.op() + " ", dated(right, left), ")");
    }

    /** {@code right} when it compares with {@code left}; a problem at the right operand otherwise. */
    private static Sql comparable(Sql left, Cql2.Operand leftOperand, Sql right, Cql2.Operand rightOperand) {
        Set<Kind> times = Set.of(Kind.DATETIME, Kind.DATE);
        if (left.kind() == right.kind() || times.contains(left.kind()) && times.contains(right.kind())) {
            return right;
        }
        throw Cql2Problems.at(rightOperand.at(), "cannot compare " + name(left.kind()) + " (at " + where(leftOperand)
                + ") with " + name(right.kind()));
    }

    /** A timestamp compared with a date: the timestamp's date in UTC. */
    private static Sql dated(Sql sql, Sql other) {
        if (sql.kind() == Kind.DATETIME && other.kind() == Kind.DATE) {
            return new Sql("((" + sql.text() + ") AT TIME ZONE 'UTC')::date", sql.binds(), Kind.DATE);
        }
        return sql;
    }

    /** An array property is compared only by the array functions (or tested with IS NULL). */
    private static Sql notArray(Sql sql, Cql2.Operand operand) {
        if (sql.kind() == Kind.ARRAY) {
            throw Cql2Problems.at(operand.at(), "'" + ((Cql2.Property) operand).name() + "' is an array of codes: use "
                    + "A_CONTAINS, A_CONTAINEDBY, A_OVERLAPS or A_EQUALS");
        }
        return sql;
    }

    /** CQL2 21-065r2 §6.5 (array functions), over sets: A ⊇ B, A ⊆ B, A ∩ B ≠ ∅, A ⊇ B and A ⊆ B. */
    private Sql array(Cql2.ArrayPredicate a) {
        Sql left = arrayOperand(a.left());
        Sql right = arrayOperand(a.right());
        return switch (a.op()) {
            case "a_contains" -> combine(Kind.BOOLEAN, "(", left, " @> ", right, ")");
            case "a_containedby" -> combine(Kind.BOOLEAN, "(", left, " <@ ", right, ")");
            case "a_overlaps" -> combine(Kind.BOOLEAN, "(", left, " && ", right, ")");
            case "a_equals" -> combine(Kind.BOOLEAN, "(", left, " @> ", right, " AND ", left, " <@ ", right, ")");
            default -> throw Cql2Problems.at(a.at(), "'" + a.op() + "' is not an array operator");
        };
    }

    /** An array property, or an array literal of text codes (every array queryable holds text), as text[]. */
    private Sql arrayOperand(Cql2.Operand o) {
        if (o instanceof Cql2.Property p) {
            return property(p, Queryable.Type.ARRAY, Kind.ARRAY, "an array");
        }
        if (!(o instanceof Cql2.ArrayLiteral literal)) {
            throw Cql2Problems.at(o.at(), "expected an array: an array property or an array literal such as ('a', 'b')");
        }
        List<Object> parts = new ArrayList<>(List.of("CAST(ARRAY["));
        for (int i = 0; i < literal.items().size(); i++) {
            Cql2.Operand item = literal.items().get(i);
            if (!(item instanceof Cql2.Text)) {
                throw Cql2Problems.at(item.at(), "the arrays here hold text codes: write each as a string ('…')");
            }
            parts.add(i == 0 ? "" : ", ");
            parts.add(scalar(item));
        }
        parts.add("] AS text[])");
        return combine(Kind.ARRAY, parts.toArray());
    }

    private static void require(Sql sql, Cql2.Operand operand, Kind kind, String why) {
        if (sql.kind() != kind) {
            throw Cql2Problems.at(operand.at(), why + ", not " + name(sql.kind()));
        }
    }

    private Sql spatial(Cql2.Spatial s) {
        Sql left = geometry(s.left());
        Sql right = geometry(s.right());
        if (!"s_dwithin".equals(s.op())) {
            return combine(Kind.BOOLEAN, SPATIAL.get(s.op()) + "(", left, ", ", right, ")");
        }
        if (!(s.distance() instanceof Cql2.Number n) || n.value().signum() < 0) {
            throw Cql2Problems.at(s.distance() == null ? s.at() : s.distance().at(),
                    "the distance of S_DWITHIN is a number of metres, 0 or more");
        }
        return combine(Kind.BOOLEAN, "ST_DWithin((", left, ")::geography, (", right, ")::geography, ",
                Sql.of("?", Kind.NUMBER, number(n).doubleValue()), ")");
    }

    private Sql geometry(Cql2.Operand o) {
        if (o instanceof Cql2.Shape shape) {
            return shape(shape);
        }
        if (o instanceof Cql2.Property p) {
            return property(p, Queryable.Type.GEOMETRY, Kind.GEOMETRY, "a geometry");
        }
        throw Cql2Problems.at(o.at(), "expected a geometry: a geometry property or a geometry literal");
    }

    private Sql shape(Cql2.Shape shape) {
        Geometry g = shape.geometry().copy();
        if (latitudeFirst) {
            g.apply((CoordinateFilter) c -> {
                double x = c.x;
                c.x = c.y;
                c.y = x;
            });
            g.geometryChanged();
        }
        TopologyValidationError invalid = new IsValidOp(g).getValidationError();
        if (invalid != null) {
            throw Cql2Problems.at(shape.at(), "the geometry is not valid: " + invalid.getMessage());
        }
        Envelope e = g.getEnvelopeInternal();
        if (srid == 4326 && (e.getMinX() < -CRS84_LIMIT_X || e.getMaxX() > CRS84_LIMIT_X || e.getMinY() < -CRS84_LIMIT_Y
                || e.getMaxY() > CRS84_LIMIT_Y)) {
            throw Cql2Problems.at(shape.at(), "coordinates lie outside longitude -180..180, latitude -90..90"
                    + (latitudeFirst ? " (EPSG:4326: latitude first)" : " (CRS84: longitude first)"));
        }
        if (srid == 3857 && Math.max(Math.max(-e.getMinX(), e.getMaxX()), Math.max(-e.getMinY(), e.getMaxY())) > MERCATOR_LIMIT) {
            // PostGIS would wrap such coordinates round the globe rather than refuse them.
            throw Cql2Problems.at(shape.at(), "coordinates lie outside the Pseudo-Mercator extent (±" + MERCATOR_LIMIT + " m)");
        }
        String wkt = new WKTWriter(2).write(g);
        String sql = srid == 4326 ? "ST_GeomFromText(?, 4326)" : "ST_Transform(ST_GeomFromText(?, " + srid + "), 4326)";
        return Sql.of(sql, Kind.GEOMETRY, wkt);
    }

    private Sql temporal(Cql2.Temporal t) {
        String template = TEMPORAL.get(t.op());
        if (template == null) {
            throw Cql2Problems.at(t.at(), "'" + t.op() + "' is not a temporal operator");
        }
        Sql[] a = interval(t.left());
        Sql[] b = interval(t.right());
        List<Object> parts = new ArrayList<>();
        parts.add("(");
        int i = 0;
        while (i < template.length()) {
            char c = template.charAt(i);
            if ((c == 'a' || c == 'b') && i + 1 < template.length() && Character.isDigit(template.charAt(i + 1))) {
                Sql[] side = c == 'a' ? a : b;
                parts.add(side[template.charAt(i + 1) - '0']);
                i += 2;
            } else {
                parts.add(String.valueOf(c));
                i++;
            }
        }
        parts.add(")");
        return combine(Kind.BOOLEAN, parts.toArray());
    }

    /** A temporal operand as the start and end of a closed interval. */
    private Sql[] interval(Cql2.Operand o) {
        if (o instanceof Cql2.Interval interval) {
            return new Sql[] {end(interval.start(), true), end(interval.end(), false)};
        }
        if (o instanceof Cql2.Time || o instanceof Cql2.Property) {
            return new Sql[] {end(o, true), end(o, false)};
        }
        throw Cql2Problems.at(o.at(), "expected a time: a timestamp property, DATE, TIMESTAMP or INTERVAL");
    }

    private Sql end(Cql2.Operand o, boolean start) {
        if (o instanceof Cql2.Open) {
            return Sql.of(start ? "'-infinity'::timestamptz" : "'infinity'::timestamptz", Kind.DATETIME);
        }
        if (o instanceof Cql2.Time time) {
            OffsetDateTime at = time.instant() != null ? OffsetDateTime.ofInstant(time.instant(), ZoneOffset.UTC)
                    : start ? time.date().atStartOfDay().atOffset(ZoneOffset.UTC)
                    : time.date().plusDays(1).atStartOfDay().atOffset(ZoneOffset.UTC).minusNanos(1_000);
            return Sql.of("?", Kind.DATETIME, at);
        }
        if (o instanceof Cql2.Property p) {
            return property(p, Queryable.Type.DATETIME, Kind.DATETIME, "a time");
        }
        throw Cql2Problems.at(o.at(), "an interval's end is '..', a date, a timestamp or a time property");
    }

    private Sql scalar(Cql2.Operand o) {
        if (o instanceof Cql2.Property p) {
            Queryable q = queryable(p);
            Kind kind = switch (q.type()) {
                case STRING -> Kind.STRING;
                case INTEGER, NUMBER -> Kind.NUMBER;
                case DATETIME -> Kind.DATETIME;
                case ARRAY -> Kind.ARRAY;
                case GEOMETRY -> throw Cql2Problems.at(p.at(), "'" + p.name() + "' is a geometry: use a spatial function");
            };
            return Sql.of(q.column(), kind);
        }
        if (o instanceof Cql2.Text text) {
            if (text.value().chars().anyMatch(c -> c == 0)) {
                throw Cql2Problems.at(text.at(), "text holds no NUL character");
            }
            return Sql.of("?", Kind.STRING, text.value());
        }
        if (o instanceof Cql2.Number n) {
            return Sql.of("?", Kind.NUMBER, number(n));
        }
        if (o instanceof Cql2.Bool b) {
            return Sql.of("?", Kind.BOOLEAN, b.value());
        }
        if (o instanceof Cql2.Time time) {
            return time.instant() != null ? Sql.of("?", Kind.DATETIME, OffsetDateTime.ofInstant(time.instant(), ZoneOffset.UTC))
                    : Sql.of("?", Kind.DATE, (LocalDate) time.date());
        }
        if (o instanceof Cql2.Shape) {
            throw Cql2Problems.at(o.at(), "a geometry compares only in a spatial function");
        }
        if (o instanceof Cql2.ArrayLiteral) {
            throw Cql2Problems.at(o.at(), "an array compares only in an array function (A_CONTAINS, A_CONTAINEDBY, "
                    + "A_OVERLAPS, A_EQUALS)");
        }
        throw Cql2Problems.at(o.at(), "an interval compares only in a temporal function");
    }

    /** A number PostgreSQL's numeric and double precision hold: at most 300 digits either side of the point. */
    private static BigDecimal number(Cql2.Number n) {
        BigDecimal value = n.value();
        if (value.scale() > MAX_DIGITS || value.precision() - value.scale() > MAX_DIGITS) {
            throw Cql2Problems.at(n.at(), "the number is out of range");
        }
        return value;
    }

    /** A property that must be of {@code type} (a geometry, a time). */
    private Sql property(Cql2.Property p, Queryable.Type type, Kind kind, String what) {
        Queryable q = queryable(p);
        if (q.type() != type) {
            throw Cql2Problems.at(p.at(), "'" + p.name() + "' is not " + what);
        }
        return Sql.of(q.column(), kind);
    }

    private Queryable queryable(Cql2.Property p) {
        Queryable q = queryables.get(p.name());
        if (q == null) {
            throw Cql2Problems.at(p.at(), "'" + p.name() + "' is not a queryable of " + layer + "; queryables: "
                    + String.join(", ", queryables.keySet()));
        }
        return q;
    }

    private static Sql combine(Kind kind, Object... parts) {
        StringBuilder text = new StringBuilder();
        List<Object> binds = new ArrayList<>();
        for (Object part : parts) {
            if (part instanceof Sql sql) {
                text.append(sql.text());
                binds.addAll(sql.binds());
            } else {
                text.append(part);
            }
        }
        return new Sql(text.toString(), binds, kind);
    }

    private static String name(Kind kind) {
        return switch (kind) {
            case STRING -> "text";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case DATETIME -> "a timestamp";
            case DATE -> "a date";
            case GEOMETRY -> "a geometry";
            case ARRAY -> "an array";
        };
    }

    private static String where(Cql2.Operand o) {
        return o.at().position() != null ? "character " + o.at().position() : o.at().pointer();
    }
}
