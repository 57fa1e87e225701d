-- 0004: a tamper-evident audit trail (QUALITY.md S-12, S-13).
-- Each row carries hash = keyed BLAKE2b-256 (the key file's audit subkey) over the previous
-- row's hash and the row's own columns, so a changed, inserted or removed row breaks the chain
-- at that row (trappe audit verify). Rows written before this migration are sealed into the chain
-- the first time the database is opened with its key. Retention purges remove the oldest rows
-- only through audit_purge, which records where the chain now starts; the purge is itself an
-- audit row. New actions: purge, extract (a data-subject extract), key_rotated.

CREATE TABLE audit_new (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,            -- UTC
    actor TEXT NOT NULL,         -- e.g. cli:root, user:17
    action TEXT NOT NULL CHECK (action IN ('create', 'read', 'list', 'update', 'import',
                                           'export', 'refused', 'login', 'login_failed',
                                           'logout', 'purge', 'extract', 'key_rotated')),
    record_type TEXT,
    record_id INTEGER,
    child_id INTEGER,
    detail TEXT,                 -- ids listed, counts, criterion; never free text of a record
    request_id TEXT,
    key_id INTEGER,              -- the key-file key the hash was made with
    hash BLOB                    -- NULL only until sealed
) STRICT;
INSERT INTO audit_new (id, at, actor, action, record_type, record_id, child_id, detail, request_id)
    SELECT id, at, actor, action, record_type, record_id, child_id, detail, request_id FROM audit;
DROP TABLE audit;
ALTER TABLE audit_new RENAME TO audit;
CREATE INDEX audit_child ON audit (child_id) WHERE child_id IS NOT NULL;
CREATE INDEX audit_at ON audit (at);

-- Where the chain starts after each purge: the last removed row and its hash.
CREATE TABLE audit_purge (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    upto INTEGER NOT NULL,       -- rows with id <= upto were removed
    rows INTEGER NOT NULL,
    older_than TEXT NOT NULL,    -- the retention boundary (UTC)
    anchor BLOB NOT NULL         -- the hash of row upto: the next row chains from it
) STRICT;

-- The application can add rows and seal unsealed ones; nothing else.
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
WHEN NOT (old.hash IS NULL AND new.hash IS NOT NULL AND new.id = old.id AND new.at = old.at
          AND new.actor = old.actor AND new.action = old.action
          AND new.record_type IS old.record_type AND new.record_id IS old.record_id
          AND new.child_id IS old.child_id AND new.detail IS old.detail
          AND new.request_id IS old.request_id)
BEGIN
    SELECT RAISE(ABORT, 'audit rows cannot be changed');
END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
WHEN old.id > coalesce((SELECT max(upto) FROM audit_purge), 0)
BEGIN
    SELECT RAISE(ABORT, 'audit rows cannot be deleted');
END;
CREATE TRIGGER audit_purge_no_update BEFORE UPDATE ON audit_purge
BEGIN
    SELECT RAISE(ABORT, 'purge records cannot be changed');
END;
CREATE TRIGGER audit_purge_no_delete BEFORE DELETE ON audit_purge
BEGIN
    SELECT RAISE(ABORT, 'purge records cannot be deleted');
END;
