package org.trucewatch.mechanisms;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which of a queue's open items to read: filters, an order, and where the page starts (after the
 * last item of the page before). Pages are read by keyset, not by offset, so a page is as quick
 * at item 5,000 as at item 1 and an incident that changes between two pages is neither shown
 * twice nor skipped for its move alone (docs/mechanisms.md, "Queue items").
 *
 * @param statuses   only these statuses (empty: every open status)
 * @param categories only these categories (empty: all)
 * @param text       words searched in the linked reports' descriptions (any of the four working
 *                   languages) or an incident reference; null for none
 */
public record QueueSelection(List<String> statuses, List<String> categories, String text, Order order, Key after,
                             int limit) {
    public QueueSelection {
        statuses = List.copyOf(statuses);
        categories = List.copyOf(categories);
        if (after != null && after.order() != order) {
            throw new IllegalArgumentException("a key of order " + after.order() + " for a page in order " + order);
        }
    }

    /** The orders a queue offers. */
    public enum Order {
        /** Most severe first, then the nearest deadline (none last), then the oldest. */
        SEVERITY,
        /** Nearest deadline first (none last), then the most severe, then the oldest. */
        DEADLINE,
        /** Most recently observed first. */
        OBSERVED;

        public static Optional<Order> of(String name) {
            for (Order o : values()) {
                if (o.name().equalsIgnoreCase(name)) {
                    return Optional.of(o);
                }
            }
            return Optional.empty();
        }
    }

    /**
     * Where a page ends: the sort values of its last item. Its token is opaque to clients (the
     * {@code after} of the next page's link); parsed by hand since the format is ours: a pattern
     * checks it whole before any part is used.
     */
    public record Key(Order order, int severity, Instant deadline, Instant observedAt, Instant createdAt, UUID id) {
        private static final Pattern FORM = Pattern.compile(
                "1\\|(SEVERITY|DEADLINE|OBSERVED)\\|(-?\\d{1,9})\\|(-|-?\\d{1,19})\\|(-?\\d{1,19})\\|(-?\\d{1,19})\\|([0-9a-f-]{36})");

        public static Key of(Order order, Incident last) {
            return new Key(order, last.severity(), last.deadline(), last.observedAt(), last.createdAt(), last.id());
        }

        public String token() {
            String text = "1|" + order + "|" + severity + "|" + (deadline == null ? "-" : micros(deadline)) + "|"
                    + micros(observedAt) + "|" + micros(createdAt) + "|" + id;
            return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
        }

        public static Optional<Key> parse(String token) {
            if (token == null || token.length() > 400) {
                return Optional.empty();
            }
            String text;
            try {
                text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
            Matcher m = FORM.matcher(text);
            if (!m.matches()) {
                return Optional.empty();
            }
            try {
                return Optional.of(new Key(Order.valueOf(m.group(1)), Integer.parseInt(m.group(2)),
                        m.group(3).equals("-") ? null : instant(Long.parseLong(m.group(3))),
                        instant(Long.parseLong(m.group(4))), instant(Long.parseLong(m.group(5))),
                        UUID.fromString(m.group(6))));
            } catch (IllegalArgumentException | java.time.DateTimeException | ArithmeticException e) {
                return Optional.empty();
            }
        }

        private static long micros(Instant t) {
            return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1_000);
        }

        private static Instant instant(long micros) {
            return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
        }
    }
}
