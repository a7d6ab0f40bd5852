-- Owned by access (docs/webapp.md, "Saved filters"). A user's named filters of the queue, the
-- map and the statistics page: the page's own query text, re-applied by the page (each route
-- checks its parameters when it is asked, so a stale filter is a 400, never more rows).
CREATE TABLE saved_filter (
    id         bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    username   text        NOT NULL,
    page       text        NOT NULL,
    name       text        NOT NULL,
    query      text        NOT NULL,
    updated_at timestamptz NOT NULL,
    CONSTRAINT uq_saved_filter_name UNIQUE (username, page, name),
    CONSTRAINT ck_saved_filter_page CHECK (page IN ('queue', 'map', 'statistics')),
    CONSTRAINT ck_saved_filter_name CHECK (char_length(name) BETWEEN 1 AND 100),
    CONSTRAINT ck_saved_filter_query CHECK (char_length(query) <= 2000)
);

GRANT SELECT, INSERT, UPDATE, DELETE ON saved_filter TO "${approle}";
