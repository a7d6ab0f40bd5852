package org.trucewatch.mechanisms;

/** A queue as listed: its id, where it sits, how many open and overdue items it holds. */
public record QueueView(String id, String mechanism, String level, String team, long open, long overdue) {
}
