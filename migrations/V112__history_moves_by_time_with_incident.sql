-- The workflow of one period (a periodic report's month or day) finds the incidents moved at or
-- after its end by the time of their moves, and needs only their ids (StatisticsRepository.onePeriod):
-- the index of V109 gains the incident id, so that this is read from the index alone (an
-- index-only scan) rather than from the history's heap, one page per move. At 1,000,000 incidents a
-- report of a month five months back read 196,000 moves: 2.7 s instead of 4.1 for its workflow
-- (bench/statistics, docs/benchmarks.md).
DROP INDEX idx_incident_event_move_at;
CREATE INDEX idx_incident_event_move_at ON incident_event (at) INCLUDE (incident_id)
    WHERE kind IN ('created', 'transition', 'escalation');
