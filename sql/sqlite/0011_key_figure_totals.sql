-- 0011: the key figures kept as running totals per year (QUALITY.md P-7, issue #5).
-- Every write of a child, a notification or an intervention adds the difference it makes to the
-- child's share of each figure (store/kpi.c); a bulk import rebuilds them at its end. A figure
-- for year Y is a few sums over the rows with year <= Y: each row holds the change of one part
-- from the year before, so an open-ended placement is one row, not one per year.
CREATE TABLE kpi_total (
    part INTEGER NOT NULL,  -- enum kpi_part in store/kpi.c
    year INTEGER NOT NULL,
    value INTEGER NOT NULL, -- the part's change from year-1 to year, summed over children
    PRIMARY KEY (part, year)
) STRICT, WITHOUT ROWID;

-- Which definition of the parts the totals were built by; another one rebuilds them at open.
CREATE TABLE kpi_state (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    definition INTEGER NOT NULL
) STRICT;

-- The cache of figures per data version (and the version) is replaced by the totals.
DROP TABLE kpi_cache;
DROP TABLE data_version;
