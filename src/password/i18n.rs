//! Messages in the user's language, from the catalogues in `locales/` (one JSON file per
//! language, turned into statics by the build script), with plural forms chosen by the
//! language's rule.

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
#[derive(Clone, Copy, Debug)]
#[allow(dead_code, reason = "a rule exists for the languages that may be added as a file")]
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

/// A message: one text, or a form per plural category chosen by the argument `plural`.
enum Message {
    Text(&'static str),
    Plural { plural: &'static str, forms: &'static [(&'static str, &'static str)] },
}

/// A catalogue: its language's plural rule and its messages, sorted by key.
type Catalogue = (PluralRule, &'static [(&'static str, Message)]);

fn catalogue(tag: &str) -> Option<Catalogue> {
    LOCALES.iter().find(|(known, _)| *known == tag).map(|&(_, catalogue)| catalogue)
}

/// The tags of every language with a catalogue, sorted.
pub fn locales() -> Vec<&'static str> {
    LOCALES.iter().map(|(tag, _)| *tag).collect()
}

/// The catalogue tag for a BCP 47 tag such as `ru-RU` or `ca_ES`: the language alone,
/// and [`FALLBACK_LOCALE`] when there is no catalogue for it.
pub fn resolve_locale(tag: &str) -> &'static str {
    let language = tag.split(['-', '_']).next().unwrap_or_default();
    LOCALES
        .iter()
        .find(|(known, _)| known.eq_ignore_ascii_case(language))
        .map_or(FALLBACK_LOCALE, |(tag, _)| tag)
}

/// The message `key` in `locale` with `args` filled in; English when the locale lacks it,
/// and the key itself when no catalogue has it.
pub fn message(locale: &str, key: &str, args: &[(&str, Arg<'_>)]) -> String {
    let found = [resolve_locale(locale), FALLBACK_LOCALE].into_iter().find_map(|tag| {
        let (rule, messages) = catalogue(tag)?;
        let at = messages.binary_search_by(|(known, _)| (*known).cmp(key)).ok()?;
        Some((rule, &messages[at].1))
    });
    let Some((rule, message)) = found else {
        return key.to_owned();
    };
    let template = match message {
        Message::Text(text) => text,
        Message::Plural { plural, forms } => {
            let n = args.iter().find_map(|(name, arg)| match arg {
                Arg::Number(n) if name == plural => Some(*n),
                _ => None,
            });
            let category = n.map_or("other", |n| rule.category(n));
            let form = |wanted| forms.iter().find(|(name, _)| *name == wanted).map(|(_, text)| text);
            match form(category).or_else(|| form("other")) {
                Some(form) => form,
                None => return key.to_owned(),
            }
        }
    };
    fill(template, args)
}

/// `template` with each `{name}` replaced by its argument, in one pass.
fn fill(template: &str, args: &[(&str, Arg<'_>)]) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    // Split, not sliced by index: an index could panic, and a panic's message brings the
    // formatting of strings and its Unicode tables into the wasm.
    while let Some((before, after)) = rest.split_once('{') {
        out.push_str(before);
        let arg = after.split_once('}').and_then(|(name, after)| {
            let (_, arg) = args.iter().find(|(known, _)| *known == name)?;
            Some((arg, after))
        });
        rest = match arg {
            Some((Arg::Number(n), after)) => {
                crate::decimal::push(&mut out, *n);
                after
            }
            Some((Arg::Text(text), after)) => {
                out.push_str(text);
                after
            }
            None => {
                out.push('{');
                after
            }
        };
    }
    out.push_str(rest);
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
        let texts: Vec<&str> = match message {
            Message::Text(text) => vec![text],
            Message::Plural { forms, .. } => forms.iter().map(|(_, text)| *text).collect(),
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
    fn every_catalogue_has_every_message_with_its_placeholders() {
        let (_, english) = catalogue(FALLBACK_LOCALE).expect("English");
        for &(tag, (rule, messages)) in LOCALES {
            assert!(messages.windows(2).all(|w| w[0].0 < w[1].0), "{tag} is sorted by key");
            let missing: Vec<&str> =
                english.iter().map(|(k, _)| *k).filter(|k| !messages.iter().any(|(m, _)| m == k)).collect();
            assert!(missing.is_empty(), "{tag} lacks {missing:?}");
            for (key, message) in messages {
                let reference = english
                    .iter()
                    .find(|(k, _)| k == key)
                    .unwrap_or_else(|| panic!("{tag} has unknown {key}"));
                assert_eq!(placeholders(message), placeholders(&reference.1), "{tag} {key}");
                if let Message::Plural { forms, .. } = message {
                    for n in 0..200 {
                        let category = rule.category(n);
                        assert!(
                            forms.iter().any(|(f, _)| *f == category),
                            "{tag} {key} lacks the {category} form"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn placeholders_are_filled_once() {
        let args = [("n", Arg::Number(3)), ("word", Arg::Text("{n}"))];
        assert_eq!(fill("{word} and {n}, {missing} {", &args), "{n} and 3, {missing} {");
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
