package org.trucewatch.access;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * A piece of SQL written by the access policy with its bind values in order. Values are
 * strings or {@code String[]} (bound as {@code text[]}); the text holds only the policy's own
 * constants and {@code ?} placeholders, never input.
 */
public record SqlFragment(String sql, List<Object> binds) {
    static final SqlFragment FALSE = new SqlFragment("FALSE", List.of());

    public SqlFragment {
        binds = List.copyOf(binds);
    }

    static SqlFragment of(String sql, Object... binds) {
        return new SqlFragment(sql, List.of(binds));
    }

    static String[] array(Collection<String> values) {
        return values.toArray(String[]::new);
    }

    /** The disjunction of the parts (FALSE when there are none). */
    static SqlFragment anyOf(List<SqlFragment> parts) {
        if (parts.isEmpty()) {
            return FALSE;
        }
        StringBuilder sql = new StringBuilder("(");
        List<Object> binds = new ArrayList<>();
        for (SqlFragment p : parts) {
            if (sql.length() > 1) {
                sql.append(" OR ");
            }
            sql.append('(').append(p.sql).append(')');
            binds.addAll(p.binds);
        }
        return new SqlFragment(sql.append(')').toString(), binds);
    }

    /** This fragment followed by {@code text} and then {@code other}. */
    SqlFragment then(String text, SqlFragment other) {
        List<Object> all = new ArrayList<>(binds);
        all.addAll(other.binds);
        return new SqlFragment(sql + text + other.sql, all);
    }

    SqlFragment wrap(String before, String after) {
        return new SqlFragment(before + sql + after, binds);
    }

    /** Binds the values from parameter {@code first} on; returns the next free index. */
    public int bind(java.sql.PreparedStatement ps, int first) throws java.sql.SQLException {
        int i = first;
        for (Object value : binds) {
            if (value instanceof String[] array) {
                ps.setArray(i++, ps.getConnection().createArrayOf("text", array));
            } else {
                ps.setObject(i++, value);
            }
        }
        return i;
    }
}
