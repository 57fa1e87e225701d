-- 0002: local accounts (Argon2id password + TOTP second factor) and server-side sessions.
-- Identity stays behind one interface (app/auth) so SAML through KOMBIT's Context Handler can
-- replace local passwords later (QUALITY S-05..S-07).

CREATE TABLE app_user (
    id INTEGER PRIMARY KEY,
    login TEXT NOT NULL UNIQUE CHECK (length(login) BETWEEN 2 AND 64),
    display_name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('caseworker', 'team_leader', 'leadership', 'partner',
                                       'taskforce', 'analyst', 'admin')),
    team TEXT,
    password_hash TEXT NOT NULL,         -- crypto_pwhash_str (Argon2id)
    totp_secret TEXT NOT NULL,           -- base32; encrypted at rest with the access-control issue
    totp_last_step INTEGER NOT NULL DEFAULT 0, -- a TOTP code is accepted once (no replay)
    disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
    demo INTEGER NOT NULL DEFAULT 0 CHECK (demo IN (0, 1)),
    created_at TEXT NOT NULL
) STRICT;

CREATE TABLE session (
    token_hash BLOB PRIMARY KEY,         -- BLAKE2b-256 of the cookie's token; the token is not kept
    user_id INTEGER NOT NULL REFERENCES app_user (id),
    created_at INTEGER NOT NULL,         -- unix seconds
    last_seen INTEGER NOT NULL
) STRICT;
CREATE INDEX session_user ON session (user_id);

ALTER TABLE intervention ADD COLUMN lower_steps TEXT;  -- least intrusive first: what was tried
