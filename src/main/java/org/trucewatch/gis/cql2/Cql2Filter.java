package org.trucewatch.gis.cql2;

import java.util.List;

/**
 * A filter translated to SQL: one condition over the layer's FROM item whose every value is a
 * bind parameter ({@code binds}, in order). It is ANDed to the other conditions of the query,
 * inside the rows the caller may see.
 */
public record Cql2Filter(String sql, List<Object> binds) {
    public Cql2Filter {
        binds = List.copyOf(binds);
    }
}
