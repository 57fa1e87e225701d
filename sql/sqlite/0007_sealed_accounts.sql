-- 0007: the accounts' TOTP secrets and display names sealed at rest like the personal fields
-- (S-24), bound to the login; existing accounts are sealed on the next open with the key file.
ALTER TABLE crypto_state ADD COLUMN users_sealed INTEGER NOT NULL DEFAULT 0 CHECK (users_sealed IN (0, 1));
