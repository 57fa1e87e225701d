-- 0014: the strategy's follow-up (issue 20). The directions, focus areas and initiatives stay in
-- config/strategy.jsonl (the committee papers); here are what leaders add and follow: objectives
-- (målsætninger) under one of them, linked to a key figure with a target; actions (tiltag) under an
-- objective or directly under a direction, with owner, dates, status and status text; and every
-- half-yearly follow-up of an action, kept for good (append only). An edit keeps the old version in
-- strategy_version. example = 1 marks content that is not the municipality's own (the demo's
-- synthetic objectives and follow-ups; the seed papers' own rows carry their source instead).
-- CHECK rules are written without IN lists (migration 0010: a list builds an index at every write).
CREATE TABLE strategy_objective (
    id INTEGER PRIMARY KEY,
    version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
    parent_code TEXT NOT NULL CHECK (length(parent_code) BETWEEN 1 AND 16),
    title TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
    description TEXT CHECK (description IS NULL OR length(description) BETWEEN 1 AND 4000),
    indicator TEXT CHECK (indicator IS NULL OR length(indicator) BETWEEN 1 AND 80),
    better TEXT CHECK (better = 'higher' OR better = 'lower'),
    target REAL CHECK (target IS NULL OR target >= 0),
    target_note TEXT CHECK (target_note IS NULL OR length(target_note) BETWEEN 1 AND 300),
    example INTEGER NOT NULL DEFAULT 0 CHECK (example = 0 OR example = 1),
    source TEXT CHECK (source IS NULL OR length(source) BETWEEN 1 AND 200),
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    CHECK ((indicator IS NULL) = (better IS NULL)),
    CHECK (target IS NULL OR indicator IS NOT NULL)
) STRICT;

CREATE TABLE strategy_action (
    id INTEGER PRIMARY KEY,
    version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
    objective_id INTEGER REFERENCES strategy_objective (id),
    parent_code TEXT NOT NULL CHECK (length(parent_code) BETWEEN 1 AND 16),
    theme TEXT NOT NULL CHECK (length(theme) BETWEEN 1 AND 300),
    content TEXT CHECK (content IS NULL OR length(content) BETWEEN 1 AND 8000),
    owner TEXT CHECK (owner IS NULL OR length(owner) BETWEEN 1 AND 200),
    start_date TEXT CHECK (start_date IS NULL OR start_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    end_date TEXT CHECK (end_date IS NULL OR end_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    status TEXT NOT NULL CHECK (status = 'planned' OR status = 'ongoing' OR status = 'done' OR
                              status = 'paused' OR status = 'stopped'),
    status_text TEXT CHECK (status_text IS NULL OR length(status_text) BETWEEN 1 AND 8000),
    example INTEGER NOT NULL DEFAULT 0 CHECK (example = 0 OR example = 1),
    source TEXT CHECK (source IS NULL OR length(source) BETWEEN 1 AND 200),
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    CHECK (end_date IS NULL OR start_date IS NULL OR end_date >= start_date)
) STRICT;
CREATE INDEX strategy_action_objective ON strategy_action (objective_id) WHERE objective_id IS NOT NULL;

CREATE TABLE strategy_followup (
    id INTEGER PRIMARY KEY,
    action_id INTEGER NOT NULL REFERENCES strategy_action (id),
    period TEXT NOT NULL CHECK (period GLOB '[12][0-9][0-9][0-9]-H[12]'),
    date TEXT NOT NULL CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    status TEXT NOT NULL CHECK (status = 'planned' OR status = 'ongoing' OR status = 'done' OR
                              status = 'paused' OR status = 'stopped'),
    status_text TEXT NOT NULL CHECK (length(status_text) BETWEEN 1 AND 8000),
    example INTEGER NOT NULL DEFAULT 0 CHECK (example = 0 OR example = 1),
    at TEXT NOT NULL,
    by TEXT NOT NULL
) STRICT;
CREATE INDEX strategy_followup_action ON strategy_followup (action_id, period);
CREATE TRIGGER strategy_followup_kept_update BEFORE UPDATE ON strategy_followup
BEGIN SELECT RAISE(ABORT, 'strategy_followup: follow-ups are kept as they were written'); END;
CREATE TRIGGER strategy_followup_kept_delete BEFORE DELETE ON strategy_followup
BEGIN SELECT RAISE(ABORT, 'strategy_followup: follow-ups are kept as they were written'); END;

CREATE TABLE strategy_version (
    item TEXT NOT NULL CHECK (item = 'objective' OR item = 'action'),
    item_id INTEGER NOT NULL,
    version INTEGER NOT NULL,
    json TEXT NOT NULL,
    replaced_at TEXT NOT NULL,
    replaced_by TEXT NOT NULL,
    PRIMARY KEY (item, item_id, version)
) STRICT;
