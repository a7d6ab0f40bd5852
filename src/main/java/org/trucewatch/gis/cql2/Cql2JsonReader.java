package org.trucewatch.gis.cql2;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.geojson.GeoJsonReader;

/**
 * Reads the cql2-json encoding (OGC 21-065r2 §8, its JSON schema) into {@link Cql2} records,
 * with Jackson (the project's JSON library) for the document and JTS for GeoJSON geometry
 * literals. Faults point at their place with a JSON pointer into the filter.
 */
public final class Cql2JsonReader {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> COMPARISON = Set.of("=", "<>", "<", ">", "<=", ">=");
    private static final Set<String> GEOJSON = Set.of("Point", "LineString", "Polygon", "MultiPoint", "MultiLineString",
            "MultiPolygon", "GeometryCollection");

    private Cql2JsonReader() {
    }

    public static Cql2.Expression read(String text) {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            long offset = e.getLocation() == null ? 0 : Math.max(0, e.getLocation().getCharOffset());
            throw Cql2Problems.at(Cql2.At.offset((int) Math.min(offset, text.length())),
                    "not well-formed JSON: " + e.getOriginalMessage());
        }
        if (root == null) {
            throw Cql2Problems.at(Cql2.At.pointer(""), "is empty");
        }
        return expression(root, "");
    }

    private static Cql2.Expression expression(JsonNode node, String pointer) {
        Cql2.At at = Cql2.At.pointer(pointer);
        if (node.isBoolean()) {
            return new Cql2.Literal(node.booleanValue());
        }
        if (!node.isObject() || !node.path("op").isTextual() || !node.path("args").isArray()) {
            throw Cql2Problems.at(at, "expected a boolean expression: {\"op\": …, \"args\": […]} or true/false");
        }
        String op = node.get("op").asText();
        String lower = op.toLowerCase(Locale.ROOT);
        JsonNode args = node.get("args");
        String argsAt = pointer + "/args";
        switch (lower) {
            case "and", "or" -> {
                if (args.size() < 2) {
                    throw Cql2Problems.at(Cql2.At.pointer(argsAt), "'" + op + "' takes two or more expressions");
                }
                List<Cql2.Expression> list = new ArrayList<>();
                for (int i = 0; i < args.size(); i++) {
                    list.add(expression(args.get(i), argsAt + "/" + i));
                }
                return lower.equals("and") ? new Cql2.And(list) : new Cql2.Or(list);
            }
            case "not" -> {
                arity(args, 1, op, argsAt);
                return new Cql2.Not(expression(args.get(0), argsAt + "/0"));
            }
            case "like" -> {
                arity(args, 2, op, argsAt);
                return new Cql2.Like(operand(args.get(0), argsAt + "/0"), operand(args.get(1), argsAt + "/1"));
            }
            case "between" -> {
                arity(args, 3, op, argsAt);
                return new Cql2.Between(operand(args.get(0), argsAt + "/0"), operand(args.get(1), argsAt + "/1"),
                        operand(args.get(2), argsAt + "/2"));
            }
            case "in" -> {
                arity(args, 2, op, argsAt);
                JsonNode list = args.get(1);
                if (!list.isArray() || list.isEmpty()) {
                    throw Cql2Problems.at(Cql2.At.pointer(argsAt + "/1"), "'in' takes a non-empty list of values");
                }
                List<Cql2.Operand> values = new ArrayList<>();
                for (int i = 0; i < list.size(); i++) {
                    values.add(operand(list.get(i), argsAt + "/1/" + i));
                }
                return new Cql2.In(operand(args.get(0), argsAt + "/0"), values);
            }
            case "isnull" -> {
                arity(args, 1, op, argsAt);
                return new Cql2.IsNull(operand(args.get(0), argsAt + "/0"));
            }
            default -> {
                if (COMPARISON.contains(op)) {
                    arity(args, 2, op, argsAt);
                    return new Cql2.Comparison(op, operand(args.get(0), argsAt + "/0"), operand(args.get(1), argsAt + "/1"));
                }
                if (Cql2.SPATIAL.contains(lower)) {
                    boolean dwithin = lower.equals("s_dwithin");
                    arity(args, dwithin ? 3 : 2, op, argsAt);
                    return new Cql2.Spatial(lower, operand(args.get(0), argsAt + "/0"), operand(args.get(1), argsAt + "/1"),
                            dwithin ? operand(args.get(2), argsAt + "/2") : null, at);
                }
                if (Cql2.ARRAY.contains(lower)) {
                    arity(args, 2, op, argsAt);
                    return new Cql2.ArrayPredicate(lower, operand(args.get(0), argsAt + "/0"), operand(args.get(1), argsAt + "/1"),
                            at);
                }
                if (Cql2.TEMPORAL.contains(lower)) {
                    arity(args, 2, op, argsAt);
                    return new Cql2.Temporal(lower, operand(args.get(0), argsAt + "/0"), operand(args.get(1), argsAt + "/1"),
                            at);
                }
                throw Cql2Problems.at(Cql2.At.pointer(pointer + "/op"), "operator '" + op + "' is not supported");
            }
        }
    }

    private static void arity(JsonNode args, int n, String op, String pointer) {
        if (args.size() != n) {
            throw Cql2Problems.at(Cql2.At.pointer(pointer), "'" + op + "' takes " + n + " argument" + (n == 1 ? "" : "s"));
        }
    }

    private static Cql2.Operand operand(JsonNode node, String pointer) {
        Cql2.At at = Cql2.At.pointer(pointer);
        if (node.isTextual()) {
            return new Cql2.Text(node.asText(), at);
        }
        if (node.isNumber()) {
            return new Cql2.Number(node.decimalValue(), at);
        }
        if (node.isBoolean()) {
            return new Cql2.Bool(node.booleanValue(), at);
        }
        if (node.isArray()) {
            List<Cql2.Operand> items = new ArrayList<>();
            for (int i = 0; i < node.size(); i++) {
                items.add(operand(node.get(i), pointer + "/" + i));
            }
            return new Cql2.ArrayLiteral(items, at);
        }
        if (node.isObject()) {
            if (node.has("property") && node.get("property").isTextual()) {
                return new Cql2.Property(node.get("property").asText(), at);
            }
            if (node.has("date") && node.get("date").isTextual()) {
                return Cql2Values.date(node.get("date").asText(), at);
            }
            if (node.has("timestamp") && node.get("timestamp").isTextual()) {
                return Cql2Values.timestamp(node.get("timestamp").asText(), at);
            }
            if (node.has("interval") && node.get("interval").isArray() && node.get("interval").size() == 2) {
                JsonNode ends = node.get("interval");
                return new Cql2.Interval(end(ends.get(0), pointer + "/interval/0"), end(ends.get(1), pointer + "/interval/1"), at);
            }
            if (node.has("bbox") && node.get("bbox").isArray()) {
                JsonNode box = node.get("bbox");
                double[] v = new double[box.size()];
                for (int i = 0; i < v.length; i++) {
                    if (!box.get(i).isNumber()) {
                        throw Cql2Problems.at(Cql2.At.pointer(pointer + "/bbox/" + i), "a bbox holds numbers");
                    }
                    v[i] = box.get(i).doubleValue();
                }
                return new Cql2.Shape(Cql2Values.bbox(v, at), at);
            }
            if (node.path("type").isTextual() && GEOJSON.contains(node.get("type").asText())) {
                return new Cql2.Shape(geoJson(node, at), at);
            }
        }
        throw Cql2Problems.at(at, "expected a value: a string, number, boolean, array, {\"property\"}, {\"date\"}, "
                + "{\"timestamp\"}, {\"interval\"}, {\"bbox\"} or a GeoJSON geometry");
    }

    /** An interval's end: '..' (open), a date or timestamp string, or a property or instant object. */
    private static Cql2.Operand end(JsonNode node, String pointer) {
        Cql2.At at = Cql2.At.pointer(pointer);
        if (node.isTextual()) {
            return Cql2Values.instantString(node.asText(), at);
        }
        Cql2.Operand o = operand(node, pointer);
        if (o instanceof Cql2.Property || o instanceof Cql2.Time) {
            return o;
        }
        throw Cql2Problems.at(at, "an interval's end is '..', a date, a timestamp or a property");
    }

    private static Geometry geoJson(JsonNode node, Cql2.At at) {
        try {
            return new GeoJsonReader().read(node.toString());
        } catch (ParseException | RuntimeException e) {
            throw Cql2Problems.at(at, "not a valid GeoJSON geometry: " + e.getMessage());
        }
    }

    static {
        JSON.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(100).build());
    }
}
