-- 0008: removing a closed case past its retention (kassation; QUALITY.md S-27).
-- Nothing is deleted by an edit (record_version keeps earlier versions, S-28). A child's records
-- go only through a disposal: one person requests it and an archive export is written (its
-- BLAKE2b-256 hash kept here); a second person approves it, the archive is checked against the
-- hash, and the records are removed in the same transaction as the audit row that says so. The
-- triggers below refuse every other DELETE of case records, whoever issues it, while no approved
-- disposal names the child.
-- The audit table is rebuilt for the new actions; its rows, hashes and key ids are copied as they
-- are, so the chain verifies unchanged.

CREATE TABLE disposal (
    id INTEGER PRIMARY KEY,
    child_id INTEGER NOT NULL,   -- no reference: the child is gone once disposed
    status TEXT NOT NULL CHECK (status IN ('requested', 'approved', 'disposed', 'withdrawn')),
    reason TEXT NOT NULL,        -- the legal basis, e.g. the archive authority's decision
    closed TEXT NOT NULL,        -- the last case's closing date when requested
    archive TEXT NOT NULL,       -- the archive file's name
    archive_hash TEXT NOT NULL,  -- BLAKE2b-256 of the archive file, hex
    archive_records INTEGER NOT NULL,
    requested_at TEXT NOT NULL,
    requested_by TEXT NOT NULL,  -- actor, e.g. user:17
    decided_at TEXT,
    decided_by TEXT,
    CHECK (decided_by IS NULL OR status = 'withdrawn' OR decided_by <> requested_by)
) STRICT;
CREATE UNIQUE INDEX disposal_open ON disposal (child_id) WHERE status IN ('requested', 'approved');

CREATE TRIGGER disposal_no_delete BEFORE DELETE ON disposal
BEGIN
    SELECT RAISE(ABORT, 'disposals cannot be deleted');
END;
CREATE TRIGGER disposal_steps BEFORE UPDATE ON disposal
WHEN NOT (new.id = old.id AND new.child_id = old.child_id AND new.reason = old.reason
          AND new.closed = old.closed AND new.archive = old.archive
          AND new.archive_hash = old.archive_hash AND new.archive_records = old.archive_records
          AND new.requested_at = old.requested_at AND new.requested_by = old.requested_by
          AND ((old.status = 'requested' AND new.status IN ('approved', 'withdrawn')
                AND new.decided_by IS NOT NULL AND new.decided_at IS NOT NULL)
               OR (old.status = 'approved' AND new.status = 'disposed'
                   AND new.decided_by = old.decided_by AND new.decided_at = old.decided_at)))
BEGIN
    SELECT RAISE(ABORT, 'a disposal goes requested -> approved -> disposed, or is withdrawn');
END;

-- Case records are deleted only while their child's disposal is approved.
CREATE TRIGGER child_no_delete BEFORE DELETE ON child
WHEN NOT EXISTS (SELECT 1 FROM disposal WHERE status = 'approved' AND child_id = old.id)
BEGIN
    SELECT RAISE(ABORT, 'case records are deleted only by an approved disposal');
END;
-- A person goes only with the last child they are related to.
CREATE TRIGGER person_no_delete BEFORE DELETE ON person
WHEN NOT EXISTS (SELECT 1 FROM disposal WHERE status = 'approved')
     OR EXISTS (SELECT 1 FROM relation WHERE person_id = old.id)
BEGIN
    SELECT RAISE(ABORT, 'case records are deleted only by an approved disposal');
END;
CREATE TRIGGER record_version_no_delete BEFORE DELETE ON record_version
WHEN NOT EXISTS (SELECT 1 FROM disposal WHERE status = 'approved')
BEGIN
    SELECT RAISE(ABORT, 'case records are deleted only by an approved disposal');
END;
CREATE TRIGGER relation_no_delete BEFORE DELETE ON relation
WHEN NOT EXISTS (SELECT 1 FROM disposal WHERE status = 'approved' AND child_id = old.child_id)
BEGIN
    SELECT RAISE(ABORT, 'case records are deleted only by an approved disposal');
END;
CREATE TRIGGER child_case_no_delete BEFORE DELETE ON child_case
WHEN NOT EXISTS (SELECT 1 FROM disposal WHERE status = 'approved' AND child_id = old.child_id)
BEGIN
    SELECT RAISE(ABORT, 'case records are deleted only by an approved disposal');
END;
CREATE TRIGGER notification_no_delete BEFORE DELETE ON notification
WHEN NOT EXISTS (SELECT 1 FROM disposal WHERE status = 'approved' AND child_id = old.child_id)
BEGIN
    SELECT RAISE(ABORT, 'case records are deleted only by an approved disposal');
END;
CREATE TRIGGER screening_no_delete BEFORE DELETE ON screening
WHEN NOT EXISTS (SELECT 1 FROM disposal WHERE status = 'approved' AND child_id = old.child_id)
BEGIN
    SELECT RAISE(ABORT, 'case records are deleted only by an approved disposal');
END;
CREATE TRIGGER assessment_no_delete BEFORE DELETE ON assessment
WHEN NOT EXISTS (SELECT 1 FROM disposal WHERE status = 'approved' AND child_id = old.child_id)
BEGIN
    SELECT RAISE(ABORT, 'case records are deleted only by an approved disposal');
END;
CREATE TRIGGER conversation_no_delete BEFORE DELETE ON conversation
WHEN NOT EXISTS (SELECT 1 FROM disposal WHERE status = 'approved' AND child_id = old.child_id)
BEGIN
    SELECT RAISE(ABORT, 'case records are deleted only by an approved disposal');
END;
CREATE TRIGGER decision_no_delete BEFORE DELETE ON decision
WHEN NOT EXISTS (SELECT 1 FROM disposal WHERE status = 'approved' AND child_id = old.child_id)
BEGIN
    SELECT RAISE(ABORT, 'case records are deleted only by an approved disposal');
END;
CREATE TRIGGER intervention_no_delete BEFORE DELETE ON intervention
WHEN NOT EXISTS (SELECT 1 FROM disposal WHERE status = 'approved' AND child_id = old.child_id)
BEGIN
    SELECT RAISE(ABORT, 'case records are deleted only by an approved disposal');
END;
CREATE TRIGGER plan_no_delete BEFORE DELETE ON plan
WHEN NOT EXISTS (SELECT 1 FROM disposal WHERE status = 'approved' AND child_id = old.child_id)
BEGIN
    SELECT RAISE(ABORT, 'case records are deleted only by an approved disposal');
END;
CREATE TRIGGER goal_no_delete BEFORE DELETE ON goal
WHEN NOT EXISTS (SELECT 1 FROM disposal WHERE status = 'approved' AND child_id = old.child_id)
BEGIN
    SELECT RAISE(ABORT, 'case records are deleted only by an approved disposal');
END;
CREATE TRIGGER followup_no_delete BEFORE DELETE ON followup
WHEN NOT EXISTS (SELECT 1 FROM disposal WHERE status = 'approved' AND child_id = old.child_id)
BEGIN
    SELECT RAISE(ABORT, 'case records are deleted only by an approved disposal');
END;
CREATE TRIGGER supervision_no_delete BEFORE DELETE ON supervision
WHEN NOT EXISTS (SELECT 1 FROM disposal WHERE status = 'approved' AND child_id = old.child_id)
BEGIN
    SELECT RAISE(ABORT, 'case records are deleted only by an approved disposal');
END;
CREATE TRIGGER consent_no_delete BEFORE DELETE ON consent
WHEN NOT EXISTS (SELECT 1 FROM disposal WHERE status = 'approved' AND child_id = old.child_id)
BEGIN
    SELECT RAISE(ABORT, 'case records are deleted only by an approved disposal');
END;

CREATE TABLE audit_new (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,            -- UTC
    actor TEXT NOT NULL,         -- e.g. cli:root, user:17
    action TEXT NOT NULL CHECK (action IN ('create', 'read', 'list', 'update', 'import',
                                           'export', 'refused', 'login', 'login_failed',
                                           'logout', 'purge', 'extract', 'key_rotated',
                                           'disposal_requested', 'disposal_withdrawn',
                                           'disposed')),
    record_type TEXT,
    record_id INTEGER,
    child_id INTEGER,
    detail TEXT,                 -- ids listed, counts, criterion; never free text of a record
    request_id TEXT,
    key_id INTEGER,              -- the key-file key the hash was made with
    hash BLOB                    -- NULL only until sealed
) STRICT;
INSERT INTO audit_new SELECT id, at, actor, action, record_type, record_id, child_id, detail,
    request_id, key_id, hash FROM audit;
DROP TABLE audit;
ALTER TABLE audit_new RENAME TO audit;
CREATE INDEX audit_child ON audit (child_id) WHERE child_id IS NOT NULL;
CREATE INDEX audit_at ON audit (at);

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
