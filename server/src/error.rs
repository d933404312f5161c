//! The one error of the rules: why a request is refused, or that something broke. Every
//! refusal has a stable `code`, the arguments of its message, and, where one field of the
//! request is to blame, that field. Its words come from the catalogues (`crate::i18n`) in the
//! language of whoever reads them; the HTTP layer (`http::error`) gives each kind its status.

use serde_json::Value;

use crate::i18n::{self, Arg};
use crate::store::StoreError;

/// Result of a service call.
pub type Result<T> = std::result::Result<T, Error>;

/// What a refusal says, in no language yet.
#[derive(Clone, Debug, PartialEq)]
pub struct Refusal {
    /// The stable code, e.g. `email_taken`.
    pub code: &'static str,
    /// Which of the code's messages (`error.{code}.{reason}`), where one code has several.
    pub reason: Option<&'static str>,
    /// The message's arguments.
    pub args: Vec<(&'static str, Arg)>,
    /// The request field at fault, as the API names it.
    pub field: Option<String>,
    /// For developers: what a parser said, in English. Never shown as the message.
    pub detail: Option<String>,
    /// Seconds after which asking again may succeed (the next TOTP step, say).
    pub retry_after: Option<i64>,
}

/// Why a request was refused.
#[derive(Clone, Debug)]
pub enum Error {
    /// The input is malformed: a body, a parameter, a code, a setting.
    Invalid(Refusal),
    /// Not signed in, or the credentials are wrong.
    Unauthenticated(Refusal),
    /// Signed in but not allowed (a role, an address, a step still to do, CSRF).
    Forbidden(Refusal),
    /// No such tenant, route or resource.
    NotFound(Refusal),
    /// The request conflicts with the current state (an email taken, 2FA already on).
    Conflict(Refusal),
    /// A service the request needed (an SMS provider) failed or refused; not the client's
    /// mistake, and not ours.
    BadGateway(Refusal),
    /// A check the request must pass cannot be made just now (the breached-password range
    /// API away, where the tenant refuses unchecked passwords): try again later. 503, with
    /// `Retry-After` when the refusal has one.
    CheckUnavailable(Refusal),
    /// The request body is larger than any this server reads.
    TooLarge,
    /// The request (its head or its body) did not arrive in the time this server waits.
    TimedOut,
    /// The method is not one the route has.
    MethodNotAllowed,
    /// The password breaks the tenant's policy; carries the core's verdict.
    PasswordRefused {
        /// The core's verdict, in the language the request asked for.
        verdict: Value,
    },
    /// The account is locked until `until` (unix seconds).
    Locked {
        /// Unix seconds.
        until: i64,
    },
    /// Too many attempts from this address; retry after `retry_after` seconds.
    RateLimited {
        /// Seconds.
        retry_after: i64,
    },
    /// The database is away or overloaded: retry soon.
    Unavailable(String),
    /// A bug or an I/O failure: logged, never shown.
    Internal(String),
}

fn refusal(code: &'static str) -> Refusal {
    Refusal { code, reason: None, args: Vec::new(), field: None, detail: None, retry_after: None }
}

impl Error {
    /// Malformed input.
    pub fn invalid(code: &'static str) -> Self {
        Self::Invalid(refusal(code))
    }

    /// Not signed in, or wrong credentials.
    pub fn unauthenticated(code: &'static str) -> Self {
        Self::Unauthenticated(refusal(code))
    }

    /// Not allowed.
    pub fn forbidden(code: &'static str) -> Self {
        Self::Forbidden(refusal(code))
    }

    /// Not there.
    pub fn not_found(code: &'static str) -> Self {
        Self::NotFound(refusal(code))
    }

    /// In conflict with the current state.
    pub fn conflict(code: &'static str) -> Self {
        Self::Conflict(refusal(code))
    }

    /// A service we rely on failed.
    pub fn bad_gateway(code: &'static str) -> Self {
        Self::BadGateway(refusal(code))
    }

    /// A check that cannot be made now.
    pub fn check_unavailable(code: &'static str) -> Self {
        Self::CheckUnavailable(refusal(code))
    }

    /// A bug, logged with `context`.
    pub fn internal(context: impl std::fmt::Display) -> Self {
        Self::Internal(context.to_string())
    }

    fn refusal_mut(&mut self) -> Option<&mut Refusal> {
        match self {
            Self::Invalid(r)
            | Self::Unauthenticated(r)
            | Self::Forbidden(r)
            | Self::NotFound(r)
            | Self::Conflict(r)
            | Self::BadGateway(r)
            | Self::CheckUnavailable(r) => Some(r),
            _ => None,
        }
    }

    /// The refusal, for the kinds that carry one.
    pub fn refusal(&self) -> Option<&Refusal> {
        match self {
            Self::Invalid(r)
            | Self::Unauthenticated(r)
            | Self::Forbidden(r)
            | Self::NotFound(r)
            | Self::Conflict(r)
            | Self::BadGateway(r)
            | Self::CheckUnavailable(r) => Some(r),
            _ => None,
        }
    }

    /// With an argument for the message.
    #[must_use]
    pub fn with(mut self, name: &'static str, value: impl Into<Arg>) -> Self {
        if let Some(r) = self.refusal_mut() {
            r.args.push((name, value.into()));
        }
        self
    }

    /// Naming the field at fault.
    #[must_use]
    pub fn field(mut self, field: impl Into<String>) -> Self {
        if let Some(r) = self.refusal_mut() {
            r.field = Some(field.into());
        }
        self
    }

    /// Choosing one of the code's messages.
    #[must_use]
    pub fn reason(mut self, reason: &'static str) -> Self {
        if let Some(r) = self.refusal_mut() {
            r.reason = Some(reason);
        }
        self
    }

    /// Saying how many seconds until asking again may succeed.
    #[must_use]
    pub fn retry_after(mut self, seconds: i64) -> Self {
        if let Some(r) = self.refusal_mut() {
            r.retry_after = Some(seconds);
        }
        self
    }

    /// With a parser's own words, for developers.
    #[must_use]
    pub fn detail(mut self, detail: impl Into<String>) -> Self {
        if let Some(r) = self.refusal_mut() {
            r.detail = Some(detail.into());
        }
        self
    }

    /// The stable code of this error.
    pub fn code(&self) -> &'static str {
        if let Some(r) = self.refusal() {
            return r.code;
        }
        match self {
            Self::TooLarge => "payload_too_large",
            Self::TimedOut => "request_timeout",
            Self::MethodNotAllowed => "method_not_allowed",
            Self::PasswordRefused { .. } => "password_refused",
            Self::Locked { .. } => "locked",
            Self::RateLimited { .. } => "rate_limited",
            Self::Unavailable(_) => "unavailable",
            _ => "internal",
        }
    }

    /// What it says to a person reading `locale`.
    pub fn message(&self, locale: &str) -> String {
        let code = self.code();
        match self {
            Self::Locked { until } => {
                i18n::text(locale, "error.locked", &[("time", i18n::time(*until).into())])
            }
            Self::RateLimited { retry_after } => {
                i18n::text(locale, "error.rate_limited", &[("seconds", Arg::Number(*retry_after))])
            }
            _ => match self.refusal() {
                Some(r) => {
                    let key = match r.reason {
                        Some(reason) => format!("error.{code}.{reason}"),
                        None => format!("error.{code}"),
                    };
                    // A code of the core's that has no sentence of its own here still gets
                    // one in the reader's language.
                    i18n::lookup(locale, &key, &r.args).unwrap_or_else(|| {
                        i18n::text(locale, "error.request_invalid", &[("code", code.into())])
                    })
                }
                None => i18n::text(locale, &format!("error.{code}"), &[]),
            },
        }
    }
}

/// A core error is the client's (a malformed secret, code, policy or URI), except a failing
/// random number generator, which is ours. Its English message goes in `detail`.
impl From<twofold::Error> for Error {
    fn from(error: twofold::Error) -> Self {
        if matches!(error, twofold::Error::RandomUnavailable) {
            return Self::internal(error);
        }
        let detail = error.to_string();
        let refused = Self::invalid(error.code());
        let refused = match &error {
            twofold::Error::CodeLengthMismatch { expected } => refused.with("expected", u32::from(*expected)),
            twofold::Error::PolicyInvalid { field: Some(field), .. } => refused.field(field.clone()),
            _ => refused,
        };
        refused.detail(detail)
    }
}

impl From<StoreError> for Error {
    fn from(error: StoreError) -> Self {
        match error {
            StoreError::Unavailable(detail) => Self::Unavailable(detail),
            StoreError::Broken(detail) => Self::Internal(detail),
        }
    }
}

impl From<sqlx::Error> for Error {
    fn from(error: sqlx::Error) -> Self {
        StoreError::from(error).into()
    }
}
