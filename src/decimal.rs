//! Whole numbers written in decimal by hand: `to_string` and `format!` would bring
//! `core::fmt`'s machinery into the wasm for what a loop does.

/// Appends `n` in decimal.
pub fn push(out: &mut String, n: u64) {
    // u64::MAX has 20 digits.
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    let mut rest = n;
    loop {
        at -= 1;
        digits[at] = b'0' + (rest % 10) as u8;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    for &digit in &digits[at..] {
        out.push(char::from(digit));
    }
}

/// `n` in decimal.
pub fn string(n: u64) -> String {
    let mut out = String::new();
    push(&mut out, n);
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn writes_what_display_writes() {
        for n in [0, 1, 9, 10, 99, 100, 12345, u64::from(u32::MAX), u64::MAX - 1, u64::MAX] {
            assert_eq!(super::string(n), n.to_string());
        }
    }
}
