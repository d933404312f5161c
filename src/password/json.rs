//! The JSON the browser and the server exchange (policies, contexts), read and written by
//! hand: the documents are small objects of a few known fields, and a general JSON library
//! with its float parsing and formatting was a fifth of the package's code.
//!
//! The build script reads the message catalogues and keyboard graphs with this same parser.

/// A parsed JSON value. Numbers keep their text: the documents only hold whole numbers,
/// which [`Value::whole`] reads exactly, and nothing here needs a float.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number, as written.
    Number(String),
    /// A string, unescaped.
    String(String),
    /// An array.
    Array(Vec<Value>),
    /// An object, its members in document order.
    Object(Vec<(String, Value)>),
}

/// Deepest nesting read: the documents are two levels deep, and a bound keeps a hostile
/// document from exhausting the stack.
const MAX_DEPTH: usize = 32;

/// Reads a whole JSON document.
///
/// # Errors
///
/// A message saying what is wrong and where (in bytes).
pub fn parse(text: &str) -> Result<Value, String> {
    let mut parser = Parser { text: text.as_bytes(), at: 0 };
    let value = parser.value(0)?;
    parser.space();
    if parser.at < parser.text.len() {
        return Err(parser.error("trailing characters"));
    }
    Ok(value)
}

struct Parser<'a> {
    text: &'a [u8],
    at: usize,
}

impl Parser<'_> {
    fn error(&self, what: &str) -> String {
        let mut message = what.to_owned();
        message.push_str(" at byte ");
        message.push_str(&self.at.to_string());
        message
    }

    fn space(&mut self) {
        while self.text.get(self.at).is_some_and(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r')) {
            self.at += 1;
        }
    }

    fn peek(&self) -> Option<u8> {
        self.text.get(self.at).copied()
    }

    fn literal(&mut self, word: &str, value: Value) -> Result<Value, String> {
        if self.text[self.at..].starts_with(word.as_bytes()) {
            self.at += word.len();
            Ok(value)
        } else {
            Err(self.error("expected a value"))
        }
    }

    fn value(&mut self, depth: usize) -> Result<Value, String> {
        if depth > MAX_DEPTH {
            return Err(self.error("too deeply nested"));
        }
        self.space();
        match self.peek() {
            Some(b'{') => self.object(depth),
            Some(b'[') => self.array(depth),
            Some(b'"') => self.string().map(Value::String),
            Some(b't') => self.literal("true", Value::Bool(true)),
            Some(b'f') => self.literal("false", Value::Bool(false)),
            Some(b'n') => self.literal("null", Value::Null),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(_) => Err(self.error("expected a value")),
            None => Err(self.error("unexpected end")),
        }
    }

    /// `{`, members separated by `,`, `}`; `close` says whether the list is empty.
    fn list(
        &mut self,
        close: u8,
        mut item: impl FnMut(&mut Self) -> Result<(), String>,
    ) -> Result<(), String> {
        self.at += 1;
        self.space();
        if self.peek() == Some(close) {
            self.at += 1;
            return Ok(());
        }
        loop {
            item(self)?;
            self.space();
            match self.peek() {
                Some(b',') => self.at += 1,
                Some(c) if c == close => {
                    self.at += 1;
                    return Ok(());
                }
                _ => return Err(self.error("expected `,` or the end of the list")),
            }
        }
    }

    fn object(&mut self, depth: usize) -> Result<Value, String> {
        let mut members = Vec::new();
        self.list(b'}', |p| {
            p.space();
            if p.peek() != Some(b'"') {
                return Err(p.error("expected a member name"));
            }
            let name = p.string()?;
            p.space();
            if p.peek() != Some(b':') {
                return Err(p.error("expected `:`"));
            }
            p.at += 1;
            members.push((name, p.value(depth + 1)?));
            Ok(())
        })?;
        Ok(Value::Object(members))
    }

    fn array(&mut self, depth: usize) -> Result<Value, String> {
        let mut items = Vec::new();
        self.list(b']', |p| {
            items.push(p.value(depth + 1)?);
            Ok(())
        })?;
        Ok(Value::Array(items))
    }

    fn number(&mut self) -> Result<Value, String> {
        let start = self.at;
        let digits = |p: &mut Self| {
            let from = p.at;
            while p.peek().is_some_and(|b| b.is_ascii_digit()) {
                p.at += 1;
            }
            p.at > from
        };
        if self.peek() == Some(b'-') {
            self.at += 1;
        }
        let whole_start = self.at;
        if !digits(self) || (self.text[whole_start] == b'0' && self.at - whole_start > 1) {
            return Err(self.error("invalid number"));
        }
        if self.peek() == Some(b'.') {
            self.at += 1;
            if !digits(self) {
                return Err(self.error("invalid number"));
            }
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.at += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.at += 1;
            }
            if !digits(self) {
                return Err(self.error("invalid number"));
            }
        }
        // Only ASCII digits and signs were consumed.
        Ok(Value::Number(String::from_utf8_lossy(&self.text[start..self.at]).into_owned()))
    }

    fn string(&mut self) -> Result<String, String> {
        self.at += 1;
        let mut out = Vec::new();
        loop {
            let Some(byte) = self.peek() else {
                return Err(self.error("unterminated string"));
            };
            self.at += 1;
            match byte {
                b'"' => break,
                b'\\' => {
                    let escaped = self.peek().ok_or_else(|| self.error("unterminated string"))?;
                    self.at += 1;
                    let c = match escaped {
                        b'"' => '"',
                        b'\\' => '\\',
                        b'/' => '/',
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'n' => '\n',
                        b'r' => '\r',
                        b't' => '\t',
                        b'u' => self.unicode_escape()?,
                        _ => return Err(self.error("invalid escape")),
                    };
                    out.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes());
                }
                0..=0x1f => return Err(self.error("control character in a string")),
                _ => out.push(byte),
            }
        }
        // The input is a `str` and escapes add whole characters, so this is valid UTF-8.
        String::from_utf8(out).map_err(|_| self.error("invalid UTF-8"))
    }

    fn hex4(&mut self) -> Result<u32, String> {
        let hex = self.text.get(self.at..self.at + 4).ok_or_else(|| self.error("invalid escape"))?;
        let mut value = 0;
        for &b in hex {
            let digit = (b as char).to_digit(16).ok_or_else(|| self.error("invalid escape"))?;
            value = value * 16 + digit;
        }
        self.at += 4;
        Ok(value)
    }

    /// `\uXXXX`, with a surrogate pair read as one character; a lone surrogate is refused, as
    /// it cannot be in a Rust string.
    fn unicode_escape(&mut self) -> Result<char, String> {
        let first = self.hex4()?;
        let code = if (0xd800..0xdc00).contains(&first) {
            if !self.text[self.at..].starts_with(b"\\u") {
                return Err(self.error("lone surrogate"));
            }
            self.at += 2;
            let second = self.hex4()?;
            if !(0xdc00..0xe000).contains(&second) {
                return Err(self.error("lone surrogate"));
            }
            0x10000 + ((first - 0xd800) << 10) + (second - 0xdc00)
        } else {
            first
        };
        char::from_u32(code).ok_or_else(|| self.error("lone surrogate"))
    }
}

impl Value {
    /// What the value is, for messages: `invalid type: string "12", expected ...`.
    fn kind(&self) -> String {
        match self {
            Self::Null => "null".to_owned(),
            Self::Bool(b) => format_kind("boolean", if *b { "true" } else { "false" }),
            Self::Number(n) => format_kind("number", n),
            Self::String(s) => {
                let mut kind = "string \"".to_owned();
                kind.extend(s.chars().take(64));
                kind.push('"');
                kind
            }
            Self::Array(_) => "array".to_owned(),
            Self::Object(_) => "object".to_owned(),
        }
    }

    /// The error for a value that is not what `expected` says.
    pub fn invalid(&self, expected: &str) -> String {
        let mut message = "invalid type: ".to_owned();
        message.push_str(&self.kind());
        message.push_str(", expected ");
        message.push_str(expected);
        message
    }

    /// A whole number from 0 to `max`.
    ///
    /// # Errors
    ///
    /// The message for anything else, naming `expected`.
    pub fn whole(&self, max: u64, expected: &str) -> Result<u64, String> {
        match self {
            Self::Number(text) if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) => {
                text.parse().ok().filter(|&n| n <= max).ok_or_else(|| self.invalid(expected))
            }
            _ => Err(self.invalid(expected)),
        }
    }

    /// A string.
    ///
    /// # Errors
    ///
    /// The message for anything else.
    pub fn text(&self) -> Result<&str, String> {
        match self {
            Self::String(s) => Ok(s),
            _ => Err(self.invalid("a string")),
        }
    }

    /// A boolean.
    ///
    /// # Errors
    ///
    /// The message for anything else.
    pub fn boolean(&self) -> Result<bool, String> {
        match self {
            Self::Bool(b) => Ok(*b),
            _ => Err(self.invalid("a boolean")),
        }
    }

    /// The members of an object whose every name is one of `known`, each at most once.
    ///
    /// # Errors
    ///
    /// The message for a value that is not an object, an unknown member or a repeated one.
    pub fn members(&self, known: &[&str]) -> Result<&[(String, Value)], String> {
        let Self::Object(members) = self else {
            return Err(self.invalid("a JSON object"));
        };
        for (i, (name, _)) in members.iter().enumerate() {
            if !known.contains(&name.as_str()) {
                let mut message = "unknown field `".to_owned();
                message.push_str(name);
                message.push_str("`, expected one of ");
                for (j, field) in known.iter().enumerate() {
                    message.push_str(if j > 0 { ", `" } else { "`" });
                    message.push_str(field);
                    message.push('`');
                }
                return Err(message);
            }
            if members[..i].iter().any(|(seen, _)| seen == name) {
                let mut message = "duplicate field `".to_owned();
                message.push_str(name);
                message.push('`');
                return Err(message);
            }
        }
        Ok(members)
    }
}

fn format_kind(kind: &str, value: &str) -> String {
    let mut text = kind.to_owned();
    text.push_str(" `");
    text.push_str(value);
    text.push('`');
    text
}

/// Appends `text` to `out` as a JSON string.
pub fn write_string(out: &mut String, text: &str) {
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if u32::from(c) < 0x20 => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                out.push_str("\\u00");
                out.push(char::from(HEX[(u32::from(c) >> 4) as usize]));
                out.push(char::from(HEX[(u32::from(c) & 0xf) as usize]));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documents_parse() {
        let value = parse(r#" {"a": [1, -2.5e3, true, null], "b": "x\"\u00e9\ud83d\ude00"} "#);
        assert_eq!(
            value,
            Ok(Value::Object(vec![
                (
                    "a".to_owned(),
                    Value::Array(vec![
                        Value::Number("1".to_owned()),
                        Value::Number("-2.5e3".to_owned()),
                        Value::Bool(true),
                        Value::Null
                    ])
                ),
                ("b".to_owned(), Value::String("x\"é😀".to_owned())),
            ]))
        );
    }

    #[test]
    fn malformed_documents_are_refused() {
        for bad in [
            "",
            "{",
            "{\"a\"}",
            "{\"a\":}",
            "[1,]",
            "01",
            "1.",
            "-",
            "\"\\x\"",
            "\"\\ud800\"",
            "\"a",
            "tru",
            "{} x",
            "\"\u{1}\"",
        ] {
            assert!(parse(bad).is_err(), "{bad:?}");
        }
        assert!(parse(&"[".repeat(1000)).is_err());
    }

    #[test]
    fn readers_name_what_they_expected() {
        let number = Value::Number("12".to_owned());
        assert_eq!(number.whole(255, "u8"), Ok(12));
        assert_eq!(
            number.whole(10, "u8 up to 10"),
            Err("invalid type: number `12`, expected u8 up to 10".to_owned())
        );
        assert!(Value::Number("1.5".to_owned()).whole(255, "u8").is_err());
        assert!(Value::Number("-1".to_owned()).whole(255, "u8").is_err());
        assert_eq!(Value::Null.text(), Err("invalid type: null, expected a string".to_owned()));
        let object = parse(r#"{"a":1,"b":2}"#).unwrap_or(Value::Null);
        assert!(object.members(&["a", "b"]).is_ok());
        assert_eq!(object.members(&["a"]), Err("unknown field `b`, expected one of `a`".to_owned()));
        let twice = parse(r#"{"a":1,"a":2}"#).unwrap_or(Value::Null);
        assert_eq!(twice.members(&["a"]), Err("duplicate field `a`".to_owned()));
    }

    #[test]
    fn strings_are_written_escaped() {
        let mut out = String::new();
        write_string(&mut out, "a\"b\\c\n\u{1}é");
        assert_eq!(out, r#""a\"b\\c\n\u0001é""#);
        assert_eq!(parse(&out), Ok(Value::String("a\"b\\c\n\u{1}é".to_owned())));
    }
}
