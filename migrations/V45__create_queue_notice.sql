-- Queue notices as an outbox (docs/architecture.md, "Queue notices at scale"): the
-- transaction that changes a queue inserts a row here instead of calling NOTIFY, whose
-- notification-queue lock at commit serialised every changing commit. Each service
-- instance reads new rows every ~250 ms and streams them to its subscribers.
--
-- tx is the inserting transaction's id (xid8, never wraps). Ids are drawn at INSERT, not at
-- commit, so a lower id can become visible after a higher one has been read; the reader
-- therefore asks for the rows of the transactions its previous snapshot did not yet see
-- (in progress then, or begun after it) by tx, plus any id above the highest it has read.
-- No foreign key to incident: a notice is transient (pruned after
-- trucewatch.queue-notices.retention) and the check would cost every insert a lookup.
CREATE TABLE queue_notice (
    id          bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    queue       text        NOT NULL,
    incident_id uuid        NOT NULL,
    tx          xid8        NOT NULL DEFAULT pg_current_xact_id(),
    noticed_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX idx_queue_notice_tx ON queue_notice (tx);
-- Rows arrive in time order, so a block-range index is enough for pruning and costs the
-- insert almost nothing.
CREATE INDEX idx_queue_notice_noticed_at ON queue_notice USING brin (noticed_at);

-- DELETE: every instance prunes rows older than the retention.
GRANT SELECT, INSERT, DELETE ON queue_notice TO "${approle}";
