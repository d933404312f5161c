-- As SQLite's 0007. Accounts (issue 14): a login name and a phone to sign in with, each
-- unique in its tenant once it is someone's (a phone only once proved, so that a number typed
-- on a card or by mistake blocks nobody); accounts an administrator disabled; invitations and
-- password resets, each a random token stored as a keyed hash; tenants that take new members
-- by invitation only.

ALTER TABLE users ADD COLUMN login TEXT;
ALTER TABLE users ADD COLUMN login_key TEXT;
ALTER TABLE users ADD COLUMN phone TEXT;
ALTER TABLE users ADD COLUMN phone_verified_at BIGINT;
ALTER TABLE users ADD COLUMN disabled_at BIGINT;
CREATE UNIQUE INDEX users_tenant_login_key ON users (tenant_id, login_key);
CREATE UNIQUE INDEX users_tenant_phone ON users (tenant_id, phone) WHERE phone_verified_at IS NOT NULL;

ALTER TABLE tenants ADD COLUMN self_signup BIGINT NOT NULL DEFAULT 1;

-- One live invitation per card: resending replaces its token, accepting or revoking deletes it.
CREATE TABLE invitations (
    user_id BIGINT PRIMARY KEY REFERENCES users(id),
    token_hash TEXT NOT NULL UNIQUE,
    invited_by BIGINT REFERENCES users(id),
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX invitations_expiry ON invitations (expires_at);

CREATE TABLE password_resets (
    token_hash TEXT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users(id),
    channel TEXT NOT NULL CHECK (channel IN ('email', 'sms')),
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX password_resets_user ON password_resets (user_id);
CREATE INDEX password_resets_expiry ON password_resets (expires_at);
