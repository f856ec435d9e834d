//! The limits every lab that trains shares, each refused with one message:
//! a learning rate above 0 and at most 10 (beyond it any optimizer here
//! blows up at once), and dropout from 0 up to, not including, 0.95 (at
//! 0.95 and above almost nothing gets through).

use crate::message;
use crate::wire::Message;

/// `Ok` for a usable learning rate (NaN is not one).
pub fn learning_rate(lr: f64) -> Result<(), Message> {
    if lr > 0.0 && lr <= 10.0 {
        return Ok(());
    }
    Err(message!(
        "engine.learningRate",
        "the learning rate must be above 0 and at most 10"
    ))
}

/// `Ok` for a usable dropout probability (NaN is not one).
pub fn dropout(p: f64) -> Result<(), Message> {
    if (0.0..0.95).contains(&p) {
        return Ok(());
    }
    Err(message!(
        "engine.dropout",
        "dropout must be at least 0 and below 0.95"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounds_and_nan() {
        assert!(learning_rate(10.0).is_ok() && learning_rate(1e-6).is_ok());
        for bad in [0.0, -1.0, 10.5, f64::NAN, f64::INFINITY] {
            assert!(learning_rate(bad).is_err(), "{bad}");
        }
        assert!(dropout(0.0).is_ok() && dropout(0.9).is_ok());
        for bad in [0.95, -0.1, f64::NAN] {
            assert!(dropout(bad).is_err(), "{bad}");
        }
    }
}
