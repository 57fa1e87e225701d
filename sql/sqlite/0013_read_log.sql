-- 0013: the read log (src/store/readlog.c). Under load the web server makes read-audit rows
-- durable in a file beside the database (DB-readlog) and puts them into the audit chain in
-- batches, so that readers' page caches are not emptied by a commit to this file for every few
-- page views (QUALITY.md P-4). Each record of the log is numbered; upto is the number of the last
-- record already in the chain, set in the transaction that put it there, so that a log left
-- behind by a crash puts each record into the chain exactly once.
CREATE TABLE audit_readlog (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    upto INTEGER NOT NULL CHECK (upto >= 0)
) STRICT;
INSERT INTO audit_readlog (id, upto) VALUES (1, 0);
