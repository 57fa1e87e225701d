-- 0003: key figures at national scale (QUALITY.md P-7, issue #5).
-- Covering and partial indexes for the key-figure queries, and a cache of computed figures that
-- is valid while the case data has not changed since (data_version, bumped by every write
-- transaction of the application).

DROP INDEX notification_received;
CREATE INDEX notification_received ON notification (received_at, notifier_type, child_id);
-- Placements are a few per cent of the interventions: a covering index of just them.
CREATE INDEX intervention_placed ON intervention (start, "end", child_id, step, consent,
    catalogue_code, rate_dkk, rate_unit, end_reason) WHERE consent IS NOT NULL;
CREATE INDEX intervention_end ON intervention ("end");
CREATE INDEX child_birth ON child (birth_date, sex);

CREATE TABLE data_version (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    version INTEGER NOT NULL
) STRICT;
INSERT INTO data_version (id, version) VALUES (1, 1);

CREATE TABLE kpi_cache (
    kpi TEXT NOT NULL,
    year INTEGER NOT NULL,
    version INTEGER NOT NULL,      -- data_version it was computed at
    value REAL NOT NULL,
    computed_ms REAL NOT NULL,     -- how long the computation took
    PRIMARY KEY (kpi, year)
) STRICT;
