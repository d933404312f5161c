//! How far through sign-in a session is.

/// The stage of a session.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stage {
    /// Signed in.
    Full,
    /// Password right; a code or recovery code is still to come.
    SecondFactor,
    /// 2FA is required and the grace period is over: only enrollment is open.
    EnrollmentOnly,
    /// The password expired: only changing it is open.
    PasswordChange,
}

impl Stage {
    /// Every stage.
    pub const ALL: [Self; 4] = [Self::Full, Self::SecondFactor, Self::EnrollmentOnly, Self::PasswordChange];

    /// As stored and as the API names it.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Full => "full",
            Self::SecondFactor => "second_factor",
            Self::EnrollmentOnly => "enrollment_only",
            Self::PasswordChange => "password_change",
        }
    }

    /// The stage named `text`.
    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == text)
    }
}
