package org.trucewatch.access;

/** A record as one reader may see it: the whole record, and how much of it the outlet may show. */
public record Seen<T>(T value, Visibility visibility) {
}
