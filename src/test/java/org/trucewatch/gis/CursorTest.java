package org.trucewatch.gis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.trucewatch.problem.ProblemException;

class CursorTest {

    @Test
    void roundTripsDirectionKeyAndCount() {
        Cursor next = new Cursor(false, "0190f5c2-0000-7000-8000-000000000001", 1_000_000);
        assertThat(Cursor.parse(next.encode(), "cursor")).isEqualTo(next);
        Cursor prev = new Cursor(true, "a:b", 0);
        assertThat(Cursor.parse(prev.encode(), "cursor")).isEqualTo(prev);
        assertThat(Cursor.parse(null, "cursor")).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"***", "eDE6YQ", "bi0xOmE", "bjE6", "bjp4"})
    void anythingElseIs400(String raw) {
        assertThatThrownBy(() -> Cursor.parse(raw, "cursor")).isInstanceOf(ProblemException.class)
                .hasMessageContaining("cursor");
    }
}
