package org.trucewatch.queues;

import java.time.Instant;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.trucewatch.mechanisms.QueueNotices;

/**
 * Where a queue stream stands, as the SSE {@code id} of its events, so that a client that
 * reconnects with {@code Last-Event-ID} gets what changed while it was away (docs/api.md,
 * "Queue streams"). It is the notice reader's cursor (a database snapshot and the highest
 * notice id read) and the moment it was read, which tells whether the notices since are still
 * kept. Text: {@code 1.<epoch ms>.<highest id>.<xmin>:<xmax>:<xip,...>}.
 *
 * <p>Parsed by hand: the format is ours, three numbers and PostgreSQL's own text form of
 * {@code pg_snapshot}; a pattern checks it whole before any part is used, and the snapshot
 * then goes to the database as a bind parameter.
 */
record StreamPosition(Instant readAt, QueueNotices.Cursor cursor) {
    /** Longer than any honest id: a snapshot's in-progress list is bounded by max_connections. */
    private static final int MAX_LENGTH = 16_384;
    private static final Pattern FORM = Pattern.compile("1\\.(\\d{1,15})\\.(\\d{1,18})\\.(\\d{1,19}:\\d{1,19}:(?:\\d{1,19}(?:,\\d{1,19})*)?)");

    String id() {
        return "1." + readAt.toEpochMilli() + "." + cursor.highestId() + "." + cursor.snapshot();
    }

    /** The position an id names; empty when it is not one this service wrote. */
    static Optional<StreamPosition> parse(String id) {
        if (id == null || id.length() > MAX_LENGTH) {
            return Optional.empty();
        }
        Matcher m = FORM.matcher(id.strip());
        if (!m.matches()) {
            return Optional.empty();
        }
        return Optional.of(new StreamPosition(Instant.ofEpochMilli(Long.parseLong(m.group(1))),
                new QueueNotices.Cursor(m.group(3), Long.parseLong(m.group(2)))));
    }
}
