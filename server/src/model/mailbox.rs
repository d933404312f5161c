//! Email addresses, strictly: what an SMTP relay will take between `<` and `>` and deliver
//! to exactly one mailbox. RFC 5321's dot-atom local part in ASCII, without the `%` and `!`
//! that old relays route by, and a domain that IDNA turns into LDH labels. Nothing
//! invisible (zero-width, bidi controls) and no label that mixes Latin, Greek and Cyrillic
//! letters, so that an address that looks like another is refused instead of registered.

use std::fmt;

/// The longest address (RFC 5321's path limit, less the brackets).
pub const MAX_BYTES: usize = 254;
/// The longest local part (RFC 5321 §4.5.3.1.1).
pub const MAX_LOCAL_BYTES: usize = 64;

/// A valid address: the local part as given, the domain in ASCII (Punycode), lower case.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mailbox {
    local: String,
    domain: String,
}

/// Why an address was refused (each a reason of `email_invalid`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MailboxError {
    /// Not `local@domain`, or too long.
    Shape,
    /// A character the local part may not have (`%`, `!`, a space, a non-ASCII letter…).
    Local,
    /// A domain that is not a host name, or that IDNA refuses.
    Domain,
    /// An invisible character, or letters of scripts that look alike in one label.
    LookAlike,
}

impl MailboxError {
    /// The reason, as the catalogues name it.
    pub fn reason(self) -> &'static str {
        match self {
            Self::Shape => "shape",
            Self::Local => "local",
            Self::Domain => "domain",
            Self::LookAlike => "look_alike",
        }
    }
}

/// `atext` of RFC 5322 §3.2.3, less the routing characters `%` and `!`.
fn atext(c: char) -> bool {
    c.is_ascii_alphanumeric() || "#$&'*+-/=?^_`{|}~".contains(c)
}

/// Zero-width characters, bidi controls and other format characters that change how an
/// address reads without being seen.
fn invisible(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}' | '\u{00AD}' | '\u{180E}')
}

/// Which of the three scripts whose letters are confused with each other a letter is in.
fn confusable_script(c: char) -> Option<u8> {
    match c {
        'a'..='z' | 'A'..='Z' | '\u{00C0}'..='\u{024F}' | '\u{1E00}'..='\u{1EFF}' => Some(0),
        '\u{0370}'..='\u{03FF}' | '\u{1F00}'..='\u{1FFF}' => Some(1),
        '\u{0400}'..='\u{052F}'
        | '\u{1C80}'..='\u{1C8F}'
        | '\u{2DE0}'..='\u{2DFF}'
        | '\u{A640}'..='\u{A69F}' => Some(2),
        _ => None,
    }
}

/// Whether `label` has letters of more than one of the scripts whose letters look alike.
pub(crate) fn mixes_scripts(label: &str) -> bool {
    let mut scripts = label.chars().filter_map(confusable_script);
    scripts.next().is_some_and(|first| scripts.any(|s| s != first))
}

impl Mailbox {
    /// Reads an address as someone typed it (NFKC, trimmed).
    ///
    /// # Errors
    ///
    /// [`MailboxError`].
    pub fn parse(text: &str) -> Result<Self, MailboxError> {
        let text = twofold::nfkc(text.trim());
        if text.len() > MAX_BYTES {
            return Err(MailboxError::Shape);
        }
        if text.chars().any(invisible) {
            return Err(MailboxError::LookAlike);
        }
        let (local, domain) = text.rsplit_once('@').ok_or(MailboxError::Shape)?;
        if local.is_empty() || local.len() > MAX_LOCAL_BYTES || domain.is_empty() {
            return Err(MailboxError::Shape);
        }
        let atoms_ok = local.split('.').all(|atom| !atom.is_empty() && atom.chars().all(atext));
        if !atoms_ok {
            return Err(MailboxError::Local);
        }
        if domain.starts_with('[') || domain.split('.').any(mixes_scripts) {
            return Err(if domain.starts_with('[') { MailboxError::Domain } else { MailboxError::LookAlike });
        }
        let ascii = idna::domain_to_ascii_strict(domain).map_err(|_| MailboxError::Domain)?;
        let labels: Vec<&str> = ascii.split('.').collect();
        let host_name = ascii.len() <= 253
            && labels.len() >= 2
            && labels.iter().all(|l| {
                (1..=63).contains(&l.len())
                    && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
                    && !l.starts_with('-')
                    && !l.ends_with('-')
            })
            && labels.last().is_some_and(|tld| !tld.bytes().all(|b| b.is_ascii_digit()));
        if !host_name {
            return Err(MailboxError::Domain);
        }
        Ok(Self { local: local.to_owned(), domain: ascii.to_ascii_lowercase() })
    }
}

impl fmt::Display for Mailbox {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}@{}", self.local, self.domain)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn good_addresses_come_out_ready_for_smtp() {
        for (typed, stored) in [
            ("jane.doe@example.com", "jane.doe@example.com"),
            ("  Jane+tag@Example.COM ", "Jane+tag@example.com"),
            ("o'brien@sub.example.co.uk", "o'brien@sub.example.co.uk"),
            ("info@пример.рф", "info@xn--e1afmkfd.xn--p1ai"),
            ("ｊａｎｅ@example.com", "jane@example.com"),
        ] {
            assert_eq!(Mailbox::parse(typed).map(|m| m.to_string()), Ok(stored.to_owned()), "{typed}");
        }
    }

    #[test]
    fn addresses_that_break_out_route_or_look_alike_are_refused() {
        for (typed, why) in [
            ("x@y.example>,<evil@z.example", MailboxError::Local),
            ("x@y.example>", MailboxError::Domain),
            ("a%b@relay.example", MailboxError::Local),
            ("a!b@relay.example", MailboxError::Local),
            ("a b@example.com", MailboxError::Local),
            ("\"quoted\"@example.com", MailboxError::Local),
            ("a..b@example.com", MailboxError::Local),
            (".a@example.com", MailboxError::Local),
            ("jané@example.com", MailboxError::Local),
            ("admin@\u{0430}cme.test", MailboxError::LookAlike),
            ("ad\u{200B}min@acme.test", MailboxError::LookAlike),
            ("admin@acme.test\u{202E}", MailboxError::LookAlike),
            ("a@localhost", MailboxError::Domain),
            ("a@[127.0.0.1]", MailboxError::Domain),
            ("a@1.2.3.4", MailboxError::Domain),
            ("a@-x.example", MailboxError::Domain),
            ("a@exa_mple.com", MailboxError::Domain),
            ("no-at-sign", MailboxError::Shape),
            ("@example.com", MailboxError::Shape),
        ] {
            assert_eq!(Mailbox::parse(typed), Err(why), "{typed}");
        }
        assert_eq!(Mailbox::parse(&format!("{}@example.com", "a".repeat(65))), Err(MailboxError::Shape));
        assert_eq!(Mailbox::parse(&format!("a@{}.com", "b".repeat(250))), Err(MailboxError::Shape));
    }
}
