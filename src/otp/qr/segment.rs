//! Text as QR data bits: split into numeric, alphanumeric and byte segments so that the bit
//! stream is as short as the standard allows (ISO/IEC 18004:2015 §7.4), then written out.
//!
//! Kanji mode is left out on purpose: it reads byte pairs as Shift JIS, which turns UTF-8
//! text such as "日本" into other characters once decoded.

/// An encoding mode and what it costs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mode {
    /// Digits, three to 10 bits.
    Numeric,
    /// `0-9`, `A-Z`, space and `$%*+-./:`, two to 11 bits.
    Alphanumeric,
    /// Any byte, 8 bits.
    Byte,
}

const MODES: [Mode; 3] = [Mode::Numeric, Mode::Alphanumeric, Mode::Byte];

/// The characters of alphanumeric mode, each worth its index (ISO/IEC 18004 Table 5).
const ALPHANUMERIC: &[u8; 45] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";

impl Mode {
    /// The 4-bit mode indicator (Table 2).
    fn indicator(self) -> u32 {
        match self {
            Self::Numeric => 0b0001,
            Self::Alphanumeric => 0b0010,
            Self::Byte => 0b0100,
        }
    }

    /// Bits of the character count for versions in `group` (0: 1–9, 1: 10–26, 2: 27–40;
    /// Table 3).
    fn count_bits(self, group: usize) -> u32 {
        let bits = match self {
            Self::Numeric => [10, 12, 14],
            Self::Alphanumeric => [9, 11, 13],
            Self::Byte => [8, 16, 16],
        };
        bits[group]
    }

    fn holds(self, byte: u8) -> bool {
        match self {
            Self::Numeric => byte.is_ascii_digit(),
            Self::Alphanumeric => ALPHANUMERIC.contains(&byte),
            Self::Byte => true,
        }
    }

    /// Sixths of a bit per character: 10 bits per 3 digits, 11 per 2 alphanumerics, 8 per
    /// byte. A segment of n characters takes exactly the ceiling of n times this, in bits.
    fn sixths_per_char(self) -> u32 {
        match self {
            Self::Numeric => 20,
            Self::Alphanumeric => 33,
            Self::Byte => 48,
        }
    }
}

/// A run of `data` in one mode.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Segment {
    mode: Mode,
    start: usize,
    end: usize,
}

/// `data` split into segments for the versions of `group`, in the fewest bits: a shortest path
/// over (position, mode), where a character costs its mode's bits (in sixths, exact once a
/// segment is rounded up to whole bits as it ends) and a change of mode costs a header.
fn segments(data: &[u8], group: usize) -> Vec<Segment> {
    const NONE: u32 = u32::MAX / 2;
    let header = |mode: Mode| 6 * (4 + mode.count_bits(group));
    // `cost[m]`: the fewest sixths for the data so far with its last segment in mode m;
    // `came_from[i][m]`: the mode of the character before i on that path.
    let mut cost = [0u32; 3];
    let mut came_from: Vec<[u8; 3]> = Vec::with_capacity(data.len());
    for (i, &byte) in data.iter().enumerate() {
        let mut next = [NONE; 3];
        let mut from = [0u8; 3];
        for (m, mode) in MODES.iter().enumerate() {
            if !mode.holds(byte) {
                continue;
            }
            for (p, &before) in cost.iter().enumerate() {
                let through = if i == 0 {
                    header(*mode)
                } else if p == m {
                    before
                } else {
                    before.div_ceil(6) * 6 + header(*mode)
                };
                if through + mode.sixths_per_char() < next[m] {
                    next[m] = through + mode.sixths_per_char();
                    from[m] = p as u8;
                }
            }
        }
        cost = next;
        came_from.push(from);
    }
    // Walk back from the cheapest ending, joining characters of one mode into segments.
    let Some(mut mode) = (0..3).min_by_key(|&m| cost[m].div_ceil(6)) else { unreachable!() };
    let mut found: Vec<Segment> = Vec::new();
    for i in (0..data.len()).rev() {
        match found.last_mut() {
            Some(segment) if segment.mode == MODES[mode] => segment.start = i,
            _ => found.push(Segment { mode: MODES[mode], start: i, end: i + 1 }),
        }
        mode = usize::from(came_from[i][mode]);
    }
    found.reverse();
    found
}

/// The most characters a segment may count, so longer runs are split.
fn max_count(mode: Mode, group: usize) -> usize {
    (1 << mode.count_bits(group)) - 1
}

/// Bits appended most significant first.
#[derive(Default)]
pub(super) struct Bits {
    pub(super) bytes: Vec<u8>,
    pub(super) len: usize,
}

impl Bits {
    pub(super) fn push(&mut self, value: u32, bits: u32) {
        for i in (0..bits).rev() {
            if self.len % 8 == 0 {
                self.bytes.push(0);
            }
            if value >> i & 1 == 1 {
                if let Some(last) = self.bytes.last_mut() {
                    *last |= 0x80 >> (self.len % 8);
                }
            }
            self.len += 1;
        }
    }
}

/// `data` as the data bits of a symbol whose version is in `group`, before the terminator.
pub(super) fn encode(data: &[u8], group: usize) -> Bits {
    let mut bits = Bits::default();
    for segment in segments(data, group) {
        let text = &data[segment.start..segment.end];
        for chunk in text.chunks(max_count(segment.mode, group)) {
            bits.push(segment.mode.indicator(), 4);
            bits.push(chunk.len() as u32, segment.mode.count_bits(group));
            match segment.mode {
                Mode::Numeric => {
                    for digits in chunk.chunks(3) {
                        let value = digits.iter().fold(0, |n, d| n * 10 + u32::from(d - b'0'));
                        bits.push(value, [0, 4, 7, 10][digits.len()]);
                    }
                }
                Mode::Alphanumeric => {
                    let index = |c: &u8| ALPHANUMERIC.iter().position(|a| a == c).unwrap_or(0) as u32;
                    for pair in chunk.chunks(2) {
                        match pair {
                            [a, b] => bits.push(index(a) * 45 + index(b), 11),
                            [a] => bits.push(index(a), 6),
                            _ => {}
                        }
                    }
                }
                Mode::Byte => chunk.iter().for_each(|&b| bits.push(b.into(), 8)),
            }
        }
    }
    bits
}

#[cfg(test)]
mod tests {
    use super::*;

    fn modes(text: &str, group: usize) -> Vec<(Mode, &str)> {
        segments(text.as_bytes(), group).into_iter().map(|s| (s.mode, &text[s.start..s.end])).collect()
    }

    #[test]
    fn one_mode_when_switching_does_not_pay() {
        assert_eq!(modes("0123456789", 0), [(Mode::Numeric, "0123456789")]);
        assert_eq!(modes("HELLO WORLD", 0), [(Mode::Alphanumeric, "HELLO WORLD")]);
        assert_eq!(modes("A1", 0), [(Mode::Alphanumeric, "A1")]);
        assert_eq!(modes("hello 12", 0), [(Mode::Byte, "hello 12")]);
    }

    #[test]
    fn long_runs_get_their_own_mode() {
        // The escapes of non-ASCII text are alphanumeric; a Key URI is full of them.
        let text = "otpauth://totp/%D0%A1%D0%B1%D0%B5%D1%80%D0%B1%D0%B0%D0%BD%D0%BA:zo";
        assert_eq!(
            modes(text, 0),
            [
                (Mode::Byte, "otpauth://totp"),
                (Mode::Alphanumeric, "/%D0%A1%D0%B1%D0%B5%D1%80%D0%B1%D0%B0%D0%BD%D0%BA:"),
                (Mode::Byte, "zo")
            ]
        );
        assert_eq!(
            modes("secret=12345678901234567890", 0),
            [(Mode::Byte, "secret="), (Mode::Numeric, "12345678901234567890")]
        );
    }

    /// The bits a segmentation takes, counted the long way.
    fn bits(found: &[Segment], group: usize) -> usize {
        found
            .iter()
            .map(|s| {
                let n = s.end - s.start;
                4 + s.mode.count_bits(group) as usize
                    + match s.mode {
                        Mode::Numeric => 10 * (n / 3) + [0, 4, 7][n % 3],
                        Mode::Alphanumeric => 11 * (n / 2) + 6 * (n % 2),
                        Mode::Byte => 8 * n,
                    }
            })
            .sum()
    }

    /// The fewest bits by another route: over every last segment `data[i..j]` and its mode.
    /// (Two segments of one mode side by side never win, so allowing them changes nothing.)
    fn fewest_bits(data: &[u8], group: usize) -> usize {
        let mut best = vec![0];
        for j in 1..=data.len() {
            let through = (0..j).flat_map(|i| MODES.map(|mode| (i, mode))).filter_map(|(i, mode)| {
                let run = &data[i..j];
                run.iter()
                    .all(|&b| mode.holds(b))
                    .then(|| best[i] + bits(&[Segment { mode, start: i, end: j }], group))
            });
            best.push(through.min().unwrap_or(usize::MAX));
        }
        best[data.len()]
    }

    proptest::proptest! {
        #[test]
        fn no_segmentation_is_shorter(
            text in proptest::collection::vec(proptest::sample::select(&b"0123789AZ%:/ az.=\xc3\x80"[..]), 0..80),
            group in 0usize..3,
        ) {
            let best = bits(&segments(&text, group), group);
            proptest::prop_assert_eq!(best, fewest_bits(&text, group));
            proptest::prop_assert_eq!(best, encode(&text, group).len);
        }
    }

    #[test]
    fn bits_are_written_most_significant_first() {
        // ISO/IEC 18004 §7.4.3's example: "01234567" in version 1.
        let bits = encode(b"01234567", 0);
        assert_eq!(bits.len, 41);
        assert_eq!(
            bits.bytes,
            [0b0001_0000, 0b0010_0000, 0b0000_1100, 0b0101_0110, 0b0110_0001, 0b1000_0000]
        );
    }
}
