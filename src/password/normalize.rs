//! The one way text is normalised before any rule looks at it.

use std::borrow::Cow;

use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfkc_quick};

/// NFKC: full-width letters, ligatures and other compatibility forms become the plain ones,
/// so "ｐａｓｓ" and "pass" are the same password to every rule and to the hash.
pub fn nfkc(text: &str) -> String {
    normalized(text).into_owned()
}

/// [`nfkc`] without a copy when `text` is already normalised, as nearly every password is:
/// rebuilding a long one character by character was most of the checker's time.
pub(crate) fn normalized(text: &str) -> Cow<'_, str> {
    // ASCII is always NFKC, and checking it is much cheaper than the per-character quick check.
    if text.is_ascii() || is_nfkc_quick(text.chars()) == IsNormalized::Yes {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(text.nfkc().collect())
    }
}

/// Lower case for case-insensitive comparisons (Unicode-aware: "Ж" becomes "ж").
pub fn fold_case(text: &str) -> String {
    text.to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compatibility_forms_fold() {
        assert_eq!(nfkc("ｐａｓｓ①ﬁ"), "pass1fi");
        assert_eq!(fold_case("ЖЁЛТЫЙ Straße"), "жёлтый straße");
    }

    #[test]
    fn text_already_normalised_is_borrowed() {
        assert!(matches!(normalized("plain ascii"), Cow::Borrowed(_)));
        assert!(matches!(normalized("жёлтый"), Cow::Borrowed(_)));
        // Decomposed "é" is "e" and a combining accent: the quick check says Maybe, and
        // composing it gives the single character.
        assert_eq!(normalized("e\u{301}"), "\u{e9}");
        assert_eq!(normalized("ｐａｓｓ"), "pass");
    }
}
