//! The server's words in each language: refusals and the messages it mails. They live in
//! `server/locales/*.json`, in the shape of the core's catalogues (`locales/*.json`): a
//! name, a plural rule, and messages that are either a text or plural forms chosen by one
//! numeric argument. Adding a language is adding a file there and a line to [`FILES`];
//! a test checks every file has every message with the same placeholders.

use std::collections::HashMap;
use std::fmt;
use std::sync::OnceLock;

use serde::Deserialize;

/// The language used when a request asks for none that the server has.
pub const FALLBACK: &str = "en";

/// The catalogues, embedded at build time.
const FILES: &[(&str, &str)] = &[
    ("ca", include_str!("../locales/ca.json")),
    ("en", include_str!("../locales/en.json")),
    ("ru", include_str!("../locales/ru.json")),
];

/// A value put into a message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Arg {
    /// A count, which also picks the plural form when the message has them.
    Number(i64),
    /// Text, put in as it is.
    Text(String),
}

impl fmt::Display for Arg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Number(n) => write!(f, "{n}"),
            Self::Text(text) => f.write_str(text),
        }
    }
}

impl From<i64> for Arg {
    fn from(n: i64) -> Self {
        Self::Number(n)
    }
}

impl From<usize> for Arg {
    fn from(n: usize) -> Self {
        Self::Number(i64::try_from(n).unwrap_or(i64::MAX))
    }
}

impl From<u32> for Arg {
    fn from(n: u32) -> Self {
        Self::Number(i64::from(n))
    }
}

impl From<&str> for Arg {
    fn from(text: &str) -> Self {
        Self::Text(text.to_owned())
    }
}

impl From<String> for Arg {
    fn from(text: String) -> Self {
        Self::Text(text)
    }
}

/// How a language picks a plural form (CLDR categories).
#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
enum PluralRule {
    /// English, Catalan: `one` for 1, `other` otherwise.
    OneOther,
    /// Russian, Ukrainian: `one`, `few`, `many` by the last digits.
    EastSlavic,
}

impl PluralRule {
    fn category(self, n: i64) -> &'static str {
        let n = n.unsigned_abs();
        match self {
            Self::OneOther if n == 1 => "one",
            Self::OneOther => "other",
            Self::EastSlavic => match (n % 10, n % 100) {
                (1, h) if h != 11 => "one",
                (2..=4, h) if !(12..=14).contains(&h) => "few",
                _ => "many",
            },
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum Message {
    Text(String),
    Plural {
        plural: String,
        #[serde(flatten)]
        forms: HashMap<String, String>,
    },
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Catalogue {
    #[allow(dead_code)]
    name: String,
    plural_rule: PluralRule,
    messages: HashMap<String, Message>,
}

fn catalogues() -> &'static HashMap<&'static str, Catalogue> {
    static PARSED: OnceLock<HashMap<&'static str, Catalogue>> = OnceLock::new();
    // A file that does not parse is left out (the catalogue test names it): its language
    // falls back to English rather than taking the server down.
    PARSED.get_or_init(|| {
        FILES.iter().filter_map(|(tag, text)| Some((*tag, serde_json::from_str(text).ok()?))).collect()
    })
}

/// The tags of every language the server speaks.
pub fn locales() -> Vec<&'static str> {
    FILES.iter().map(|(tag, _)| *tag).collect()
}

/// The catalogue tag for one BCP 47 tag (`ru-RU`, `ca_ES`, `EN`), if the server has it.
pub fn supported(tag: &str) -> Option<&'static str> {
    let language = tag.trim().split(['-', '_']).next().unwrap_or_default().to_ascii_lowercase();
    FILES.iter().map(|(t, _)| *t).find(|t| *t == language)
}

/// The language to answer an `Accept-Language` header in: the supported tag with the
/// highest weight (the first of equals), or [`FALLBACK`].
pub fn negotiate(accept_language: &str) -> &'static str {
    let mut best: Option<(u32, &'static str)> = None;
    for range in accept_language.split(',').take(32) {
        let mut parts = range.split(';');
        let Some(tag) = parts.next().and_then(supported) else { continue };
        // Weights are q=0.000 to q=1; in thousandths, so that equal weights compare equal.
        let weight = parts
            .find_map(|p| p.trim().strip_prefix("q="))
            .and_then(|q| q.trim().parse::<f32>().ok())
            .map_or(1000, |q| (q.clamp(0.0, 1.0) * 1000.0).round() as u32);
        if weight > 0 && best.is_none_or(|(w, _)| weight > w) {
            best = Some((weight, tag));
        }
    }
    best.map_or(FALLBACK, |(_, tag)| tag)
}

/// The message `key` in `locale` with `args` filled in; English when the language lacks it,
/// and `None` when no catalogue has it.
pub fn lookup(locale: &str, key: &str, args: &[(&str, Arg)]) -> Option<String> {
    let all = catalogues();
    let (catalogue, message) = [supported(locale).unwrap_or(FALLBACK), FALLBACK]
        .into_iter()
        .find_map(|tag| all.get(tag).and_then(|c| Some((c, c.messages.get(key)?))))?;
    let template = match message {
        Message::Text(text) => text.as_str(),
        Message::Plural { plural, forms } => {
            let n = args.iter().find_map(|(name, arg)| match arg {
                Arg::Number(n) if name == plural => Some(*n),
                _ => None,
            });
            let category = n.map_or("other", |n| catalogue.plural_rule.category(n));
            forms.get(category).or_else(|| forms.get("other")).or_else(|| forms.get("many"))?.as_str()
        }
    };
    Some(fill(template, args))
}

/// The message `key` in `locale`, or the key itself when it is missing everywhere (which the
/// catalogue test makes a failing build, not a sight users see).
pub fn text(locale: &str, key: &str, args: &[(&str, Arg)]) -> String {
    lookup(locale, key, args).unwrap_or_else(|| key.to_owned())
}

fn fill(template: &str, args: &[(&str, Arg)]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) => {
                let name = &after[..close];
                match args.iter().find(|(n, _)| *n == name) {
                    Some((_, value)) => out.push_str(&value.to_string()),
                    None => {
                        out.push('{');
                        out.push_str(name);
                        out.push('}');
                    }
                }
                rest = &after[close + 1..];
            }
            None => {
                out.push_str(&rest[open..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// Unix seconds as people read them, with the timezone said: `2027-01-15 08:01 UTC`.
pub fn time(at: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp(at)
        .ok()
        .and_then(|t| {
            t.format(&time::macros::format_description!("[year]-[month]-[day] [hour]:[minute] UTC")).ok()
        })
        .unwrap_or_else(|| at.to_string())
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    fn placeholders(text: &str) -> BTreeSet<String> {
        text.split('{').skip(1).filter_map(|s| s.split_once('}').map(|(name, _)| name.to_owned())).collect()
    }

    fn shape(message: &Message) -> BTreeSet<String> {
        match message {
            Message::Text(text) => placeholders(text),
            Message::Plural { forms, .. } => forms.values().flat_map(|f| placeholders(f)).collect(),
        }
    }

    #[test]
    fn every_language_has_every_message_with_the_same_placeholders() {
        let all = catalogues();
        assert_eq!(all.len(), FILES.len(), "a catalogue does not parse");
        let english = &all[FALLBACK];
        for (tag, catalogue) in all {
            for (key, message) in &english.messages {
                let theirs = catalogue.messages.get(key).unwrap_or_else(|| panic!("{tag} lacks {key}"));
                assert_eq!(shape(theirs), shape(message), "{tag} {key}");
                if let Message::Plural { forms, .. } = theirs {
                    let needed: &[&str] = match catalogue.plural_rule {
                        PluralRule::OneOther => &["one", "other"],
                        PluralRule::EastSlavic => &["one", "few", "many"],
                    };
                    for form in needed {
                        assert!(forms.contains_key(*form), "{tag} {key} lacks its {form} form");
                    }
                }
            }
            for key in catalogue.messages.keys() {
                assert!(english.messages.contains_key(key), "{tag} has {key}, which English lacks");
            }
        }
    }

    #[test]
    fn plurals_follow_each_language() {
        let forms: Vec<&str> =
            [1, 2, 5, 11, 21, 22, 25, 112].map(|n| PluralRule::EastSlavic.category(n)).to_vec();
        assert_eq!(forms, ["one", "few", "many", "many", "one", "few", "many", "many"]);
        assert_eq!(PluralRule::OneOther.category(1), "one");
        assert_eq!(PluralRule::OneOther.category(0), "other");
    }

    #[test]
    fn the_best_weighted_language_wins() {
        assert_eq!(negotiate("ru-RU,ru;q=0.9,en;q=0.8"), "ru");
        assert_eq!(negotiate("de-DE, ca;q=0.5, en;q=0.4"), "ca");
        assert_eq!(negotiate("en;q=0.2, ru;q=0.7"), "ru");
        assert_eq!(negotiate("fr, de"), FALLBACK);
        assert_eq!(negotiate("ru;q=0"), FALLBACK);
        assert_eq!(negotiate(""), FALLBACK);
        assert_eq!(negotiate("ru;q=nonsense"), "ru");
    }

    #[test]
    fn arguments_fill_their_places() {
        assert_eq!(fill("a {x} b {y} {z}", &[("x", Arg::Number(1)), ("y", "two".into())]), "a 1 b two {z}");
        assert_eq!(fill("open { brace", &[]), "open { brace");
        assert_eq!(time(1_800_000_060), "2027-01-15 08:01 UTC");
    }
}
