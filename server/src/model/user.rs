//! Users: who they are, what they may do, and the state sign-in keeps on them.

/// What a user may do in their tenant.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// Administers the tenant: policy, settings, users, audit.
    Admin,
    /// Everyone else.
    Member,
}

impl Role {
    /// As stored and as the API names it.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Admin => "admin",
            Self::Member => "member",
        }
    }

    /// The role named `text`.
    pub fn parse(text: &str) -> Option<Self> {
        [Self::Admin, Self::Member].into_iter().find(|r| r.as_str() == text)
    }
}

/// A user as stored.
#[derive(Clone, Debug)]
pub struct User {
    /// Row id.
    pub id: i64,
    /// The tenant.
    pub tenant_id: i64,
    /// Email, as given at signup.
    pub email: String,
    /// Display name.
    pub name: String,
    /// What they may do.
    pub role: Role,
    /// argon2id PHC string.
    pub password_hash: String,
    /// When the password stops working, if the policy set a lifetime when it was chosen.
    pub password_expires_at: Option<i64>,
    /// Whether they hold a confirmed authenticator (recovery codes do not count).
    pub has_factor: bool,
    /// An administrator reset their 2FA: they enroll at their next sign-in.
    pub enroll_required: bool,
    /// When they were last reminded of their deadline.
    pub deadline_reminded_at: Option<i64>,
    /// Whether a sign-in from a browser they never used is mailed to them.
    pub notify_new_browser: bool,
    /// The end of the grace period to enroll, when 2FA is required and not on.
    pub two_factor_deadline: Option<i64>,
    /// Consecutive failures.
    pub failed_attempts: i64,
    /// Consecutive lockouts.
    pub lockouts: i64,
    /// Locked until then.
    pub locked_until: Option<i64>,
    /// When the account was made.
    pub created_at: i64,
    /// The language of the messages mailed to them (a tag of `crate::i18n`).
    pub locale: String,
    /// When they proved the email address is theirs; nothing but that proof is mailed to an
    /// address before.
    pub email_verified_at: Option<i64>,
    /// A service account: it owns API tokens for a system and never signs in on the web.
    pub service_account: bool,
    /// The login name they may sign in with, as given (NFKC).
    pub login: Option<String>,
    /// Their phone in E.164; it signs in (and receives reset links) once proved.
    pub phone: Option<String>,
    /// When the phone was proved theirs.
    pub phone_verified_at: Option<i64>,
    /// When an administrator disabled the account.
    pub disabled_at: Option<i64>,
}

impl User {
    /// Whether 2FA is on: at least one authenticator other than recovery codes.
    pub fn two_factor_enabled(&self) -> bool {
        self.has_factor
    }

    /// Whether the account is locked at `now`, and until when.
    pub fn locked_at(&self, now: i64) -> Option<i64> {
        self.locked_until.filter(|until| *until > now)
    }

    /// Whether a password was ever set (an invited card has none yet).
    pub fn has_password(&self) -> bool {
        !self.password_hash.is_empty()
    }

    /// Invited, active or disabled.
    pub fn status(&self) -> Status {
        Status::of(self.has_password(), self.disabled_at.is_some())
    }

    /// The phone, once proved.
    pub fn verified_phone(&self) -> Option<&str> {
        self.phone.as_deref().filter(|_| self.phone_verified_at.is_some())
    }
}

/// Where an account stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    /// A card an administrator made: no password yet, so it cannot sign in.
    Invited,
    /// Signs in.
    Active,
    /// An administrator disabled it: it cannot sign in.
    Disabled,
}

impl Status {
    /// From whether a password is set and whether the account is disabled.
    pub fn of(has_password: bool, disabled: bool) -> Self {
        match (has_password, disabled) {
            (_, true) => Self::Disabled,
            (false, false) => Self::Invited,
            (true, false) => Self::Active,
        }
    }

    /// As the API names it.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Invited => "invited",
            Self::Active => "active",
            Self::Disabled => "disabled",
        }
    }
}

/// A user as the admin's list shows them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UserSummary {
    /// Row id.
    pub id: i64,
    /// Email.
    pub email: String,
    /// Display name.
    pub name: String,
    /// Role.
    pub role: Role,
    /// Whether 2FA is on.
    pub two_factor_enabled: bool,
    /// The end of the grace period to enroll.
    pub two_factor_deadline: Option<i64>,
    /// Locked until then.
    pub locked_until: Option<i64>,
    /// When the account was made.
    pub created_at: i64,
    /// Unspent recovery codes.
    pub recovery_codes_left: i64,
    /// A service account (tokens only, no web sign-in).
    pub service_account: bool,
    /// Invited, active or disabled.
    pub status: Status,
    /// The login name.
    pub login: Option<String>,
    /// The phone, E.164.
    pub phone: Option<String>,
    /// Whether the phone is proved.
    pub phone_verified: bool,
    /// When the live invitation (if any) lapses.
    pub invitation_expires_at: Option<i64>,
}

/// The form of an email every lookup and uniqueness check uses: NFKC, then lower case.
/// Domains are case-insensitive, and no provider people use treats the local part otherwise.
/// Folded here rather than in SQL, whose `lower()` folds only ASCII on SQLite.
pub fn email_key(email: &str) -> String {
    twofold::nfkc(email.trim()).to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_fold_beyond_ascii_and_roles_round_trip() {
        assert_eq!(email_key(" Jane.Doe@Example.COM "), "jane.doe@example.com");
        assert_eq!(email_key("ЖЕНЯ@пример.рф"), "женя@пример.рф");
        assert_eq!(email_key("ｊａｎｅ@example.com"), "jane@example.com");
        for role in [Role::Admin, Role::Member] {
            assert_eq!(Role::parse(role.as_str()), Some(role));
        }
        assert_eq!(Role::parse("root"), None);
    }
}
