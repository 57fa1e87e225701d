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
