package org.trucewatch.gis.cql2;

import java.util.List;
import org.trucewatch.problem.FieldError;
import org.trucewatch.problem.ProblemException;
import org.trucewatch.problem.ProblemType;

/**
 * The one way a filter is refused: 400 {@code invalid-parameter} naming the parameter
 * ({@code filter}, {@code filter-lang} or {@code filter-crs}) and, for the filter itself, where
 * in it the fault is: {@code position}, the character offset from 0 (cql2-text), or
 * {@code pointer}, a JSON pointer into the filter (cql2-json).
 */
final class Cql2Problems {
    static final String FILTER = "filter";

    private Cql2Problems() {
    }

    static ProblemException at(Cql2.At at, String detail) {
        String where = at.position() != null ? " (at character " + at.position() + ")"
                : at.pointer() != null ? " (at " + (at.pointer().isEmpty() ? "the top" : at.pointer()) + ")" : "";
        return new ProblemException(ProblemType.INVALID_PARAMETER, "Query parameter 'filter': " + detail + where,
                List.of(FieldError.inParameter(FILTER, at.pointer(), at.position(), detail)));
    }
}
