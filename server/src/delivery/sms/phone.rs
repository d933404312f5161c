//! Phone numbers in E.164 (ITU-T Recommendation E.164): a `+`, a country code the ITU has
//! assigned, and the national number, 15 digits at the most in all.
//!
//! A number is typed by a person, so the reader is generous with layout (spaces, dashes, dots,
//! parentheses, a leading `00` for `+`, the British `(0)`) and strict with content: no letters,
//! and no national number without its country code, since guessing the country is how a code
//! ends up on a stranger's phone.

use std::fmt;
use std::ops::RangeInclusive;
use std::str::FromStr;

/// A phone number in E.164 form, `+` and digits only: `+79161234567`.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct E164(String);

/// Why a typed phone number is not one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PhoneError {
    /// Nothing but layout was typed.
    PhoneEmpty,
    /// Letters: vanity numbers (`1-800-FLOWERS`) are not dialled by SMS providers.
    PhoneHasLetters,
    /// A character that is neither a digit nor layout.
    PhoneHasInvalidCharacter,
    /// No `+` or `00` in front: a national number, whose country we would have to guess.
    PhoneWithoutCountryCode,
    /// The digits after `+` start with no country code the ITU has assigned to subscribers.
    CountryCodeUnknown,
    /// Fewer digits than any reachable number has.
    PhoneTooShort {
        /// The fewest digits, country code included.
        min: usize,
    },
    /// More digits than E.164 allows.
    PhoneTooLong {
        /// The most digits, country code included.
        max: usize,
    },
}

impl PhoneError {
    /// A stable code for the API.
    pub fn code(self) -> &'static str {
        match self {
            Self::PhoneEmpty => "phone_empty",
            Self::PhoneHasLetters => "phone_has_letters",
            Self::PhoneHasInvalidCharacter => "phone_invalid_character",
            Self::PhoneWithoutCountryCode => "phone_without_country_code",
            Self::CountryCodeUnknown => "phone_country_code_unknown",
            Self::PhoneTooShort { .. } => "phone_too_short",
            Self::PhoneTooLong { .. } => "phone_too_long",
        }
    }
}

impl fmt::Display for PhoneError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::PhoneEmpty => f.write_str("no phone number was given"),
            Self::PhoneHasLetters => f.write_str("a phone number has no letters"),
            Self::PhoneHasInvalidCharacter => f.write_str("a phone number has only digits, spaces, - . ( )"),
            Self::PhoneWithoutCountryCode => {
                f.write_str("the number needs its country code, starting with +")
            }
            Self::CountryCodeUnknown => f.write_str("the number does not start with a known country code"),
            Self::PhoneTooShort { min } => write!(f, "a phone number has at least {min} digits"),
            Self::PhoneTooLong { max } => write!(f, "a phone number has at most {max} digits"),
        }
    }
}

impl std::error::Error for PhoneError {}

/// Country codes of two digits (E.164 assignments, ITU-T "List of ITU-T Recommendation E.164
/// assigned country codes"); one-digit codes are 1 (NANP) and 7.
const TWO_DIGIT: &[u16] = &[
    20, 27, 30, 31, 32, 33, 34, 36, 39, 40, 41, 43, 44, 45, 46, 47, 48, 49, 51, 52, 53, 54, 55, 56, 57, 58,
    60, 61, 62, 63, 64, 65, 66, 81, 82, 84, 86, 90, 91, 92, 93, 94, 95, 98,
];

/// Country codes of three digits that reach subscribers. Left out on purpose: the spare codes,
/// and the non-geographic services no SMS reaches: 800 (freephone), 808 (shared cost), 878
/// (personal numbering), 888 (OCHA), 979 (premium rate), 991 (trials).
const THREE_DIGIT: &[u16] = &[
    211, 212, 213, 216, 218, 220, 221, 222, 223, 224, 225, 226, 227, 228, 229, 230, 231, 232, 233, 234, 235,
    236, 237, 238, 239, 240, 241, 242, 243, 244, 245, 246, 247, 248, 249, 250, 251, 252, 253, 254, 255, 256,
    257, 258, 260, 261, 262, 263, 264, 265, 266, 267, 268, 269, 290, 291, 297, 298, 299, 350, 351, 352, 353,
    354, 355, 356, 357, 358, 359, 370, 371, 372, 373, 374, 375, 376, 377, 378, 379, 380, 381, 382, 383, 385,
    386, 387, 389, 420, 421, 423, 500, 501, 502, 503, 504, 505, 506, 507, 508, 509, 590, 591, 592, 593, 594,
    595, 596, 597, 598, 599, 670, 672, 673, 674, 675, 676, 677, 678, 679, 680, 681, 682, 683, 685, 686, 687,
    688, 689, 690, 691, 692, 850, 852, 853, 855, 856, 870, 880, 881, 882, 883, 886, 960, 961, 962, 963, 964,
    965, 966, 967, 968, 970, 971, 972, 973, 974, 975, 976, 977, 992, 993, 994, 995, 996, 998,
];

/// How many digits the country code at the start of `digits` has, if it is one.
fn country_code_len(digits: &str) -> Option<usize> {
    let prefix = |n: usize| digits.get(..n).and_then(|p| p.parse::<u16>().ok());
    if matches!(prefix(1), Some(1 | 7)) {
        Some(1)
    } else if prefix(2).is_some_and(|p| TWO_DIGIT.contains(&p)) {
        Some(2)
    } else if prefix(3).is_some_and(|p| THREE_DIGIT.contains(&p)) {
        Some(3)
    } else {
        None
    }
}

impl E164 {
    /// How many digits a number has, its country code included. E.164 allows 15 at the most;
    /// below 8 no mobile number is issued in the countries our providers serve.
    pub const DIGITS: RangeInclusive<usize> = 8..=15;

    /// Reads a typed number: `+7 (916) 123-45-67`, `0044 20.7946.0958`, `+44 (0)20 7946 0958`.
    ///
    /// # Errors
    ///
    /// [`PhoneError`]: letters, other characters, no country code, an unknown country code,
    /// too few or too many digits.
    pub fn parse(typed: &str) -> Result<Self, PhoneError> {
        // The British way of showing the trunk prefix: "+44 (0)20 …" dials as "+44 20 …".
        let typed = typed.trim().replace("(0)", "");
        if typed.chars().any(char::is_alphabetic) {
            return Err(PhoneError::PhoneHasLetters);
        }
        let layout = |c: char| c.is_whitespace() || matches!(c, '-' | '.' | '(' | ')');
        let mut digits = String::new();
        let mut plus = false;
        for c in typed.chars() {
            match c {
                '0'..='9' => digits.push(c),
                '+' if digits.is_empty() && !plus => plus = true,
                c if layout(c) => {}
                _ => return Err(PhoneError::PhoneHasInvalidCharacter),
            }
        }
        if digits.is_empty() {
            return Err(PhoneError::PhoneEmpty);
        }
        let international = if plus {
            digits
        } else if let Some(rest) = digits.strip_prefix("00") {
            rest.to_owned()
        } else {
            return Err(PhoneError::PhoneWithoutCountryCode);
        };
        if international.len() > *Self::DIGITS.end() {
            return Err(PhoneError::PhoneTooLong { max: *Self::DIGITS.end() });
        }
        if country_code_len(&international).is_none() {
            return Err(PhoneError::CountryCodeUnknown);
        }
        if international.len() < *Self::DIGITS.start() {
            return Err(PhoneError::PhoneTooShort { min: *Self::DIGITS.start() });
        }
        Ok(Self(format!("+{international}")))
    }

    /// The number as providers take it: `+79161234567`.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The digits without the `+`: `79161234567`.
    pub fn digits(&self) -> &str {
        self.0.get(1..).unwrap_or_default()
    }

    /// The country code, without the `+`: `7`.
    pub fn country_code(&self) -> &str {
        let digits = self.digits();
        digits.get(..country_code_len(digits).unwrap_or(0)).unwrap_or_default()
    }

    /// The number as shown to people: the country code and the last four digits, the rest
    /// hidden in groups of three: `+7 ••• ••• 45 67`.
    pub fn masked(&self) -> String {
        let national = self.digits().get(self.country_code().len()..).unwrap_or_default();
        let hidden = national.len().saturating_sub(4);
        let last = national.get(hidden..).unwrap_or_default();
        let mut shown = format!("+{}", self.country_code());
        for group in 0..hidden.div_ceil(3) {
            shown.push(' ');
            shown.push_str(&"•".repeat((hidden - group * 3).min(3)));
        }
        let (first, second) = last.split_at(last.len().saturating_sub(2));
        for part in [first, second].into_iter().filter(|p| !p.is_empty()) {
            shown.push(' ');
            shown.push_str(part);
        }
        shown
    }
}

impl fmt::Display for E164 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Shows the masked form, so that a number logged by accident is not a number leaked.
impl fmt::Debug for E164 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "E164({})", self.masked())
    }
}

impl FromStr for E164 {
    type Err = PhoneError;

    fn from_str(typed: &str) -> Result<Self, PhoneError> {
        Self::parse(typed)
    }
}

impl TryFrom<String> for E164 {
    type Error = PhoneError;

    fn try_from(typed: String) -> Result<Self, PhoneError> {
        Self::parse(&typed)
    }
}

impl From<E164> for String {
    fn from(number: E164) -> Self {
        number.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_layouts_become_e164() {
        for (typed, e164) in [
            ("+7 (916) 123-45-67", "+79161234567"),
            ("+79161234567", "+79161234567"),
            ("  +375 29 123 45 67 ", "+375291234567"),
            ("0044 20.7946.0958", "+442079460958"),
            ("+44 (0)20 7946 0958", "+442079460958"),
            ("+1 (415) 555-2671", "+14155552671"),
            ("+34\u{a0}612\u{a0}34\u{a0}56\u{a0}78", "+34612345678"),
            ("+376 312 345", "+376312345"),
        ] {
            assert_eq!(E164::parse(typed).map(|n| n.to_string()), Ok(e164.to_owned()), "{typed}");
        }
    }

    #[test]
    fn what_is_not_a_number_is_refused_with_its_reason() {
        for (typed, why) in [
            ("", PhoneError::PhoneEmpty),
            (" - ( ) ", PhoneError::PhoneEmpty),
            ("+1-800-FLOWERS", PhoneError::PhoneHasLetters),
            ("+7 916 123 45 67 ext", PhoneError::PhoneHasLetters),
            ("+7 916 123 45 67 #2", PhoneError::PhoneHasInvalidCharacter),
            ("+7 916 +123 45 67", PhoneError::PhoneHasInvalidCharacter),
            ("8 916 123-45-67", PhoneError::PhoneWithoutCountryCode),
            ("(916) 123-45-67", PhoneError::PhoneWithoutCountryCode),
            ("+0 916 123 45 67", PhoneError::CountryCodeUnknown),
            ("+28 1234 5678", PhoneError::CountryCodeUnknown),
            ("+800 1234 5678", PhoneError::CountryCodeUnknown),
            ("+7 123", PhoneError::PhoneTooShort { min: 8 }),
            ("+7 916 123 45 67 890 12", PhoneError::PhoneTooLong { max: 15 }),
        ] {
            assert_eq!(E164::parse(typed), Err(why), "{typed:?}");
        }
    }

    #[test]
    fn country_codes_are_read_by_their_length() {
        for (number, code) in
            [("+79161234567", "7"), ("+14155552671", "1"), ("+442079460958", "44"), ("+375291234567", "375")]
        {
            assert_eq!(E164::parse(number).unwrap().country_code(), code, "{number}");
        }
    }

    #[test]
    fn masked_numbers_show_the_country_and_the_last_four_digits() {
        for (number, masked) in [
            ("+79161234567", "+7 ••• ••• 45 67"),
            ("+375291234567", "+375 ••• •• 45 67"),
            ("+442079460958", "+44 ••• ••• 09 58"),
            ("+376312345", "+376 •• 23 45"),
        ] {
            let number = E164::parse(number).unwrap();
            assert_eq!(number.masked(), masked);
            assert_eq!(format!("{number:?}"), format!("E164({masked})"), "Debug never shows the number");
        }
    }

    #[test]
    fn serde_reads_through_the_parser() {
        let number: E164 = serde_json::from_str("\"+7 916 123-45-67\"").unwrap();
        assert_eq!(serde_json::to_string(&number).unwrap(), "\"+79161234567\"");
        assert!(serde_json::from_str::<E164>("\"8 916 123 45 67\"").is_err());
    }
}
