-- Full-text search over report descriptions in the mechanisms' four working languages
-- (docs/mechanisms.md, "Queue items"). A description is indexed under each language's stemmer
-- and as plain words ('simple': Arabic words and names, whatever the language), and a query is
-- parsed the same ways and OR-ed, so "bombardeo" finds "bombardeos" and "shelling" finds
-- "shelled" without the writer or the reader naming a language. Both functions are IMMUTABLE
-- (each names its configuration), so the index below serves them.
--
-- PostgreSQL has no Arabic stopword list; its Snowball Arabic stemmer exists from version 13.
CREATE FUNCTION report_search_document(description text) RETURNS tsvector
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT to_tsvector('pg_catalog.simple'::regconfig, coalesce(description, ''))
        || to_tsvector('pg_catalog.english'::regconfig, coalesce(description, ''))
        || to_tsvector('pg_catalog.french'::regconfig, coalesce(description, ''))
        || to_tsvector('pg_catalog.spanish'::regconfig, coalesce(description, ''))
        || to_tsvector('pg_catalog.arabic'::regconfig, coalesce(description, ''))
$$;

-- A reader's words, as a web search box takes them: words, "quoted phrases", -excluded, or.
CREATE FUNCTION report_search_query(words text) RETURNS tsquery
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT websearch_to_tsquery('pg_catalog.simple'::regconfig, words)
        || websearch_to_tsquery('pg_catalog.english'::regconfig, words)
        || websearch_to_tsquery('pg_catalog.french'::regconfig, words)
        || websearch_to_tsquery('pg_catalog.spanish'::regconfig, words)
        || websearch_to_tsquery('pg_catalog.arabic'::regconfig, words)
$$;

CREATE INDEX idx_report_search ON report USING gin (report_search_document(description));

