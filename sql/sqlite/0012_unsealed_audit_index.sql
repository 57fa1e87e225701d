-- 0012: opening a database with its key asks whether any audit row is still unsealed (rows from
-- before 0004 are sealed into the chain then). Without an index that question read the whole
-- audit table at every open: each CLI command, each web worker, longer as the trail grows
-- (QUALITY.md P-10). Sealed rows are not in this index, so it stays empty and costs an insert
-- nothing but the check of its condition.
CREATE INDEX audit_unsealed ON audit (id) WHERE hash IS NULL;
