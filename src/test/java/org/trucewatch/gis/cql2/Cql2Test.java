package org.trucewatch.gis.cql2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.trucewatch.problem.FieldError;
import org.trucewatch.problem.ProblemException;
import org.trucewatch.problem.ProblemType;

/** The generated cql2-text parser, the cql2-json reader and the SQL translation, without a database. */
class Cql2Test {
    static final List<Queryable> QUERYABLES = List.of(
            new Queryable("geometry", Queryable.Type.GEOMETRY, "geom", "Geometry"),
            new Queryable("category", Queryable.Type.STRING, "category", "Category"),
            new Queryable("civiliansKilled", Queryable.Type.INTEGER, "civilians_killed", "Civilians killed"),
            new Queryable("observedAt", Queryable.Type.DATETIME, "observed_at", "Observed at"),
            new Queryable("observedUntil", Queryable.Type.DATETIME, "observed_until", "Observed until"),
            new Queryable("allegedParties", Queryable.Type.ARRAY, "alleged_parties", "Alleged parties"),
            new Queryable("zones", Queryable.Type.ARRAY, "zone_codes", "Zones"));

    static Cql2Filter text(String filter) {
        return Cql2Filters.parse(filter, null, 4326, false, "reports", QUERYABLES);
    }

    static Cql2Filter json(String filter) {
        return Cql2Filters.parse(filter, "cql2-json", 4326, false, "reports", QUERYABLES);
    }

    static FieldError error(Runnable run) {
        ProblemException e = catchThrowableOfType(run::run, ProblemException.class);
        assertThat(e).as("refused").isNotNull();
        assertThat(e.type()).isEqualTo(ProblemType.INVALID_PARAMETER);
        return e.errors().get(0);
    }

    @Test
    void aComparisonBindsItsLiteral() {
        Cql2Filter f = text("category = 'SHELLING'");
        assertThat(f.sql()).isEqualTo("(category = ?)");
        assertThat(f.binds()).containsExactly("SHELLING");
        assertThat(json("{\"op\":\"=\",\"args\":[{\"property\":\"category\"},\"SHELLING\"]}")).isEqualTo(f);
    }

    @Test
    void keywordsAreCaseInsensitiveAndPrecedenceIsAndBeforeOr() {
        Cql2Filter f = text("category = 'A' or civiliansKilled > 2 AnD NOT category IS NULL");
        assertThat(f.sql()).isEqualTo("((category = ?) OR ((civilians_killed > ?) AND (NOT (category IS NULL))))");
        assertThat(f.binds()).containsExactly("A", new BigDecimal("2"));
    }

    @Test
    void advancedComparisons() {
        assertThat(text("civiliansKilled BETWEEN 1 AND 5").sql()).isEqualTo("(civilians_killed BETWEEN ? AND ?)");
        assertThat(text("category NOT IN ('A', 'B')").sql()).isEqualTo("(NOT (category IN (?, ?)))");
        assertThat(text("category LIKE 'SH%'").binds()).containsExactly("SH%");
        assertThat(json("{\"op\":\"in\",\"args\":[{\"property\":\"category\"},[\"A\",\"B\"]]}").sql())
                .isEqualTo("(category IN (?, ?))");
    }

    @Test
    void injectedSqlStaysAValue() {
        Cql2Filter f = text("category = 'x''; DROP TABLE report; --'");
        assertThat(f.sql()).isEqualTo("(category = ?)");
        assertThat(f.binds()).containsExactly("x'; DROP TABLE report; --");
        assertThat(error(() -> text("\"category; DROP TABLE report\" = 'x'")).detail()).contains("is not a queryable");
    }

    @Test
    void spatialLiteralsAreBoundAsWktInCrs84AndDwithinIsGeography() {
        Cql2Filter f = text("S_INTERSECTS(geometry, POLYGON((35 33, 36 33, 36 34, 35 34, 35 33)))");
        assertThat(f.sql()).isEqualTo("ST_Intersects(geom, ST_GeomFromText(?, 4326))");
        assertThat(f.binds()).containsExactly("POLYGON ((35 33, 36 33, 36 34, 35 34, 35 33))");
        Cql2Filter d = text("S_DWITHIN(geometry, POINT(35.5 33.1), 1500)");
        assertThat(d.sql()).isEqualTo("ST_DWithin((geom)::geography, (ST_GeomFromText(?, 4326))::geography, ?)");
        assertThat(d.binds()).containsExactly("POINT (35.5 33.1)", 1500.0);
        Cql2Filter json = json("{\"op\":\"s_dwithin\",\"args\":[{\"property\":\"geometry\"},"
                + "{\"type\":\"Point\",\"coordinates\":[35.5,33.1]},1500]}");
        assertThat(json).isEqualTo(d);
        assertThat(text("S_WITHIN(geometry, BBOX(35, 33, 36, 34))").binds())
                .containsExactly("POLYGON ((35 33, 36 33, 36 34, 35 34, 35 33))");
    }

    @Test
    void epsg4326LiteralsAreLatitudeFirst() {
        Cql2Filter f = Cql2Filters.parse("S_INTERSECTS(geometry, POINT(33.1 35.5))", null, 4326, true, "reports", QUERYABLES);
        assertThat(f.binds()).containsExactly("POINT (35.5 33.1)");
        Cql2Filter m = Cql2Filters.parse("S_INTERSECTS(geometry, POINT(3950000 3900000))", null, 3857, false, "reports",
                QUERYABLES);
        assertThat(m.sql()).isEqualTo("ST_Intersects(geom, ST_Transform(ST_GeomFromText(?, 3857), 4326))");
        assertThat(error(() -> Cql2Filters.parse("S_INTERSECTS(geometry, POINT(30000000 0))", null, 3857, false, "reports",
                QUERYABLES)).detail()).contains("Pseudo-Mercator extent");
    }

    @Test
    void temporalOperatorsCompareClosedIntervals() {
        Cql2Filter f = text("T_INTERSECTS(observedAt, INTERVAL('2026-01-01', '..'))");
        assertThat(f.sql()).isEqualTo("(observed_at <= 'infinity'::timestamptz AND observed_at >= ?)");
        assertThat(f.binds()).containsExactly(OffsetDateTime.parse("2026-01-01T00:00Z"));
        Cql2Filter before = text("T_BEFORE(observedAt, TIMESTAMP('2026-01-02T10:00:00+02:00'))");
        assertThat(before.sql()).isEqualTo("(observed_at < ?)");
        assertThat(before.binds()).containsExactly(OffsetDateTime.parse("2026-01-02T08:00Z"));
        Cql2Filter during = json("{\"op\":\"t_during\",\"args\":[{\"interval\":[{\"property\":\"observedAt\"},"
                + "{\"property\":\"observedUntil\"}]},{\"interval\":[\"2026-01-01\",\"2026-01-31\"]}]}");
        assertThat(during.sql()).isEqualTo("(observed_at > ? AND observed_until < ?)");
        assertThat(during.binds()).containsExactly(OffsetDateTime.parse("2026-01-01T00:00Z"),
                OffsetDateTime.parse("2026-01-31T23:59:59.999999Z"));
        assertThat(text("observedAt = DATE('2026-01-01')").sql()).isEqualTo("(((observed_at) AT TIME ZONE 'UTC')::date = ?)");
        assertThat(text("observedAt = DATE('2026-01-01')").binds()).containsExactly(LocalDate.parse("2026-01-01"));
    }

    @Test
    void arrayFunctionsCompareSetsOfBoundCodes() {
        Cql2Filter contains = text("A_CONTAINS(allegedParties, ('IDF'))");
        assertThat(contains.sql()).isEqualTo("(alleged_parties @> CAST(ARRAY[?] AS text[]))");
        assertThat(contains.binds()).containsExactly("IDF");
        assertThat(json("{\"op\":\"a_contains\",\"args\":[{\"property\":\"allegedParties\"},[\"IDF\"]]}")).isEqualTo(contains);
        assertThat(text("a_containedby(zones, ('z-1', 'z-2'))").sql()).isEqualTo("(zone_codes <@ CAST(ARRAY[?, ?] AS text[]))");
        // cql2-json spells it a_containedBy (21-065r2's JSON schema)
        assertThat(json("{\"op\":\"a_containedBy\",\"args\":[{\"property\":\"zones\"},[\"z-1\",\"z-2\"]]}").sql())
                .isEqualTo("(zone_codes <@ CAST(ARRAY[?, ?] AS text[]))");
        assertThat(text("A_OVERLAPS(('LAF', 'IDF'), allegedParties)").sql())
                .isEqualTo("(CAST(ARRAY[?, ?] AS text[]) && alleged_parties)");
        Cql2Filter equals = text("A_EQUALS(zones, ())");
        assertThat(equals.sql()).isEqualTo("(zone_codes @> CAST(ARRAY[] AS text[]) AND zone_codes <@ CAST(ARRAY[] AS text[]))");
        assertThat(text("A_EQUALS(zones, ('a', 'b'))").binds()).containsExactly("a", "b", "a", "b");
        assertThat(text("NOT A_OVERLAPS(zones, allegedParties) AND zones IS NULL").sql())
                .isEqualTo("((NOT (zone_codes && alleged_parties)) AND (zone_codes IS NULL))");
        Cql2Filter injected = text("A_CONTAINS(zones, ('x''] AS text[]); DROP TABLE zone; --'))");
        assertThat(injected.sql()).isEqualTo("(zone_codes @> CAST(ARRAY[?] AS text[]))");
        assertThat(injected.binds()).containsExactly("x'] AS text[]); DROP TABLE zone; --");
    }

    /** Invalid filters: 400 naming {@code filter}, pointing at the character where the fault is. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "category =                                    | 10 | not valid cql2-text",
        "category = 'A' AND                            | 18 | not valid cql2-text",
        "category = 'A\" AND 1=1                       | 11 | not valid cql2-text",
        "category == 'A'                               | 10 | not valid cql2-text",
        "nosuch = 'A'                                  | 0  | 'nosuch' is not a queryable of reports",
        "category = 1                                  | 11 | cannot compare text",
        "civiliansKilled LIKE 'A%'                     | 0  | LIKE compares text",
        "category BETWEEN 1 AND 2                      | 0  | BETWEEN compares numbers",
        "geometry = 'A'                                | 0  | is a geometry",
        "S_INTERSECTS(category, POINT(1 2))            | 13 | is not a geometry",
        "S_INTERSECTS(geometry, POINT(200 2))          | 23 | outside longitude",
        "S_INTERSECTS(geometry, POLYGON((0 0, 1 1, 1 0, 0 1, 0 0))) | 23 | not valid",
        "S_DWITHIN(geometry, POINT(1 2), -5)           | 32 | 0 or more",
        "T_AFTER(category, DATE('2026-01-01'))         | 8  | is not a time",
        "observedAt > DATE('2026-13-01')               | 13 | is not a date",
        "S_CROSSES(geometry, POINT(1 2)) AND x         | 37 | not valid cql2-text",
        "observedAt > TIMESTAMP('+99999-01-01T00:00:00Z') | 13 | outside 1 to 9999",
        "civiliansKilled > 1e400000                    | 18 | out of range",
        "S_DWITHIN(geometry, POINT(1 2), 1e999)        | 32 | out of range",
        "allegedParties = 'IDF'                        | 0  | is an array of codes: use A_CONTAINS",
        "allegedParties LIKE '%IDF%'                   | 0  | LIKE compares text, not an array",
        "category IN ('A', allegedParties)             | 18 | cannot compare text",
        "zones = allegedParties                        | 0  | is an array of codes",
        "A_CONTAINS(category, ('A'))                   | 11 | is not an array",
        "A_CONTAINS(zones, 'A')                        | 18 | not valid cql2-text",
        "A_CONTAINS(zones, (1, 'A'))                   | 19 | hold text codes",
        "A_CONTAINS(zones, (('A')))                    | 19 | not valid cql2-text",
        "category = ('A')                              | 11 | not valid cql2-text",
    })
    void invalidTextFiltersPointAtTheFault(String filter, int position, String detail) {
        FieldError e = error(() -> text(filter.strip()));
        assertThat(e.parameter()).isEqualTo("filter");
        assertThat(e.detail()).contains(detail);
        assertThat(e.position()).isEqualTo(position);
    }

    @Test
    void invalidJsonFiltersPointAtTheMember() {
        assertThat(error(() -> json("{\"op\":\"=\",\"args\":[{\"property\":\"nosuch\"},1]}")).pointer())
                .isEqualTo("/args/0");
        assertThat(error(() -> json("{\"op\":\"and\",\"args\":[true,{\"op\":\"frobnicate\",\"args\":[]}]}")).pointer())
                .isEqualTo("/args/1/op");
        assertThat(error(() -> json("{\"op\":\"=\",\"args\":[{\"property\":\"category\"},[\"A\"]]}")).pointer())
                .isEqualTo("/args/1");
        assertThat(error(() -> json("{\"op\":\"a_overlaps\",\"args\":[{\"property\":\"zones\"},[\"A\",2]]}")).pointer())
                .isEqualTo("/args/1/1");
        assertThat(error(() -> json("{\"op\":\"a_overlaps\",\"args\":[{\"property\":\"zones\"}]}")).pointer())
                .isEqualTo("/args");
        FieldError malformed = error(() -> json("{\"op\":\"=\",\"args\":[1,}"));
        assertThat(malformed.position()).isEqualTo(20);
    }

    @Test
    void nestingAndLanguageAreBounded() {
        String deep = "(".repeat(200) + "category = 'A'" + ")".repeat(200);
        assertThat(error(() -> text(deep)).position()).isEqualTo(100);
        FieldError lang = error(() -> Cql2Filters.parse("x", "ecql", 4326, false, "reports", QUERYABLES));
        assertThat(lang.parameter()).isEqualTo("filter-lang");
        assertThat(Cql2Filters.parse(null, null, 4326, false, "reports", QUERYABLES)).isNull();
    }
}
