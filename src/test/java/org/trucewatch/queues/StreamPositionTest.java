package org.trucewatch.queues;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.trucewatch.mechanisms.QueueNotices;

class StreamPositionTest {
    @Test
    void anIdReadsBackAsThePositionItWasWrittenFrom() {
        for (String snapshot : new String[] {"742:742:", "740:745:740,743", "1:9223372036854775807:3"}) {
            StreamPosition p = new StreamPosition(Instant.ofEpochMilli(1_796_000_000_123L),
                    new QueueNotices.Cursor(snapshot, 9_876_543L));
            assertThat(StreamPosition.parse(p.id())).contains(p);
        }
    }

    @Test
    void whatTheStreamNeverWroteIsNotAPosition() {
        for (String id : new String[] {"", "0193a7d2-1b1e-7c3a-9f00-000000000001", "1.2.3", "2.1.1.1:2:",
                "1.1.1.1:2:3,", "1.1.1.1:2:,3", "1.-1.1.1:2:", "1.1.1.1:2:3; DROP TABLE incident",
                "1.1.1.1:2:" + "1,".repeat(9000) + "1"}) {
            assertThat(StreamPosition.parse(id)).as(id.length() > 40 ? id.substring(0, 40) + "…" : id).isEmpty();
        }
        assertThat(StreamPosition.parse(null)).isEmpty();
    }
}
