package org.trucewatch.gis.cql2;

/**
 * One property a filter may name (OGC API Features Part 3 §6.2): its name as the features
 * carry it, its type, and the SQL expression it reads, a constant of the layer over the
 * layer's FROM item (never text from a request).
 */
public record Queryable(String name, Type type, String column, String title) {

    /**
     * The types a queryable may have; GEOMETRY is the feature's geometry, ARRAY an array of text
     * codes (a {@code text[]} column), tested with the array functions.
     */
    public enum Type { STRING, INTEGER, NUMBER, DATETIME, GEOMETRY, ARRAY }
}
