-- Tenants, their users, and everything sign-in needs. Times are unix seconds.
CREATE TABLE tenants (
    id INTEGER PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    policy TEXT NOT NULL DEFAULT '{}',
    two_factor_required INTEGER NOT NULL DEFAULT 0,
    grace_days INTEGER NOT NULL DEFAULT 7,
    remember_device_days INTEGER NOT NULL DEFAULT 30,
    ip_allowlist TEXT NOT NULL DEFAULT '[]',
    lockout_threshold INTEGER NOT NULL DEFAULT 5,
    lockout_base_seconds INTEGER NOT NULL DEFAULT 60,
    lockout_max_seconds INTEGER NOT NULL DEFAULT 3600,
    syslog_target TEXT,
    created_at INTEGER NOT NULL
);

CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    tenant_id INTEGER NOT NULL REFERENCES tenants(id),
    email TEXT NOT NULL,
    name TEXT NOT NULL,
    role TEXT NOT NULL DEFAULT 'member' CHECK (role IN ('admin', 'member')),
    password_hash TEXT NOT NULL,
    password_changed_at INTEGER NOT NULL,
    -- Fixed when the password is set, from the policy then in force: new rules apply to new
    -- passwords only.
    password_expires_at INTEGER,
    totp_secret BLOB,
    totp_pending BLOB,
    totp_last_step INTEGER,
    totp_enabled_at INTEGER,
    two_factor_deadline INTEGER,
    failed_attempts INTEGER NOT NULL DEFAULT 0,
    lockouts INTEGER NOT NULL DEFAULT 0,
    locked_until INTEGER,
    created_at INTEGER NOT NULL,
    UNIQUE (tenant_id, email)
);

CREATE TABLE password_history (
    user_id INTEGER NOT NULL REFERENCES users(id),
    hash TEXT NOT NULL,
    set_at INTEGER NOT NULL
);
CREATE INDEX password_history_user ON password_history (user_id, set_at);

CREATE TABLE recovery_codes (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id),
    code_hash TEXT NOT NULL,
    used_at INTEGER
);
CREATE INDEX recovery_codes_user ON recovery_codes (user_id);

CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id),
    stage TEXT NOT NULL CHECK (stage IN ('full', 'second_factor', 'enrollment_only', 'password_change')),
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    -- Set once a pending second step has been reported as a partial sign-in.
    reported INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE remembered_devices (
    token_hash TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id),
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    user_agent TEXT NOT NULL DEFAULT '',
    revoked_at INTEGER
);

CREATE TABLE audit (
    id INTEGER PRIMARY KEY,
    at INTEGER NOT NULL,
    tenant_id INTEGER NOT NULL,
    user_id INTEGER,
    email TEXT,
    ip TEXT NOT NULL,
    user_agent TEXT NOT NULL,
    event TEXT NOT NULL,
    detail TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_tenant_at ON audit (tenant_id, at);

CREATE TABLE outbox (
    id INTEGER PRIMARY KEY,
    at INTEGER NOT NULL,
    tenant_id INTEGER NOT NULL,
    user_id INTEGER,
    recipient TEXT NOT NULL,
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    delivered_at INTEGER,
    attempts INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE ip_failures (
    ip TEXT NOT NULL,
    at INTEGER NOT NULL
);
CREATE INDEX ip_failures_ip ON ip_failures (ip, at);
