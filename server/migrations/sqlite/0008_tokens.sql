-- API tokens for systems that cannot do a second factor, service accounts to own them,
-- which version of its policy a user's password was last judged by, and what a tenant does
-- when the breached-password range API does not answer.

-- A token's secret is never stored: only its keyed hash (HMAC-SHA256 under the server's
-- key), and a short hint of its first characters to tell tokens apart in a list.
CREATE TABLE api_tokens (
    id INTEGER PRIMARY KEY,
    tenant_id INTEGER NOT NULL REFERENCES tenants(id),
    user_id INTEGER NOT NULL REFERENCES users(id),
    created_by INTEGER NOT NULL REFERENCES users(id),
    name TEXT NOT NULL,
    -- Space-separated, e.g. 'audit:read'.
    scopes TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    hint TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    last_used_at INTEGER,
    revoked_at INTEGER
);
CREATE INDEX api_tokens_user ON api_tokens (user_id, id);
CREATE INDEX api_tokens_tenant ON api_tokens (tenant_id, id);
CREATE INDEX api_tokens_expiry ON api_tokens (expires_at);

-- A service account owns tokens and never signs in on the web.
ALTER TABLE users ADD COLUMN service_account INTEGER NOT NULL DEFAULT 0;

-- The policy's version moves on whenever its text changes; a user's password is judged
-- again by the new one at their next sign-in, and the verdict kept with the version.
ALTER TABLE tenants ADD COLUMN policy_version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE tenants ADD COLUMN policy_changed_at INTEGER;
ALTER TABLE users ADD COLUMN policy_version INTEGER;
ALTER TABLE users ADD COLUMN policy_passes INTEGER;
CREATE INDEX users_policy ON users (tenant_id, policy_version, policy_passes);

-- 1: refuse new passwords while the breached-password range API does not answer; 0: accept.
ALTER TABLE tenants ADD COLUMN breach_fail_closed INTEGER NOT NULL DEFAULT 0;
