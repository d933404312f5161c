-- Filled by the migration before this one: now each key is unique in its tenant.
CREATE UNIQUE INDEX users_tenant_email_key ON users (tenant_id, email_key);
