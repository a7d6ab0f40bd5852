package org.trucewatch.gis;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One layer's SQL, as {@link LayerRepository} runs it over the layer's read model (a view its
 * owning package defines): the attributes read with the geometry column {@code geom}, the key
 * that orders pages (and cursors carry), the condition finding one feature by its id, the
 * property filters (name → column, in the order they are offered) and how rows sit in time.
 * Every text is a constant of the layer; values are only ever bound.
 */
record LayerSql(String attributes, String key, String findBy, Map<String, String> filterColumns, LayerTime time) {

    LayerSql {
        filterColumns = Collections.unmodifiableMap(new LinkedHashMap<>(filterColumns));
    }

    /** Property filters in order: name, column, name, column, … */
    static Map<String, String> filters(String... nameThenColumn) {
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < nameThenColumn.length; i += 2) {
            out.put(nameThenColumn[i], nameThenColumn[i + 1]);
        }
        return out;
    }

    List<String> filterNames() {
        return List.copyOf(filterColumns.keySet());
    }
}
