//! Times and counters as they arrive in JSON and JavaScript: as IEEE doubles.

use crate::error::{Error, Result};

/// Largest integer a JavaScript number (and so a JSON number in practice) holds exactly.
pub const MAX_SAFE_INTEGER: u64 = (1 << 53) - 1;

/// Unix seconds from a number such as `Date.now() / 1000`: fractions are dropped.
///
/// # Errors
///
/// [`Error::TimeInvalid`] for NaN, infinities, negative times and times past
/// [`MAX_SAFE_INTEGER`] seconds.
pub fn unix_seconds(secs: f64) -> Result<u64> {
    if secs.is_finite() && secs >= 0.0 && secs.floor() <= MAX_SAFE_INTEGER as f64 {
        // In range and finite, so the conversion is exact after flooring.
        Ok(secs.floor() as u64)
    } else {
        Err(Error::TimeInvalid)
    }
}

/// A counter or time step, which must be a whole number.
///
/// # Errors
///
/// [`Error::CounterInvalid`] for fractions, negative numbers, NaN and numbers past
/// [`MAX_SAFE_INTEGER`].
pub fn counter(value: f64) -> Result<u64> {
    if value.is_finite() && value >= 0.0 && value.fract() == 0.0 && value <= MAX_SAFE_INTEGER as f64 {
        Ok(value as u64)
    } else {
        Err(Error::CounterInvalid)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_floor_and_stay_in_range() {
        assert_eq!(unix_seconds(59.999), Ok(59));
        assert_eq!(unix_seconds(20_000_000_000.0), Ok(20_000_000_000));
        assert_eq!(unix_seconds(9_007_199_254_740_991.0), Ok(MAX_SAFE_INTEGER));
        for bad in [-1.0, f64::NAN, f64::INFINITY, 9_007_199_254_740_992.0] {
            assert_eq!(unix_seconds(bad), Err(Error::TimeInvalid), "{bad}");
        }
    }

    #[test]
    fn counters_are_whole() {
        assert_eq!(counter(0.0), Ok(0));
        assert_eq!(counter(4_294_967_296.0), Ok(1 << 32));
        for bad in [0.5, -1.0, f64::NAN, 1e300] {
            assert_eq!(counter(bad), Err(Error::CounterInvalid), "{bad}");
        }
    }
}
