//! What people sign in with: an email, a login name or a phone, typed into one field and
//! told apart by their shape. An identifier with `@` is an email; one made of digits and a
//! phone's layout is a phone; anything else is a login. A login therefore always has a
//! letter and never an `@`, so that no login can be read as one of the others.

use super::mailbox::{Mailbox, mixes_scripts};
use super::user::email_key;
use crate::delivery::sms::E164;

/// The fewest characters a login has.
pub const MIN_LOGIN_CHARS: usize = 2;
/// The most characters a login has.
pub const MAX_LOGIN_CHARS: usize = 64;
/// The longest identifier read (an email's limit, the longest of the three).
pub const MAX_IDENTIFIER_BYTES: usize = 254;

/// A login name as its owner chose it: NFKC, trimmed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Login(String);

/// Why a login was refused (each a reason of `login_invalid`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LoginError {
    /// Fewer than [`MIN_LOGIN_CHARS`] or more than [`MAX_LOGIN_CHARS`] characters.
    Length,
    /// A character other than a letter, a digit, `.`, `_` or `-`.
    Characters,
    /// No letter: it would read as a phone number.
    NoLetter,
    /// Letters of scripts that look alike (Latin `a` beside Cyrillic `а`).
    LookAlike,
}

impl Login {
    /// Reads a login as someone typed it.
    ///
    /// # Errors
    ///
    /// [`LoginError`].
    pub fn parse(typed: &str) -> Result<Self, LoginError> {
        let text = twofold::nfkc(typed.trim());
        if !(MIN_LOGIN_CHARS..=MAX_LOGIN_CHARS).contains(&text.chars().count()) {
            return Err(LoginError::Length);
        }
        if !text.chars().all(|c| c.is_alphanumeric() || matches!(c, '.' | '_' | '-')) {
            return Err(LoginError::Characters);
        }
        if !text.chars().any(char::is_alphabetic) {
            return Err(LoginError::NoLetter);
        }
        if mixes_scripts(&text) {
            return Err(LoginError::LookAlike);
        }
        Ok(Self(text))
    }

    /// As chosen.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// What uniqueness and sign-in compare: [`login_key`].
    pub fn key(&self) -> String {
        login_key(&self.0)
    }
}

/// The form of a login every lookup compares: NFKC, then case folded the way emails are
/// ([`email_key`]), so `ＪＡＮＥ`, `Jane` and `jane` are one login.
pub fn login_key(login: &str) -> String {
    email_key(login)
}

/// The key an address someone types is looked up by: that of the address as a signup would
/// have stored it, or, when it would not parse, of the text as typed (which then matches
/// nobody, and is answered like any unknown email).
pub fn email_sign_in_key(email: &str) -> String {
    Mailbox::parse(email).map_or_else(|_| email_key(email), |mailbox| email_key(&mailbox.to_string()))
}

/// An identifier as sign-in and password reset read it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Identifier {
    /// An email, by its key.
    Email(String),
    /// A login, by its key.
    Login(String),
    /// A phone number.
    Phone(E164),
    /// Shaped like a phone but no number (a national number without its country code):
    /// nobody's, by its folded text.
    Unreadable(String),
}

/// Whether `text` is made of what people type in a phone number and nothing else.
fn looks_like_phone(text: &str) -> bool {
    text.chars().any(|c| c.is_ascii_digit())
        && text
            .chars()
            .all(|c| c.is_ascii_digit() || c.is_whitespace() || matches!(c, '+' | '-' | '.' | '(' | ')'))
}

impl Identifier {
    /// Tells what `typed` is by its shape (after NFKC, so full-width digits are digits).
    pub fn read(typed: &str) -> Self {
        let text = twofold::nfkc(typed.trim());
        if text.contains('@') {
            Self::Email(email_sign_in_key(&text))
        } else if looks_like_phone(&text) {
            E164::parse(&text).map_or_else(|_| Self::Unreadable(email_key(&text)), Self::Phone)
        } else {
            Self::Login(login_key(&text))
        }
    }

    /// What failures at an identifier with no account are counted under. The three kinds
    /// never share a key: an email's has `@`, a phone's starts with `+`, a login has neither.
    pub fn key(&self) -> String {
        match self {
            Self::Email(key) | Self::Login(key) | Self::Unreadable(key) => key.clone(),
            Self::Phone(number) => number.as_str().to_owned(),
        }
    }

    /// As the audit log names the kind.
    pub fn kind(&self) -> &'static str {
        match self {
            Self::Email(_) => "email",
            Self::Login(_) => "login",
            Self::Phone(_) | Self::Unreadable(_) => "phone",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_are_told_apart_by_their_shape_and_normalised() {
        assert_eq!(
            Identifier::read(" Jane.Doe@Example.COM "),
            Identifier::Email("jane.doe@example.com".into())
        );
        assert_eq!(Identifier::read("ＪＡＮＥ"), Identifier::Login("jane".into()));
        assert_eq!(Identifier::read("Jane_Doe"), Identifier::Login("jane_doe".into()));
        let phone = E164::parse("+34612345678").unwrap();
        for typed in ["+34 612 345 678", "0034 612-345-678", "＋３４６１２３４５６７８", "+34 (612) 345.678"]
        {
            assert_eq!(Identifier::read(typed), Identifier::Phone(phone.clone()), "{typed}");
        }
        assert_eq!(Identifier::read("612 345 678"), Identifier::Unreadable("612 345 678".into()));
        assert_eq!(Identifier::read("+34 612 345 678").key(), "+34612345678");
    }

    #[test]
    fn logins_have_a_letter_and_nothing_that_reads_as_something_else() {
        assert_eq!(
            Login::parse(" ＪＡＮＥ ").map(|l| (l.as_str().to_owned(), l.key())),
            Ok(("JANE".into(), "jane".into()))
        );
        assert!(Login::parse("жанна.д").is_ok());
        for (typed, why) in [
            ("j", LoginError::Length),
            (&"a".repeat(65) as &str, LoginError::Length),
            ("jane@home", LoginError::Characters),
            ("jane doe", LoginError::Characters),
            ("+34612", LoginError::Characters),
            ("612345", LoginError::NoLetter),
            ("j\u{0430}ne", LoginError::LookAlike),
            ("ja\u{200B}ne", LoginError::Characters),
        ] {
            assert_eq!(Login::parse(typed), Err(why), "{typed}");
        }
    }
}
