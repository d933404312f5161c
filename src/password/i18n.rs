//! Messages in the user's language, from the catalogues in `locales/` (one JSON file per
//! language, embedded at build time), with plural forms chosen by the language's rule.

use std::collections::HashMap;
use std::sync::OnceLock;

use serde::Deserialize;

include!(concat!(env!("OUT_DIR"), "/locales.rs"));

/// The language used when the asked one has no catalogue or lacks a message.
pub const FALLBACK_LOCALE: &str = "en";

/// A value put into a message in place of `{name}`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Arg<'a> {
    /// A count, which also picks the plural form.
    Number(u64),
    /// Text, inserted as is.
    Text(&'a str),
}

/// How a language picks a plural form (the CLDR categories `one`, `few`, `many`, `other`).
#[derive(Clone, Copy, Debug, Deserialize)]
#[serde(rename_all = "snake_case")]
enum PluralRule {
    /// English, Catalan, German...: 1 is `one`, everything else `other`.
    OneOther,
    /// French, Portuguese...: 0 and 1 are `one`.
    ZeroOneOther,
    /// Russian, Ukrainian, Belarusian: 1, 21, 31 `one`; 2–4, 22–24 `few`; the rest `many`.
    EastSlavic,
    /// Chinese, Japanese...: one form for every number.
    Invariant,
}

impl PluralRule {
    fn category(self, n: u64) -> &'static str {
        match self {
            Self::OneOther => {
                if n == 1 {
                    "one"
                } else {
                    "other"
                }
            }
            Self::ZeroOneOther => {
                if n <= 1 {
                    "one"
                } else {
                    "other"
                }
            }
            Self::EastSlavic => match (n % 10, n % 100) {
                (1, h) if h != 11 => "one",
                (2..=4, h) if !(12..=14).contains(&h) => "few",
                _ => "many",
            },
            Self::Invariant => "other",
        }
    }
}

#[derive(Deserialize)]
#[serde(untagged)]
enum Message {
    Text(String),
    Plural {
        plural: String,
        #[serde(flatten)]
        forms: HashMap<String, String>,
    },
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Catalogue {
    #[allow(dead_code)]
    name: String,
    plural_rule: PluralRule,
    messages: HashMap<String, Message>,
}

/// The catalogue of `tag`, parsed the first time it is asked for: a check in one language
/// should not pay for reading every other language on a cold start.
fn catalogue(tag: &str) -> Option<&'static Catalogue> {
    static PARSED: OnceLock<Vec<OnceLock<Option<Catalogue>>>> = OnceLock::new();
    let parsed = PARSED.get_or_init(|| LOCALES.iter().map(|_| OnceLock::new()).collect());
    let index = LOCALES.iter().position(|(known, _)| *known == tag)?;
    // A catalogue that does not parse is treated as missing (the locale tests catch it), so a
    // bad file degrades to English rather than breaking every check.
    parsed.get(index)?.get_or_init(|| serde_json::from_str(LOCALES[index].1).ok()).as_ref()
}

/// The tags of every language with a catalogue, sorted.
pub fn locales() -> Vec<&'static str> {
    let mut tags: Vec<&'static str> = LOCALES.iter().map(|(tag, _)| *tag).collect();
    tags.sort_unstable();
    tags
}

/// The catalogue tag for a BCP 47 tag such as `ru-RU` or `ca_ES`: the language alone,
/// and [`FALLBACK_LOCALE`] when there is no catalogue for it.
pub fn resolve_locale(tag: &str) -> &'static str {
    let language = tag.split(['-', '_']).next().unwrap_or_default().to_ascii_lowercase();
    LOCALES.iter().find(|(tag, _)| *tag == language).map_or(FALLBACK_LOCALE, |(tag, _)| tag)
}

/// The message `key` in `locale` with `args` filled in; English when the locale lacks it,
/// and the key itself when no catalogue has it.
pub fn message(locale: &str, key: &str, args: &[(&str, Arg<'_>)]) -> String {
    let found = [resolve_locale(locale), FALLBACK_LOCALE].into_iter().find_map(|tag| {
        let catalogue = catalogue(tag)?;
        Some((catalogue, catalogue.messages.get(key)?))
    });
    let Some((catalogue, message)) = found else {
        return key.to_owned();
    };
    let template = match message {
        Message::Text(text) => text,
        Message::Plural { plural, forms } => {
            let n = args.iter().find_map(|(name, arg)| match arg {
                Arg::Number(n) if name == plural => Some(*n),
                _ => None,
            });
            let category = n.map_or("other", |n| catalogue.plural_rule.category(n));
            match forms.get(category).or_else(|| forms.get("other")) {
                Some(form) => form,
                None => return key.to_owned(),
            }
        }
    };
    fill(template, args)
}

fn fill(template: &str, args: &[(&str, Arg<'_>)]) -> String {
    let mut out = template.to_owned();
    for (name, arg) in args {
        let value = match arg {
            Arg::Number(n) => n.to_string(),
            Arg::Text(text) => (*text).to_owned(),
        };
        out = out.replace(&format!("{{{name}}}"), &value);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn russian_plurals() {
        let forms: Vec<String> = [1, 2, 5, 11, 21, 22, 25, 111, 112]
            .iter()
            .map(|n| message("ru", "time.minutes", &[("n", Arg::Number(*n))]))
            .collect();
        assert_eq!(
            forms,
            [
                "1 минута",
                "2 минуты",
                "5 минут",
                "11 минут",
                "21 минута",
                "22 минуты",
                "25 минут",
                "111 минут",
                "112 минут"
            ]
        );
    }

    #[test]
    fn english_and_catalan_plurals() {
        assert_eq!(message("en", "time.minutes", &[("n", Arg::Number(1))]), "1 minute");
        assert_eq!(message("en", "time.minutes", &[("n", Arg::Number(5))]), "5 minutes");
        assert_eq!(message("ca", "time.minutes", &[("n", Arg::Number(1))]), "1 minut");
        assert_eq!(message("ca", "time.minutes", &[("n", Arg::Number(5))]), "5 minuts");
    }

    /// The `{name}` placeholders of a message, over all its forms.
    fn placeholders(message: &Message) -> Vec<String> {
        let texts: Vec<&String> = match message {
            Message::Text(text) => vec![text],
            Message::Plural { forms, .. } => forms.values().collect(),
        };
        let mut names: Vec<String> = texts
            .iter()
            .flat_map(|t| {
                t.split('{').skip(1).filter_map(|rest| rest.split_once('}').map(|(n, _)| n.to_owned()))
            })
            .collect();
        names.sort();
        names.dedup();
        names
    }

    #[test]
    fn every_catalogue_parses_and_has_every_message_with_its_placeholders() {
        let english = catalogue(FALLBACK_LOCALE).expect("English parses");
        for (tag, _) in LOCALES {
            let catalogue = catalogue(tag).unwrap_or_else(|| panic!("{tag} failed to parse"));
            let mut missing: Vec<&String> =
                english.messages.keys().filter(|k| !catalogue.messages.contains_key(*k)).collect();
            missing.sort();
            assert!(missing.is_empty(), "{tag} lacks {missing:?}");
            for (key, message) in &catalogue.messages {
                let reference =
                    english.messages.get(key).unwrap_or_else(|| panic!("{tag} has unknown {key}"));
                assert_eq!(placeholders(message), placeholders(reference), "{tag} {key}");
                if let Message::Plural { forms, .. } = message {
                    for n in 0..200 {
                        let category = catalogue.plural_rule.category(n);
                        assert!(forms.contains_key(category), "{tag} {key} lacks the {category} form");
                    }
                }
            }
        }
    }

    #[test]
    fn locales_resolve_and_fall_back() {
        assert_eq!(resolve_locale("ru-RU"), "ru");
        assert_eq!(resolve_locale("CA_es"), "ca");
        assert_eq!(resolve_locale("xx"), "en");
        assert_eq!(resolve_locale(""), "en");
        assert_eq!(message("de", "score.4", &[]), "Very strong");
        assert_eq!(message("ru", "no.such.key", &[]), "no.such.key");
        assert_eq!(locales(), ["ca", "en", "ru"]);
    }
}
