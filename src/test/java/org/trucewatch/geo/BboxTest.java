package org.trucewatch.geo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.trucewatch.problem.ProblemException;

class BboxTest {
    @Test
    void fourAndSixNumberFormsGiveTheSameBox() {
        assertThat(Bbox.parse("35,33,36,34", "bbox")).isEqualTo(new Bbox(35, 33, 36, 34));
        assertThat(Bbox.parse("35,33,-10,36,34,500", "bbox")).isEqualTo(new Bbox(35, 33, 36, 34));
    }

    @Test
    void westOfEastCrossesTheAntimeridian() {
        assertThat(Bbox.parse("179,-1,-179,1", "bbox").crossesAntimeridian()).isTrue();
        assertThat(Bbox.parse("-179,-1,179,1", "bbox").crossesAntimeridian()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"1,2,3", "1,2,3,4,5", "a,0,1,1", "0,0,1,NaN", "0,0,1,Infinity", "-180.1,0,1,1",
            "0,-90.01,1,1", "0,2,1,1", ""})
    void badBoxesAreRefusedNamingTheParameter(String raw) {
        if (raw.isEmpty()) {
            assertThat(Bbox.parse(raw, "bbox")).isNull();
            return;
        }
        assertThatThrownBy(() -> Bbox.parse(raw, "bbox")).isInstanceOfSatisfying(ProblemException.class,
                e -> assertThat(e.errors().get(0).parameter()).isEqualTo("bbox"));
    }
}
