-- Sign-in throttling windows (access.LoginRateLimiter through access.LoginWindowsDatabase),
-- shared by every service instance on this database: behind a load balancer each instance
-- counting on its own would grant an address one budget per instance.
-- One row per key: (address, user name), or (address, '') for the address over every name.
-- A row whose window_end has passed stands for no window (new keys start as such a
-- placeholder, so that the first statement of a sign-in can lock both rows); the service
-- deletes ended rows every few minutes. Logged, not UNLOGGED: a failover to the standby
-- must not hand every address a fresh budget.
CREATE TABLE login_throttle (
    address      text        NOT NULL,
    username     text        NOT NULL,
    failures     integer     NOT NULL CHECK (failures >= 0),
    last_failure timestamptz,
    window_end   timestamptz NOT NULL,
    PRIMARY KEY (address, username)
);

CREATE INDEX idx_login_throttle_window_end ON login_throttle (window_end);

-- The service counts, takes back and forgets: all four, on this table only.
GRANT SELECT, INSERT, UPDATE, DELETE ON login_throttle TO "${approle}";
