//! What to tell the user about a weak password, as stable codes: the warning comes from the
//! longest part of the best explanation, the suggestions from its kind (zxcvbn's rules).

use super::super::unicode::lower;
use super::dictionaries::Dictionary;
use super::pattern::{Match, Pattern};

/// A warning (at most one) and suggestions, as message codes.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Advice {
    pub warning: Option<&'static str>,
    pub suggestions: Vec<&'static str>,
}

pub fn advice(score: u8, sequence: &[(Match, f64)]) -> Advice {
    let Some(first) = sequence.first() else {
        return Advice { warning: None, suggestions: vec!["use_a_few_words", "no_need_for_symbols"] };
    };
    if score > 2 {
        return Advice::default();
    }
    // The first of the longest parts.
    let longest = sequence
        .iter()
        .skip(1)
        .fold(first, |longest, part| if part.0.chars() > longest.0.chars() { part } else { longest });
    let mut advice = about(&longest.0, longest.1, sequence.len() == 1);
    advice.suggestions.insert(0, "add_another_word");
    advice
}

fn about(m: &Match, guesses: f64, alone: bool) -> Advice {
    let (warning, suggestions): (Option<&str>, Vec<&str>) = match &m.pattern {
        Pattern::Dictionary { dictionary, rank, reversed, l33t, .. } => {
            return about_word(m, *dictionary, *rank, *reversed, *l33t, guesses, alone);
        }
        Pattern::Spatial { turns, .. } => (
            Some(if *turns == 1 { "straight_rows_of_keys" } else { "short_keyboard_patterns" }),
            vec!["longer_keyboard_pattern"],
        ),
        Pattern::Repeat { base_token, .. } => (
            Some(if base_token.chars().count() == 1 { "repeats_like_aaa" } else { "repeats_like_abcabc" }),
            vec!["avoid_repeats"],
        ),
        Pattern::Sequence { .. } => (Some("sequences"), vec!["avoid_sequences"]),
        Pattern::RecentYear { .. } => {
            (Some("recent_years"), vec!["avoid_recent_years", "avoid_years_about_you"])
        }
        Pattern::Date { .. } => (Some("dates"), vec!["avoid_dates_about_you"]),
        Pattern::Bruteforce => (None, vec![]),
    };
    Advice { warning, suggestions }
}

fn about_word(
    m: &Match,
    dictionary: Dictionary,
    rank: usize,
    reversed: bool,
    l33t: bool,
    guesses: f64,
    alone: bool,
) -> Advice {
    let warning = match dictionary {
        Dictionary::Passwords if alone && !l33t && !reversed => Some(match rank {
            ..=10 => "top10_password",
            11..=100 => "top100_password",
            _ => "common_password",
        }),
        Dictionary::Passwords => (guesses.log10() <= 4.0).then_some("similar_to_common_password"),
        Dictionary::EnglishWikipedia => alone.then_some("word_by_itself"),
        Dictionary::Surnames | Dictionary::MaleNames | Dictionary::FemaleNames => {
            Some(if alone { "names_by_themselves" } else { "common_names" })
        }
        Dictionary::UsTvAndFilm | Dictionary::UserInputs => None,
    };
    let word = &m.token;
    let mut suggestions = Vec::new();
    let upper = word.chars().filter(char::is_ascii_uppercase).count();
    let starts_upper =
        word.starts_with(|c: char| c.is_ascii_uppercase()) && upper == 1 && word.chars().count() > 1;
    if starts_upper {
        suggestions.push("capitalization_doesnt_help");
    } else if !word.is_empty()
        && !word.chars().any(|c| c.is_ascii_lowercase())
        && word.chars().any(|c| lower(c) != c)
    {
        suggestions.push("all_uppercase_doesnt_help");
    }
    if reversed && m.chars() >= 4 {
        suggestions.push("reversed_words_dont_help");
    }
    if l33t {
        suggestions.push("predictable_substitutions");
    }
    Advice { warning, suggestions }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::password::strength::dictionaries::Dictionaries;
    use crate::password::strength::matching::omnimatch;
    use crate::password::strength::search::most_guessable;

    fn advice_for(password: &str) -> Advice {
        let chars: Vec<char> = password.chars().collect();
        let analysis = most_guessable(&chars, omnimatch(&chars, &Dictionaries::new(&["acme"]), 2026), 2026);
        advice(crate::password::strength::score(analysis.guesses), &analysis.sequence)
    }

    #[test]
    fn common_passwords_by_rank() {
        assert_eq!(advice_for("password").warning, Some("top10_password"));
        assert_eq!(advice_for("trustno1").warning, Some("top100_password"));
        assert_eq!(advice_for("mustang1").warning, Some("common_password"));
    }

    #[test]
    fn words_names_and_suggestions() {
        let name = advice_for("Jennifer");
        assert_eq!(name.warning, Some("names_by_themselves"));
        assert_eq!(name.suggestions, ["add_another_word", "capitalization_doesnt_help"]);
        assert_eq!(advice_for("PASSWORD").suggestions, ["add_another_word", "all_uppercase_doesnt_help"]);
        assert!(advice_for("p@ssw0rd").suggestions.contains(&"predictable_substitutions"));
        assert!(advice_for("drowssap").suggestions.contains(&"reversed_words_dont_help"));
        // The user's own words are known, but zxcvbn has nothing to say about them.
        assert_eq!(advice_for("acme").warning, None);
    }

    #[test]
    fn strong_and_empty_passwords() {
        assert_eq!(advice_for("correct horse battery staple"), Advice::default());
        assert_eq!(
            advice_for(""),
            Advice { warning: None, suggestions: vec!["use_a_few_words", "no_need_for_symbols"] }
        );
    }
}
