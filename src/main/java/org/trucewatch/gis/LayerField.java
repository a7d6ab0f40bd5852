package org.trucewatch.gis;

/**
 * One attribute of a layer. {@code shortName} is the at most 10-character name the field
 * gets in a Shapefile's DBF table (dBASE III field names; the mapping is listed in docs/gis.md).
 */
public record LayerField(String name, Type type, String shortName, String title, int width) {

    /** The value types a layer attribute may have; values are String, Long, Double or OffsetDateTime. */
    public enum Type { STRING, INTEGER, DOUBLE, DATETIME }

    public LayerField {
        if (shortName.length() > 10) {
            throw new IllegalArgumentException("shapefile name of " + name + " is longer than 10: " + shortName);
        }
    }

    public static LayerField text(String name, String shortName, String title) {
        return new LayerField(name, Type.STRING, shortName, title, 80);
    }

    /** Free text; DBF truncates it at 254 bytes. */
    public static LayerField longText(String name, String shortName, String title) {
        return new LayerField(name, Type.STRING, shortName, title, 254);
    }

    public static LayerField integer(String name, String shortName, String title) {
        return new LayerField(name, Type.INTEGER, shortName, title, 0);
    }

    public static LayerField decimal(String name, String shortName, String title) {
        return new LayerField(name, Type.DOUBLE, shortName, title, 0);
    }

    public static LayerField time(String name, String shortName, String title) {
        return new LayerField(name, Type.DATETIME, shortName, title, 0);
    }

    /**
     * The schema one reader gets: every field, less the confidential ones (the access policy's
     * names) for a reader who may never see a record in full, so their files lack the columns.
     */
    static java.util.List<LayerField> schema(java.util.List<LayerField> all, boolean mayEverSeeFull,
                                             java.util.Set<String> confidential) {
        return all.stream().filter(f -> mayEverSeeFull || !confidential.contains(f.name())).toList();
    }
}
