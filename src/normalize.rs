//! The one way text is normalised before any rule looks at it.

use unicode_normalization::UnicodeNormalization;

/// NFKC: full-width letters, ligatures and other compatibility forms become the plain ones,
/// so "ｐａｓｓ" and "pass" are the same password to every rule and to the hash.
pub fn nfkc(text: &str) -> String {
    text.nfkc().collect()
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
}
