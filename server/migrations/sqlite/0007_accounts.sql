-- Accounts (issue 14): a login name and a phone to sign in with, each unique in its tenant
-- once it is someone's (a phone only once proved, so that a number typed on a card or by
-- mistake blocks nobody); accounts an administrator disabled; invitations and password
-- resets, each a random token stored as a keyed hash; tenants that take new members by
-- invitation only.

ALTER TABLE users ADD COLUMN login TEXT;
ALTER TABLE users ADD COLUMN login_key TEXT;
ALTER TABLE users ADD COLUMN phone TEXT;
ALTER TABLE users ADD COLUMN phone_verified_at INTEGER;
ALTER TABLE users ADD COLUMN disabled_at INTEGER;
CREATE UNIQUE INDEX users_tenant_login_key ON users (tenant_id, login_key);
CREATE UNIQUE INDEX users_tenant_phone ON users (tenant_id, phone) WHERE phone_verified_at IS NOT NULL;

ALTER TABLE tenants ADD COLUMN self_signup INTEGER NOT NULL DEFAULT 1;

-- One live invitation per card: resending replaces its token, accepting or revoking deletes it.
CREATE TABLE invitations (
    user_id INTEGER PRIMARY KEY REFERENCES users(id),
    token_hash TEXT NOT NULL UNIQUE,
    invited_by INTEGER REFERENCES users(id),
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
);
CREATE INDEX invitations_expiry ON invitations (expires_at);

CREATE TABLE password_resets (
    token_hash TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id),
    channel TEXT NOT NULL CHECK (channel IN ('email', 'sms')),
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
);
CREATE INDEX password_resets_user ON password_resets (user_id);
CREATE INDEX password_resets_expiry ON password_resets (expires_at);
