package org.trucewatch.gis;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.trucewatch.geo.FilterSql;
import org.trucewatch.geo.TimeInterval;

/**
 * How a layer's rows sit in time: which rows a {@code datetime} query parameter matches, and
 * the aggregates of the layer's temporal extent ({@code t0}, {@code t1}, and {@code open}: true
 * when some row has no end). Column names are the layer's constants.
 */
sealed interface LayerTime {

    /** Rows observed over [start, end] (end null: the instant start); no datetime, no condition. */
    static LayerTime observed(String start, String end) {
        return new Observed(start, end);
    }

    /** Rows valid on [from, to) (to null: until further notice); no datetime: valid now. */
    static LayerTime valid(String from, String to) {
        return new Valid(from, to);
    }

    void filter(FilterSql filter, TimeInterval datetime, Instant now);

    String extent();

    record Observed(String start, String end) implements LayerTime {
        @Override
        public void filter(FilterSql filter, TimeInterval datetime, Instant now) {
            filter.overlaps(start, end, datetime);
        }

        @Override
        public String extent() {
            return "min(" + start + ") AS t0, max(coalesce(" + end + ", " + start + ")) AS t1, false AS open";
        }
    }

    record Valid(String from, String to) implements LayerTime {
        /** Versions whose [from, to) meets the interval (an instant: contains it). */
        @Override
        public void filter(FilterSql filter, TimeInterval datetime, Instant now) {
            TimeInterval interval = datetime == null ? new TimeInterval(now, now) : datetime;
            if (interval.start() != null) {
                filter.where("(" + to + " IS NULL OR " + to + " > ?)", OffsetDateTime.ofInstant(interval.start(), ZoneOffset.UTC));
            }
            if (interval.end() != null) {
                filter.where(from + " <= ?", OffsetDateTime.ofInstant(interval.end(), ZoneOffset.UTC));
            }
        }

        @Override
        public String extent() {
            return "min(" + from + ") AS t0, max(" + to + ") AS t1, bool_or(" + to + " IS NULL) AS open";
        }
    }
}
