-- 0016: a web form's one-time token (src/app/app.c). A form carries a random token; the write it
-- makes claims the token in the same transaction, and a second submit of the same form (the back
-- button, a double click) finds it claimed and is answered with what the first one saved instead
-- of saving a copy. The token is bound to the account that sent it; rows older than a day go.
CREATE TABLE form_once (
    token TEXT PRIMARY KEY,
    actor TEXT NOT NULL,
    at INTEGER NOT NULL,
    record_type TEXT,
    record_id INTEGER,
    child_id INTEGER
) STRICT, WITHOUT ROWID;
