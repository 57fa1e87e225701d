-- 0005: personal fields encrypted at rest (QUALITY.md S-24, S-25).
-- Every field marked personal in records.def (CPR numbers, names, phone numbers, notes, the
-- child's own words ...) is stored as "e1:<key id>:<XChaCha20-Poly1305 box>" under a key from
-- the key file outside the database, bound to its table, column and row. A CPR number is found
-- through cpr_lookup, a keyed BLAKE2b hash of its canonical form. Existing plain values are
-- sealed the first time the database is opened with its key (crypto_state.fields_sealed).
-- child and person are rebuilt: their CHECK on the length of a plain CPR number cannot hold for
-- a sealed one (the application validates CPR numbers before they are sealed). Foreign keys are
-- off while migrations run and checked before each commits (store/migrate.c).

CREATE TABLE child_new (
    id INTEGER PRIMARY KEY,
    version INTEGER NOT NULL DEFAULT 1,
    cpr TEXT,                    -- sealed
    name TEXT,                   -- sealed
    birth_date TEXT,
    unborn INTEGER CHECK (unborn IN (0, 1)),
    expected_birth TEXT,
    sex TEXT CHECK (sex IN ('female', 'male', 'unknown')),
    category TEXT CHECK (category IN ('vulnerable', 'particularly_vulnerable')),
    cpr_lookup TEXT              -- keyed hash of the canonical CPR number
) STRICT;
INSERT INTO child_new (id, version, cpr, name, birth_date, unborn, expected_birth, sex, category)
    SELECT id, version, cpr, name, birth_date, unborn, expected_birth, sex, category FROM child;
DROP TABLE child;
ALTER TABLE child_new RENAME TO child;
CREATE INDEX child_birth ON child (birth_date, sex);
CREATE INDEX child_cpr_lookup ON child (cpr_lookup) WHERE cpr_lookup IS NOT NULL;

CREATE TABLE person_new (
    id INTEGER PRIMARY KEY,
    version INTEGER NOT NULL DEFAULT 1,
    name TEXT NOT NULL,          -- sealed
    cpr TEXT,                    -- sealed
    phone TEXT,                  -- sealed
    cpr_lookup TEXT
) STRICT;
INSERT INTO person_new (id, version, name, cpr, phone)
    SELECT id, version, name, cpr, phone FROM person;
DROP TABLE person;
ALTER TABLE person_new RENAME TO person;
CREATE INDEX person_cpr_lookup ON person (cpr_lookup) WHERE cpr_lookup IS NOT NULL;

CREATE TABLE crypto_state (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    fields_sealed INTEGER NOT NULL CHECK (fields_sealed IN (0, 1))
) STRICT;
INSERT INTO crypto_state (id, fields_sealed) VALUES (1, 0);
