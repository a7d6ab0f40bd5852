package org.trucewatch.gis.cql2;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.locationtech.jts.geom.Geometry;

/**
 * A CQL2 filter (OGC 21-065r2) as read from either encoding, before it is checked against a
 * layer's queryables: boolean expressions over predicates, predicates over operands. Each
 * operand keeps where it was written ({@link At}), so that a problem can point at it.
 */
public final class Cql2 {
    private Cql2() {
    }

    /** Where something stands in the filter: a character offset (cql2-text) or a JSON pointer (cql2-json). */
    public record At(Integer position, String pointer) {
        public static At offset(int position) {
            return new At(position, null);
        }

        public static At pointer(String pointer) {
            return new At(null, pointer);
        }
    }

    /** A boolean-valued expression. */
    public sealed interface Expression permits And, Or, Not, Literal, Comparison, Like, Between, In, IsNull, Spatial,
            Temporal, ArrayPredicate {
    }

    public record And(List<Expression> args) implements Expression {
    }

    public record Or(List<Expression> args) implements Expression {
    }

    public record Not(Expression arg) implements Expression {
    }

    public record Literal(boolean value) implements Expression {
    }

    /** {@code op}: one of {@code = <> < > <= >=}. */
    public record Comparison(String op, Operand left, Operand right) implements Expression {
    }

    public record Like(Operand value, Operand pattern) implements Expression {
    }

    public record Between(Operand value, Operand low, Operand high) implements Expression {
    }

    public record In(Operand value, List<Operand> list) implements Expression {
    }

    public record IsNull(Operand value) implements Expression {
    }

    /** {@code op} lower case, e.g. {@code s_intersects}; {@code distance} only for {@code s_dwithin} (metres). */
    public record Spatial(String op, Operand left, Operand right, Operand distance, At at) implements Expression {
    }

    /** {@code op} lower case, e.g. {@code t_intersects}. */
    public record Temporal(String op, Operand left, Operand right, At at) implements Expression {
    }

    /** {@code op} lower case, e.g. {@code a_contains}; each side an array property or an {@link ArrayLiteral}. */
    public record ArrayPredicate(String op, Operand left, Operand right, At at) implements Expression {
    }

    /** A value: a property, a literal, or an interval or array of them. */
    public sealed interface Operand permits Property, Text, Number, Bool, Time, Interval, Shape, Open, ArrayLiteral {
        At at();
    }

    public record Property(String name, At at) implements Operand {
    }

    public record Text(String value, At at) implements Operand {
    }

    public record Number(BigDecimal value, At at) implements Operand {
    }

    public record Bool(boolean value, At at) implements Operand {
    }

    /** {@code DATE('…')} (date set, instant null) or {@code TIMESTAMP('…')} (instant set). */
    public record Time(LocalDate date, Instant instant, At at) implements Operand {
    }

    /** {@code INTERVAL(start, end)}: each a {@link Time}, a {@link Property} or {@link Open}. */
    public record Interval(Operand start, Operand end, At at) implements Operand {
    }

    /** The open end of an interval, {@code '..'}. */
    public record Open(At at) implements Operand {
    }

    /** An array literal, {@code ('a', 'b')} in cql2-text, {@code ["a", "b"]} in cql2-json. */
    public record ArrayLiteral(List<Operand> items, At at) implements Operand {
        public ArrayLiteral {
            items = List.copyOf(items);
        }
    }

    /** A geometry literal (WKT, GeoJSON or a bbox), axes as written (the filter CRS's order). */
    public record Shape(Geometry geometry, At at) implements Operand {
    }

    /** The spatial operators served (all of "spatial-functions", and the extension {@code s_dwithin}). */
    public static final List<String> SPATIAL = List.of("s_intersects", "s_equals", "s_disjoint", "s_touches", "s_within",
            "s_overlaps", "s_crosses", "s_contains", "s_dwithin");

    /** The array operators served ("array-functions"), lower case (cql2-json writes {@code a_containedBy}). */
    public static final List<String> ARRAY = List.of("a_equals", "a_contains", "a_containedby", "a_overlaps");

    /** The temporal operators served ("temporal-functions"). */
    public static final List<String> TEMPORAL = List.of("t_after", "t_before", "t_contains", "t_disjoint", "t_during",
            "t_equals", "t_finishedby", "t_finishes", "t_intersects", "t_meets", "t_metby", "t_overlappedby",
            "t_overlaps", "t_startedby", "t_starts");
}
