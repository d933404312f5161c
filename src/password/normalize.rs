//! The one way text is normalised before any rule looks at it.

use std::borrow::Cow;

use super::unicode::tables;

/// NFKC: full-width letters, ligatures and other compatibility forms become the plain ones,
/// so "ｐａｓｓ" and "pass" are the same password to every rule and to the hash.
pub fn nfkc(text: &str) -> String {
    normalized(text).into_owned()
}

/// [`nfkc`] without a copy when `text` is already normalised, as nearly every password is:
/// rebuilding a long one character by character was most of the checker's time.
pub(crate) fn normalized(text: &str) -> Cow<'_, str> {
    super::nfkc::nfkc(text)
}

/// Lower case for case-insensitive comparisons (Unicode-aware: "Ж" becomes "ж", "İ" "i̇").
/// Both sigmas fold to "σ": the final "ς" that `str::to_lowercase` writes at the end of a word
/// would otherwise keep "ΟΔΟΣ" from matching a name typed "οδος".
pub fn fold_case(text: &str) -> String {
    if text.is_ascii() {
        return text.to_ascii_lowercase();
    }
    let tables = tables();
    // Bytes, not `String::push`: its capacity check on every character was a third of folding
    // a long password. Lower case is as long in UTF-8 but for U+0130 and a few others.
    let mut folded = Vec::with_capacity(text.len() + text.len() / 2);
    let mut buffer = [0; 4];
    for c in text.chars() {
        let lower = match tables.lower(c) {
            'ς' => 'σ',
            lower => lower,
        };
        folded.extend_from_slice(lower.encode_utf8(&mut buffer).as_bytes());
        if c == '\u{130}' {
            folded.extend_from_slice("\u{307}".as_bytes());
        }
    }
    // Whole characters were written, so this is UTF-8.
    String::from_utf8(folded).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compatibility_forms_fold() {
        assert_eq!(nfkc("ｐａｓｓ①ﬁ"), "pass1fi");
        assert_eq!(fold_case("ЖЁЛТЫЙ Straße"), "жёлтый straße");
        assert_eq!(fold_case("İSTANBUL ΟΔΟΣ οδος"), "i\u{307}stanbul οδοσ οδοσ");
        for c in (0..=0x10ffff).filter_map(char::from_u32).filter(|c| !matches!(c, 'Σ' | 'ς')) {
            assert_eq!(fold_case(&c.to_string()), c.to_lowercase().to_string(), "{:04X}", c as u32);
        }
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
