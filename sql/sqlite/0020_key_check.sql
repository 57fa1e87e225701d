-- 0020: the key ring's check values (issue 22). For each key the database was ever sealed with,
-- a keyed hash that only that key makes (BLAKE2b-256 under the key's audit subkey of
-- "trappe key check" and its id). A key file whose keys do not make these values belongs to
-- another database, or is an old copy: trappe refuses to open with it before it writes
-- anything. Keys added by a rotation are recorded in the rotation's transaction; a key pruned
-- from the key file has its row removed first.
CREATE TABLE key_check (
    key_id INTEGER PRIMARY KEY CHECK (key_id > 0),
    check_value BLOB NOT NULL CHECK (length(check_value) = 32),
    added_at TEXT NOT NULL
) STRICT;
-- New audit actions (issue 22), a wider rule every row already meets, so edited in place as 0010
-- does: key_pruned (keys nothing used removed from the key file), audit_chain_loss (rows the
-- chain's anchor outside the file names are missing), readlog_dropped (read-audit rows of the
-- read log that could not be put into the chain), backup (a backup was taken).
PRAGMA writable_schema=ON;
UPDATE sqlite_schema SET sql = replace(sql,
    'OR action = ''disposed'')',
    'OR action = ''disposed'' OR action = ''key_pruned'' OR action = ''audit_chain_loss'' OR action = ''readlog_dropped'' OR action = ''backup'')')
WHERE type = 'table' AND name = 'audit';
PRAGMA writable_schema=RESET;
CREATE TABLE schema_cookie_0020 (x INTEGER) STRICT;
DROP TABLE schema_cookie_0020;
