//! API tokens: long random credentials for systems that cannot prove a second factor (a
//! SIEM pulling the audit log), each good for the scopes it was made with and nothing else.

/// What a token may be used for. Each route that accepts tokens names the one scope it
/// needs; a new kind of access is a new variant here and a new name in [`Scope::ALL`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Scope {
    /// Reading the audit log: `GET /api/admin/audit` and `GET /api/admin/audit/export`.
    AuditRead,
}

impl Scope {
    /// Every scope.
    pub const ALL: [Self; 1] = [Self::AuditRead];

    /// As stored and as the API names it.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::AuditRead => "audit:read",
        }
    }

    /// The scope named `text`.
    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == text)
    }

    /// Whether only an administrator may give it: to a token of their own, or to one of a
    /// service account's.
    pub fn administrative(self) -> bool {
        match self {
            Self::AuditRead => true,
        }
    }
}

/// A token as stored: never its secret, which only its holder has.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiToken {
    /// Row id.
    pub id: i64,
    /// The tenant.
    pub tenant_id: i64,
    /// Whose it is: its uses act as this user.
    pub user_id: i64,
    /// The owner's email.
    pub owner_email: String,
    /// The owner's display name.
    pub owner_name: String,
    /// Whether the owner is a service account.
    pub owner_service: bool,
    /// Who made it: the owner, or an administrator for a service account.
    pub created_by: i64,
    /// The name its maker gave it ("SIEM export").
    pub name: String,
    /// What it may do, sorted.
    pub scopes: Vec<Scope>,
    /// Its first characters, to tell tokens apart in a list.
    pub hint: String,
    /// Unix seconds.
    pub created_at: i64,
    /// When it stops working.
    pub expires_at: i64,
    /// When it last got in.
    pub last_used_at: Option<i64>,
    /// When it was revoked.
    pub revoked_at: Option<i64>,
}

impl ApiToken {
    /// Whether it may be used at `now`.
    pub fn live_at(&self, now: i64) -> bool {
        self.revoked_at.is_none() && self.expires_at > now
    }

    /// Whether it carries `scope`.
    pub fn allows(&self, scope: Scope) -> bool {
        self.scopes.contains(&scope)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scopes_round_trip_and_unknown_names_are_none() {
        for scope in Scope::ALL {
            assert_eq!(Scope::parse(scope.as_str()), Some(scope));
        }
        assert_eq!(Scope::parse("audit:write"), None);
        assert_eq!(Scope::parse("AUDIT:READ"), None);
    }
}
