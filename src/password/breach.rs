//! Breached passwords, asked about by k-anonymity, as NIST SP 800-63B-4 asks a new password to
//! be compared with those known from breaches. A range API is given the first five hex
//! characters of the password's SHA-1 and answers, one `SUFFIX:COUNT` line each, the other 35
//! of every known hash that starts so; neither the password nor its whole hash leaves. Asking,
//! waiting and giving up are the caller's (the server's HTTP client, the browser's `fetch`);
//! the hash, the address asked and the reading of the answer are here, so that both agree.

use core::fmt;

use super::normalize::normalized;
use crate::error::{Error, Result};
use crate::otp::params::Algorithm;

/// What a range API is asked about one password, and what is looked for in its answer.
#[derive(Clone, PartialEq, Eq)]
pub struct BreachQuery {
    /// The SHA-1, upper-case hex, as the ranges are written.
    hex: String,
}

/// The hash of a password is as good as the password to anyone with a breach corpus: only
/// the part that is sent anyway is shown.
impl fmt::Debug for BreachQuery {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BreachQuery").field("prefix", &self.prefix()).finish_non_exhaustive()
    }
}

impl BreachQuery {
    /// Hex characters of the hash a range request names.
    pub const PREFIX_CHARS: usize = 5;
    /// Hex characters of each line's suffix: the rest of a SHA-1's 40.
    pub const SUFFIX_CHARS: usize = 35;
    /// The largest answer read, in bytes. A range holds about a thousand lines of some 40
    /// bytes, padding included; 2 MiB is fifty times that, and what is larger is not a range.
    pub const MAX_RANGE_BYTES: usize = 2 * 1024 * 1024;
    /// Digits a count may have: every `u64`.
    const MAX_COUNT_DIGITS: usize = 20;

    /// The query for `password`, NFKC-normalised first like every rule sees it and the server
    /// hashes it: full-width "ｐａｓｓｗｏｒｄ" is asked about as the "password" it stands for.
    pub fn new(password: &str) -> Self {
        let digest = Algorithm::Sha1.digest(normalized(password).as_bytes());
        let mut hex = String::with_capacity(2 * digest.as_bytes().len());
        for &byte in digest.as_bytes() {
            for nibble in [byte >> 4, byte & 0xF] {
                hex.push(char::from(b"0123456789ABCDEF"[usize::from(nibble)]));
            }
        }
        Self { hex }
    }

    /// The five upper-case hex characters sent, e.g. `5BAA6`.
    pub fn prefix(&self) -> &str {
        &self.hex[..Self::PREFIX_CHARS]
    }

    /// The other 35 characters, which the answer is searched for and which are never sent.
    pub fn suffix(&self) -> &str {
        &self.hex[Self::PREFIX_CHARS..]
    }

    /// The address of the range: `base` with the prefix after it, as the range API and its
    /// mirrors are configured (`https://…/range/` gives `https://…/range/5BAA6`). Nothing is
    /// added or taken away, so the exact path asked is the one the operator wrote.
    pub fn range_url(&self, base: &str) -> String {
        format!("{base}{}", self.prefix())
    }

    /// How often the password appears in a range answer: 0 when it does not. Lines end in LF
    /// or CRLF, and empty lines (the one after a final newline) are passed over; a suffix is
    /// matched in either case. A line with a count of 0 is padding the API added to hide how
    /// many real lines there are, and never matches.
    ///
    /// # Errors
    ///
    /// [`Error::BreachRangeTooLarge`] above [`Self::MAX_RANGE_BYTES`];
    /// [`Error::BreachRangeMalformed`] naming the first line that is not 35 hex characters, a
    /// colon and a count (an error page, a cut-off body).
    pub fn count_in(&self, range: &str) -> Result<u64> {
        if range.len() > Self::MAX_RANGE_BYTES {
            return Err(Error::BreachRangeTooLarge { max: Self::MAX_RANGE_BYTES });
        }
        let mut found = 0;
        for (index, line) in range.split('\n').enumerate() {
            let line = line.strip_suffix('\r').unwrap_or(line);
            if line.is_empty() {
                continue;
            }
            let malformed = || Error::BreachRangeMalformed { line: index + 1 };
            let (suffix, count) = line.split_once(':').ok_or_else(malformed)?;
            let hex = suffix.len() == Self::SUFFIX_CHARS && suffix.bytes().all(|b| b.is_ascii_hexdigit());
            let digits = (1..=Self::MAX_COUNT_DIGITS).contains(&count.len())
                && count.bytes().all(|b| b.is_ascii_digit());
            if !hex || !digits {
                return Err(malformed());
            }
            let count: u64 = count.parse().map_err(|_| malformed())?;
            if count > 0 && suffix.eq_ignore_ascii_case(self.suffix()) {
                found = found.max(count);
            }
        }
        Ok(found)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// SHA-1 of "password", a hash every breach corpus holds.
    const PASSWORD: &str = "5BAA61E4C9B93F3F0682250B6CF8331B7EE68FD8";

    fn line(suffix: &str, count: u64) -> String {
        format!("{suffix}:{count}")
    }

    #[test]
    fn the_query_is_the_upper_case_sha1_split_five_and_thirty_five() {
        let query = BreachQuery::new("password");
        assert_eq!(query.prefix(), &PASSWORD[..5]);
        assert_eq!(query.suffix(), &PASSWORD[5..]);
        assert_eq!(BreachQuery::new("ｐａｓｓｗｏｒｄ"), query, "NFKC first");
        assert_eq!(BreachQuery::new("").prefix(), "DA39A", "SHA-1 of nothing");
        let shown = format!("{query:?}");
        assert!(shown.contains("5BAA6") && !shown.contains(&PASSWORD[5..]), "{shown}");
    }

    #[test]
    fn the_range_url_is_the_base_then_the_prefix() {
        let query = BreachQuery::new("password");
        assert_eq!(query.range_url("http://127.0.0.1:9/range/"), "http://127.0.0.1:9/range/5BAA6");
        assert_eq!(
            query.range_url("https://mirror.test/pwned?prefix="),
            "https://mirror.test/pwned?prefix=5BAA6"
        );
        assert_eq!(query.range_url(""), "5BAA6");
    }

    #[test]
    fn a_listed_suffix_is_found_with_its_count_in_either_line_ending_or_case() {
        let query = BreachQuery::new("password");
        let other = "0018A45C4D1DEF81644B54AB7F969B88D65";
        for range in [
            format!("{}\r\n{}\r\n", line(other, 1), line(&PASSWORD[5..], 9_545_824)),
            format!("{}\n{}", line(other, 1), line(&PASSWORD[5..], 9_545_824)),
            format!("{}\n", line(&PASSWORD[5..].to_ascii_lowercase(), 9_545_824)),
        ] {
            assert_eq!(query.count_in(&range), Ok(9_545_824), "{range:?}");
        }
        assert_eq!(query.count_in(&line(other, 3)), Ok(0));
        assert_eq!(query.count_in(""), Ok(0), "an empty range lists nothing");
    }

    #[test]
    fn padding_never_matches() {
        let query = BreachQuery::new("password");
        let padded =
            format!("{}\r\n{}\r\n", line(&PASSWORD[5..], 0), line("0018A45C4D1DEF81644B54AB7F969B88D65", 0));
        assert_eq!(query.count_in(&padded), Ok(0));
    }

    #[test]
    fn malformed_lines_are_errors_that_name_the_line() {
        let query = BreachQuery::new("password");
        let good = line("0018A45C4D1DEF81644B54AB7F969B88D65", 2);
        for (bad, at) in [
            ("<!doctype html><title>502</title>".to_owned(), 1),
            (format!("{good}\n0018A45C4D1DEF81644B54AB7F969B88D6:2"), 2),
            (format!("{good}\n0018A45C4D1DEF81644B54AB7F969B88D65X:2"), 2),
            (format!("{good}\r\n{good}\r\n0018A45C4D1DEF81644B54AB7F969B88D6Z:2"), 3),
            (format!("{good}\n0018A45C4D1DEF81644B54AB7F969B88D65:"), 2),
            (format!("{good}\n0018A45C4D1DEF81644B54AB7F969B88D65:-1"), 2),
            (format!("{good}\n0018A45C4D1DEF81644B54AB7F969B88D65: 2"), 2),
            (format!("{good}\n0018A45C4D1DEF81644B54AB7F969B88D65:2:3"), 2),
            (format!("{good}\n0018A45C4D1DEF81644B54AB7F969B88D65:99999999999999999999"), 2),
            (format!("{good}\nÉ018A45C4D1DEF81644B54AB7F969B88D6:2"), 2),
        ] {
            assert_eq!(query.count_in(&bad), Err(Error::BreachRangeMalformed { line: at }), "{bad:?}");
        }
    }

    #[test]
    fn a_body_too_large_to_be_a_range_is_refused_before_it_is_read() {
        let query = BreachQuery::new("password");
        let huge = "A".repeat(BreachQuery::MAX_RANGE_BYTES + 1);
        assert_eq!(
            query.count_in(&huge),
            Err(Error::BreachRangeTooLarge { max: BreachQuery::MAX_RANGE_BYTES })
        );
        let full = format!("{}\n", line("0018A45C4D1DEF81644B54AB7F969B88D65", 1)).repeat(40_000);
        assert!(full.len() <= BreachQuery::MAX_RANGE_BYTES);
        assert_eq!(query.count_in(&full), Ok(0));
    }
}
