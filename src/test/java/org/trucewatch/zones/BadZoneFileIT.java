package org.trucewatch.zones;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.trucewatch.problem.FieldError;
import org.trucewatch.problem.ProblemException;
import org.trucewatch.problem.ProblemType;
import org.trucewatch.support.PostgisFixture;
import org.trucewatch.support.Rows;

/** Hostile and careless zone files: each is refused with a pointer and a reason, never an unexpected error. */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadZoneFileIT implements PostgisFixture {
    static final String NAME = "\"name\":{\"en\":\"x\"}";

    @Inject
    ZoneService zones;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            not JSON                 | {"type":                                                                                   | ''                               | JSON
            not a collection         | {"type":"Feature"}                                                                          | /type                            | FeatureCollection
            features not an array    | {"type":"FeatureCollection","features":{}}                                                  | /features                        | array
            unknown CRS              | {"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"EPSG:999999"}},"features":[]} | /crs              | 999999
            feature not a Feature    | {"type":"FeatureCollection","features":[42]}                                                | /features/0                      | Feature
            no geometry              | {"type":"FeatureCollection","features":[{"type":"Feature","geometry":null,"properties":{"code":"a","type":"buffer_zone",NAME}}]} | /features/0/geometry | needs a geometry
            ring of three positions  | {"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[0,0]]]},"properties":{"code":"a","type":"buffer_zone",NAME}}]} | /features/0/geometry | too few distinct points
            latitude 95              | {"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[0,90],[1,90],[1,95],[0,90]]]},"properties":{"code":"a","type":"buffer_zone",NAME}}]} | /features/0/geometry | not on the globe
            across the antimeridian  | {"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[179,0],[-179,0],[-179,1],[179,1],[179,0]]]},"properties":{"code":"a","type":"buffer_zone",NAME}}]} | /features/0/geometry | antimeridian
            an edge of 180°          | {"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[0,0],[180,0],[180,1],[0,1],[0,0]]]},"properties":{"code":"a","type":"buffer_zone",NAME}}]} | /features/0/geometry | 180° or more
            the whole world          | {"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[-180,-90],[180,-90],[180,90],[-180,90],[-180,-90]]]},"properties":{"code":"a","type":"buffer_zone",NAME}}]} | /features/0/geometry | antimeridian
            line from pole to pole   | {"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"LineString","coordinates":[[20,-90],[20,90]]},"properties":{"code":"a","type":"ceasefire_line","nearLineM":5,NAME}}]} | /features/0/geometry | antipodal
            empty polygon            | {"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Polygon","coordinates":[]},"properties":{"code":"a","type":"buffer_zone",NAME}}]} | /features/0/geometry | empty
            line crossing itself     | {"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"LineString","coordinates":[[0,0],[1,1],[1,0],[0,1]]},"properties":{"code":"a","type":"ceasefire_line","nearLineM":5,NAME}}]} | /features/0/geometry | crosses itself
            security zone imported   | {"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]},"properties":{"code":"a","type":"security_zone",NAME}}]} | /features/0/properties/type | derived
            unknown type             | {"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]},"properties":{"code":"a","type":"dmz",NAME}}]} | /features/0/properties/type | buffer_zone
            bad code                 | {"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]},"properties":{"code":"a b/c","type":"buffer_zone",NAME}}]} | /features/0/properties/code | not a zone code
            reserved code            | {"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]},"properties":{"code":"a.security","type":"buffer_zone",NAME}}]} | /features/0/properties/code | derived
            name not an object       | {"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]},"properties":{"code":"a","type":"buffer_zone","name":7}}]} | /features/0/properties/name | language tag
            bad language tag         | {"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]},"properties":{"code":"a","type":"buffer_zone","name":{"English":"x"}}}]} | /features/0/properties/name | not a language tag
            NUL in a property        | {"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]},"properties":{"code":"a","type":"buffer_zone",NAME,"note":"a\\u0000b"}}]} | /features/0/properties/note | NUL
            NUL in a member name     | {"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]},"properties":{"code":"a","type":"buffer_zone",NAME,"a\\u0000":1}}]} | /features/0/properties | NUL
            bad validFrom            | {"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]},"properties":{"code":"a","type":"buffer_zone",NAME,"validFrom":"yesterday"}}]} | /features/0/properties/validFrom | RFC 3339
            validTo before validFrom | {"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]},"properties":{"code":"a","type":"buffer_zone",NAME,"validFrom":"2026-01-01T00:00:00Z","validTo":"2025-01-01T00:00:00Z"}}]} | /features/0/properties/validTo | later
            level not a code         | {"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]},"properties":{"code":"a","type":"area_of_responsibility",NAME,"team":"t","level":"Sector West"}}]} | /features/0/properties/level | not a level code
            sides incomplete         | {"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"LineString","coordinates":[[0,0],[1,1]]},"properties":{"code":"a","type":"ceasefire_line",NAME,"nearLineM":10,"sides":{"left":"LB"}}}]} | /features/0/properties/sides | both sides
            duplicate code           | {"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]},"properties":{"code":"a","type":"buffer_zone",NAME}},{"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]},"properties":{"code":"a","type":"buffer_zone",NAME}}]} | /features/1/properties/code | already used
            """)
    void isRefusedWithAPointer(String name, String json, String pointer, String detail) {
        byte[] content = json.replace("NAME", NAME).getBytes(StandardCharsets.UTF_8);
        long versions = Rows.count("SELECT count(*) FROM zone_version");

        ProblemException problem = catchThrowableOfType(ProblemException.class,
                () -> zones.importZones(ZoneFileJson.command(content, "test-mech", false, null)));

        assertThat(problem).as(name).isNotNull();
        assertThat(problem.type()).isEqualTo(ProblemType.INVALID_ZONE_FILE);
        assertThat(problem.errors()).as(name).anySatisfy(e -> {
            assertThat(e.pointer()).isEqualTo(pointer);
            assertThat(e.detail()).contains(detail);
        });
        assertThat(Rows.count("SELECT count(*) FROM zone_version")).as("nothing imported").isEqualTo(versions);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            empty file          | ''
            a GeoPackage header only | SQLite format 3
            """)
    void brokenFilesAreRefused(String name, String text) {
        byte[] content = text.equals("SQLite format 3") ? "SQLite format 3\0garbage".getBytes(StandardCharsets.ISO_8859_1)
                : new byte[0];

        ProblemException problem = catchThrowableOfType(ProblemException.class,
                () -> zones.importZones(ZoneFileJson.command(content, "test-mech", false, null)));

        assertThat(problem).as(name).isNotNull();
        assertThat(problem.type()).isEqualTo(ProblemType.INVALID_ZONE_FILE);
    }
}
