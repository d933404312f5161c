-- Second factors as a table of authenticators: several TOTP apps, each named, an email
-- address, a phone for SMS; each with its own replay state, and pending until confirmed.
-- Existing secrets become each user's first authenticator. Tenants choose who must use
-- 2FA and which kinds are allowed.

CREATE TABLE authenticators (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id),
    kind TEXT NOT NULL CHECK (kind IN ('totp', 'email', 'sms')),
    name TEXT NOT NULL,
    secret BLOB,
    address TEXT,
    last_step INTEGER,
    created_at INTEGER NOT NULL,
    confirmed_at INTEGER,
    expires_at INTEGER,
    last_used_at INTEGER,
    -- A new app for "my device has changed": confirming it retires the others of its kind.
    replaces INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX authenticators_user ON authenticators (user_id, kind);

INSERT INTO authenticators (user_id, kind, name, secret, last_step, created_at, confirmed_at)
    SELECT id, 'totp', 'Authenticator app', totp_secret, totp_last_step, created_at, created_at
    FROM users WHERE totp_secret IS NOT NULL;
ALTER TABLE users DROP COLUMN totp_secret;
ALTER TABLE users DROP COLUMN totp_pending;
ALTER TABLE users DROP COLUMN totp_last_step;
-- An administrator reset the user's 2FA: they enroll at their next sign-in.
ALTER TABLE users ADD COLUMN enroll_required INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN deadline_reminded_at INTEGER;
ALTER TABLE users ADD COLUMN notify_new_browser INTEGER NOT NULL DEFAULT 1;

-- When this session last proved a second factor (step-up), and where its password step
-- came from (for the notice when the second step never follows).
ALTER TABLE sessions ADD COLUMN factor_at INTEGER;
ALTER TABLE sessions ADD COLUMN ip TEXT NOT NULL DEFAULT '';
ALTER TABLE sessions ADD COLUMN user_agent TEXT NOT NULL DEFAULT '';

ALTER TABLE tenants ADD COLUMN two_factor_scope TEXT NOT NULL DEFAULT 'none'
    CHECK (two_factor_scope IN ('none', 'admins', 'everyone'));
UPDATE tenants SET two_factor_scope = 'everyone' WHERE two_factor_required = 1;
ALTER TABLE tenants DROP COLUMN two_factor_required;
ALTER TABLE tenants ADD COLUMN grace_until INTEGER;
ALTER TABLE tenants ADD COLUMN allowed_factors TEXT NOT NULL DEFAULT '["totp","email","sms"]';
ALTER TABLE tenants ADD COLUMN sms_config BLOB;

-- Browsers a user signed in from, so that a sign-in from another one is worth a notice.
CREATE TABLE known_browsers (
    user_id INTEGER NOT NULL REFERENCES users(id),
    token_hash TEXT NOT NULL,
    first_at INTEGER NOT NULL,
    last_at INTEGER NOT NULL,
    PRIMARY KEY (user_id, token_hash)
);
CREATE INDEX known_browsers_last ON known_browsers (last_at);
