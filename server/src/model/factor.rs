//! Second factors: the kinds a user may prove who they are with, the authenticators they
//! hold, and who in a tenant must hold one.

use serde::{Deserialize, Serialize};

use super::Role;

/// A kind of authenticator.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FactorKind {
    /// An authenticator app making TOTP codes (RFC 6238).
    Totp,
    /// A code mailed to an address. NIST SP 800-63B-4 does not count email as an
    /// out-of-band authenticator: offered, and said to be weaker.
    Email,
    /// A code sent by SMS: a restricted authenticator in NIST SP 800-63B-4.
    Sms,
}

impl FactorKind {
    /// Every kind.
    pub const ALL: [Self; 3] = [Self::Totp, Self::Email, Self::Sms];

    /// As stored and as the API names it.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Totp => "totp",
            Self::Email => "email",
            Self::Sms => "sms",
        }
    }

    /// The kind named `text`.
    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == text)
    }

    /// Whether a code is sent to the user for each sign-in (rather than made by their app).
    pub fn is_sent(self) -> bool {
        self != Self::Totp
    }
}

/// An authenticator a user holds (or is adding: until confirmed it proves nothing).
#[derive(Clone, Debug)]
pub struct Authenticator {
    /// Row id.
    pub id: i64,
    /// Its user.
    pub user_id: i64,
    /// Its kind.
    pub kind: FactorKind,
    /// The name its owner gave it ("phone", "tablet").
    pub name: String,
    /// A TOTP app's secret, encrypted for the user.
    pub secret: Option<Vec<u8>>,
    /// Where codes are sent: an email address, or a phone number in E.164.
    pub address: Option<String>,
    /// A TOTP app's last accepted time step: its replay state.
    pub last_step: Option<i64>,
    /// When it was added.
    pub created_at: i64,
    /// When its first code confirmed it; `None` while pending.
    pub confirmed_at: Option<i64>,
    /// When a pending one lapses.
    pub expires_at: Option<i64>,
    /// When it last signed someone in.
    pub last_used_at: Option<i64>,
    /// Whether confirming it retires the user's other authenticators of its kind (a new
    /// phone: "my device has changed").
    pub replaces: bool,
}

impl Authenticator {
    /// Whether it proves anything yet.
    pub fn confirmed(&self) -> bool {
        self.confirmed_at.is_some()
    }
}

/// Who in a tenant must use a second factor.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TwoFactorScope {
    /// Nobody (anyone may).
    #[default]
    None,
    /// Administrators (MANGO OFFICE's rule).
    Admins,
    /// Everyone (Bitrix24's).
    Everyone,
}

impl TwoFactorScope {
    /// As stored and as the API names it.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::None => "none",
            Self::Admins => "admins",
            Self::Everyone => "everyone",
        }
    }

    /// The scope named `text`.
    pub fn parse(text: &str) -> Option<Self> {
        [Self::None, Self::Admins, Self::Everyone].into_iter().find(|s| s.as_str() == text)
    }

    /// Whether someone with `role` must use a second factor.
    pub fn applies_to(self, role: Role) -> bool {
        match self {
            Self::None => false,
            Self::Admins => role == Role::Admin,
            Self::Everyone => true,
        }
    }

    /// Whether it asks at least as much of everyone as `other` does.
    pub fn covers(self, other: Self) -> bool {
        [Role::Admin, Role::Member].into_iter().all(|role| self.applies_to(role) || !other.applies_to(role))
    }
}

/// Today's `true` and `false` still mean everyone and nobody.
impl<'de> Deserialize<'de> for TwoFactorScope {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Given {
            Flag(bool),
            Name(String),
        }
        match Given::deserialize(deserializer)? {
            Given::Flag(true) => Ok(Self::Everyone),
            Given::Flag(false) => Ok(Self::None),
            Given::Name(name) => Self::parse(&name).ok_or_else(|| {
                serde::de::Error::custom("twoFactorRequired must be none, admins or everyone")
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scopes_read_old_flags_and_compare() {
        let read = |json: &str| serde_json::from_str::<TwoFactorScope>(json).map_err(|e| e.to_string());
        assert_eq!(read("true"), Ok(TwoFactorScope::Everyone));
        assert_eq!(read("false"), Ok(TwoFactorScope::None));
        assert_eq!(read("\"admins\""), Ok(TwoFactorScope::Admins));
        assert!(read("\"all\"").is_err());
        assert!(TwoFactorScope::Everyone.covers(TwoFactorScope::Admins));
        assert!(!TwoFactorScope::Admins.covers(TwoFactorScope::Everyone));
        assert!(
            TwoFactorScope::Admins.applies_to(Role::Admin)
                && !TwoFactorScope::Admins.applies_to(Role::Member)
        );
    }
}
