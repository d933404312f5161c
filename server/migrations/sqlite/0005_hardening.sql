-- Hardening: one window table for every rate limit, repeated refusals as one audit row with
-- a count, failure counts for emails that have no account (so both answer alike), proof
-- that a user owns their email before anything is mailed to it, one-time codes sent by mail,
-- and the indexes the retention sweep deletes by.

ALTER TABLE address_failures RENAME TO rate_windows;
ALTER TABLE rate_windows RENAME COLUMN address TO bucket;
ALTER TABLE rate_windows RENAME COLUMN failures TO hits;
CREATE INDEX rate_windows_start ON rate_windows (window_start);

ALTER TABLE audit ADD COLUMN repeats INTEGER NOT NULL DEFAULT 1;
CREATE INDEX audit_at ON audit (at);
CREATE INDEX audit_repeats ON audit (tenant_id, ip, event, id);

CREATE TABLE unknown_accounts (
    tenant_id INTEGER NOT NULL REFERENCES tenants(id),
    email_key TEXT NOT NULL,
    failed_attempts INTEGER NOT NULL DEFAULT 0,
    lockouts INTEGER NOT NULL DEFAULT 0,
    locked_until INTEGER,
    last_at INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, email_key)
);
CREATE INDEX unknown_accounts_last ON unknown_accounts (last_at);

ALTER TABLE users ADD COLUMN email_verified_at INTEGER;

CREATE TABLE mail_codes (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id),
    purpose TEXT NOT NULL,
    code_hash TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    tries INTEGER NOT NULL DEFAULT 0,
    used_at INTEGER
);
CREATE INDEX mail_codes_user ON mail_codes (user_id, purpose, id);
CREATE INDEX mail_codes_expiry ON mail_codes (expires_at);

CREATE INDEX outbox_at ON outbox (at);
CREATE INDEX sessions_expiry ON sessions (expires_at);
CREATE INDEX remembered_devices_expiry ON remembered_devices (expires_at);

-- The CSRF token a session was opened with: a state-changing request of the session must
-- carry that one, not merely one that matches a cookie someone else could have planted.
ALTER TABLE sessions ADD COLUMN csrf_hash TEXT NOT NULL DEFAULT '';
