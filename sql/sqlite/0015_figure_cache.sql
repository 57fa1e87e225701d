-- 0015: the leaders' figures of a calendar year, kept in parts (src/app/figures.c). A year's
-- parts add up every child's contribution to its figures, one row per family (by caseworker, age
-- band or sex) and key (the child's team and caseworker, age band or sex), so that any split of
-- the year, and a team leader's team, is a sum over a few thousand rows instead of a pass over
-- every child. figure_state.version counts the transactions that changed a record a figure reads;
-- a year is current when its version is that count and its digest the running configuration's.
-- The store bumps the version in every transaction that writes a record (store_sqlite.c,
-- figure_touch). A write through the application keeps the current years current; a bulk load or
-- disposal leaves them behind, and the next reader rebuilds them. An edit of the file by hand,
-- outside trappe, is not counted: after one, `trappe kpi --fresh` shows the figures from every
-- child, and `DELETE FROM figure_year` has the next reader rebuild.
CREATE TABLE figure_state (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    version INTEGER NOT NULL CHECK (version >= 0)
) STRICT;
INSERT INTO figure_state (id, version) VALUES (1, 0);

CREATE TABLE figure_year (
    year INTEGER PRIMARY KEY,
    version INTEGER NOT NULL,
    digest TEXT NOT NULL
) STRICT;

CREATE TABLE figure_part (
    year INTEGER NOT NULL,
    family INTEGER NOT NULL,
    key TEXT NOT NULL,
    part BLOB NOT NULL,
    PRIMARY KEY (year, family, key)
) STRICT, WITHOUT ROWID;
