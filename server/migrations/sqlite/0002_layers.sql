-- The three-layer server: what several instances need to share (an address's failure
-- window, leases on background work, a forwarding cursor per tenant), an email key folded
-- by the server for case-insensitive matching, and no column that nothing reads.

ALTER TABLE users ADD COLUMN email_key TEXT NOT NULL DEFAULT '';
ALTER TABLE users DROP COLUMN password_changed_at;
ALTER TABLE users DROP COLUMN totp_enabled_at;
ALTER TABLE sessions DROP COLUMN reported;
CREATE INDEX sessions_second_steps ON sessions (stage, expires_at);

-- Rows of the history get their own id, so "keep the newest N" needs no rowid.
CREATE TABLE password_history_new (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id),
    hash TEXT NOT NULL,
    set_at INTEGER NOT NULL
);
INSERT INTO password_history_new (user_id, hash, set_at)
    SELECT user_id, hash, set_at FROM password_history ORDER BY set_at, rowid;
DROP TABLE password_history;
ALTER TABLE password_history_new RENAME TO password_history;
CREATE INDEX password_history_user ON password_history (user_id, id);

-- A message being sent is leased: another instance leaves it alone until the lease ends.
ALTER TABLE outbox DROP COLUMN user_id;
ALTER TABLE outbox ADD COLUMN lease_until INTEGER;
CREATE INDEX outbox_pending ON outbox (id) WHERE delivered_at IS NULL;
CREATE INDEX outbox_tenant ON outbox (tenant_id, id);

-- One row per address and window instead of one row per failure: counted by an upsert.
DROP TABLE ip_failures;
CREATE TABLE address_failures (
    address TEXT PRIMARY KEY,
    window_start INTEGER NOT NULL,
    failures INTEGER NOT NULL
);

-- Where forwarding to each tenant's syslog collector has got to, and who is at it.
CREATE TABLE syslog_cursors (
    tenant_id INTEGER PRIMARY KEY REFERENCES tenants(id),
    last_id INTEGER NOT NULL,
    lease_until INTEGER
);
CREATE INDEX audit_tenant_id ON audit (tenant_id, id);
