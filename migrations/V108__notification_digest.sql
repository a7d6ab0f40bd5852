-- Owned by notifications (docs/notifications.md, "Daily digest"). A user may take their e-mail
-- once a day, as one digest of the day's notices, instead of one e-mail per notice.
-- notification_digest records each user's digest of each day once: every instance runs the
-- digest job, and only the one whose insert stored the row sends it (in the same transaction:
-- a failed send rolls the row back, and a later run tries again).
ALTER TABLE notification_preference ADD COLUMN digest boolean NOT NULL DEFAULT false;

CREATE TABLE notification_digest (
    username text        NOT NULL,
    day      date        NOT NULL,
    sent_at  timestamptz NOT NULL,
    notices  integer     NOT NULL,
    PRIMARY KEY (username, day),
    CONSTRAINT ck_notification_digest_notices CHECK (notices >= 0)
);

GRANT SELECT, INSERT ON notification_digest TO "${approle}";
