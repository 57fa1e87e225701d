-- 0010: CHECK (x IN ('a', 'b', 'c')) costs a temporary b-tree at every insert and update: SQLite
-- codes a constant IN list of more than two values as an ephemeral index, built afresh each time
-- the statement runs (~5 us for the audit table's sixteen actions, a fifth of an audit row's
-- cost). The same rule written as x = 'a' OR x = 'b' OR ... is a few comparisons. The meaning is
-- unchanged (NULL still passes, any other value outside the list is still refused), so every row
-- already satisfies it and the tables are not rebuilt: the constraint text is edited in place,
-- SQLite's documented procedure for changes that leave the stored content valid. The empty table
-- created and dropped at the end moves the schema cookie, so every connection parses the new text.
-- New CHECK rules keep to two-value IN lists or OR chains (tests/unit/test_store.c checks).
PRAGMA writable_schema=ON;
UPDATE sqlite_schema SET sql = replace(sql,
    'CHECK (role IN (''caseworker'', ''team_leader'', ''leadership'', ''partner'',
                                       ''taskforce'', ''analyst'', ''admin''))',
    'CHECK (role = ''caseworker'' OR role = ''team_leader'' OR role = ''leadership'' OR role = ''partner'' OR role = ''taskforce'' OR role = ''analyst'' OR role = ''admin'')')
WHERE type = 'table' AND name = 'app_user';
UPDATE sqlite_schema SET sql = replace(sql,
    'CHECK (action IN (''create'', ''read'', ''list'', ''update'', ''import'',
                                           ''export'', ''refused'', ''login'', ''login_failed'',
                                           ''logout'', ''purge'', ''extract'', ''key_rotated'',
                                           ''disposal_requested'', ''disposal_withdrawn'',
                                           ''disposed''))',
    'CHECK (action = ''create'' OR action = ''read'' OR action = ''list'' OR action = ''update'' OR action = ''import'' OR action = ''export'' OR action = ''refused'' OR action = ''login'' OR action = ''login_failed'' OR action = ''logout'' OR action = ''purge'' OR action = ''extract'' OR action = ''key_rotated'' OR action = ''disposal_requested'' OR action = ''disposal_withdrawn'' OR action = ''disposed'')')
WHERE type = 'table' AND name = 'audit';
UPDATE sqlite_schema SET sql = replace(sql,
    'CHECK (sex IN (''female'', ''male'', ''unknown''))',
    'CHECK (sex = ''female'' OR sex = ''male'' OR sex = ''unknown'')')
WHERE type = 'table' AND name = 'child';
UPDATE sqlite_schema SET sql = replace(sql,
    'CHECK (given_by IN (''young_person'', ''custody_holder'', ''both''))',
    'CHECK (given_by = ''young_person'' OR given_by = ''custody_holder'' OR given_by = ''both'')')
WHERE type = 'table' AND name = 'consent';
UPDATE sqlite_schema SET sql = replace(sql,
    'CHECK (status IN (''requested'', ''approved'', ''disposed'', ''withdrawn''))',
    'CHECK (status = ''requested'' OR status = ''approved'' OR status = ''disposed'' OR status = ''withdrawn'')')
WHERE type = 'table' AND name = 'disposal';
UPDATE sqlite_schema SET sql = replace(sql,
    'CHECK (rate_unit IN (''hour'', ''day'', ''week'', ''month'', ''year'', ''once''))',
    'CHECK (rate_unit = ''hour'' OR rate_unit = ''day'' OR rate_unit = ''week'' OR rate_unit = ''month'' OR rate_unit = ''year'' OR rate_unit = ''once'')')
WHERE type = 'table' AND name = 'intervention';
UPDATE sqlite_schema SET sql = replace(sql,
    'CHECK (assessment_outcome IN (''no_further_action'', ''screening'',
                                                          ''acute_measures''))',
    'CHECK (assessment_outcome = ''no_further_action'' OR assessment_outcome = ''screening'' OR assessment_outcome = ''acute_measures'')')
WHERE type = 'table' AND name = 'notification';
UPDATE sqlite_schema SET sql = replace(sql,
    'CHECK (kind IN (''parent_custody'', ''parent_no_custody'', ''network'', ''sibling'',
                                       ''foster_parent'', ''other''))',
    'CHECK (kind = ''parent_custody'' OR kind = ''parent_no_custody'' OR kind = ''network'' OR kind = ''sibling'' OR kind = ''foster_parent'' OR kind = ''other'')')
WHERE type = 'table' AND name = 'relation';
UPDATE sqlite_schema SET sql = replace(sql,
    'CHECK (outcome IN (''nothing_further'', ''afdaekning'', ''assessment''))',
    'CHECK (outcome = ''nothing_further'' OR outcome = ''afdaekning'' OR outcome = ''assessment'')')
WHERE type = 'table' AND name = 'screening';
PRAGMA writable_schema=RESET;
CREATE TABLE migration_0010_cookie (x INTEGER) STRICT;
DROP TABLE migration_0010_cookie;
