//! Exact amounts: yuan as [`Decimal`], shares (`"7%"`), rounding as the issuer says.
//! No float touches an amount; every operation is checked, so nothing here panics.

use std::cmp::Ordering;
use std::fmt;

use rust_decimal::{Decimal, RoundingStrategy};
use serde::Serialize;

use crate::raw::{RawRounding, RoundingMode};

/// Reads a plain decimal (`"50000"`, `"1.5"`, `"-0.2"`): ASCII digits, one optional
/// point, an optional leading sign; no exponent, no grouping, no float.
#[must_use]
pub fn parse_decimal(text: &str) -> Option<Decimal> {
    let body = text.strip_prefix(['-', '+']).unwrap_or(text);
    // One pass over the bytes; a second point is not a digit of the fraction. At most
    // 20 digits before the point and 8 after it: the mantissa fits in 96 bits. Built
    // from the digits rather than with `str::parse`, which also reads exponents and is
    // larger in WebAssembly.
    let mut mantissa: i128 = 0;
    let mut whole = 0usize;
    let mut fraction: Option<usize> = None;
    for b in body.bytes() {
        match (b, &mut fraction) {
            (b'.', None) => fraction = Some(0),
            (b'0'..=b'9', places) => {
                match places {
                    Some(places) => *places += 1,
                    None => whole += 1,
                }
                mantissa = mantissa
                    .checked_mul(10)?
                    .checked_add(i128::from(b - b'0'))?;
            }
            _ => return None,
        }
    }
    if whole == 0 || whole > 20 || fraction.is_some_and(|f| f == 0 || f > 8) {
        return None;
    }
    let scale = u32::try_from(fraction.unwrap_or(0)).ok()?;
    let mut value = Decimal::try_from_i128_with_scale(mantissa, scale).ok()?;
    value.set_sign_negative(text.starts_with('-') && mantissa != 0);
    Some(value)
}

/// Orders two decimals as [`Ord`] does, by their mantissas where their scales agree,
/// as those of a fact and the bounds it is compared with mostly do: quicker than
/// [`Ord`], which prepares for scales that differ.
#[must_use]
pub fn order(a: Decimal, b: Decimal) -> Ordering {
    if a.scale() == b.scale() {
        a.mantissa().cmp(&b.mantissa())
    } else {
        a.cmp(&b)
    }
}

/// Reads an amount in yuan: a non-negative decimal with at most two places (the fen).
#[must_use]
pub fn parse_amount(text: &str) -> Option<Decimal> {
    parse_decimal(text).filter(|d| !d.is_sign_negative() && d.scale() <= 2)
}

/// Reads a share written as a percentage (`"7%"`, `"12.5%"`) into a fraction (0.07).
#[must_use]
pub fn parse_share(text: &str) -> Option<Decimal> {
    let number = parse_decimal(text.strip_suffix('%')?)?;
    number.checked_div(Decimal::ONE_HUNDRED)
}

/// A fraction written as a percentage, e.g. 0.17 → `17%`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Percent(pub Decimal);

impl fmt::Display for Percent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let percent = self.0.checked_mul(Decimal::ONE_HUNDRED).unwrap_or(self.0);
        write!(f, "{}%", percent.normalize())
    }
}

/// How computed amounts are rounded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rounding {
    unit: Decimal,
    mode: RoundingMode,
}

impl Default for Rounding {
    /// To the fen, half up.
    fn default() -> Rounding {
        Rounding {
            unit: Decimal::new(1, 2),
            mode: RoundingMode::HalfUp,
        }
    }
}

impl Rounding {
    /// Validates a raw rounding; the unit must be a positive amount.
    #[must_use]
    pub fn from_raw(raw: &RawRounding) -> Option<Rounding> {
        let unit = parse_amount(&raw.unit).filter(|u| u.is_sign_positive() && !u.is_zero())?;
        Some(Rounding {
            unit,
            mode: raw.mode,
        })
    }

    /// Rounds an amount to the unit.
    #[must_use]
    pub fn apply(self, amount: Decimal) -> Decimal {
        let strategy = match self.mode {
            RoundingMode::HalfUp => RoundingStrategy::MidpointAwayFromZero,
            RoundingMode::HalfEven => RoundingStrategy::MidpointNearestEven,
            RoundingMode::Down => RoundingStrategy::ToZero,
            RoundingMode::Up => RoundingStrategy::AwayFromZero,
        };
        amount
            .checked_div(self.unit)
            .map(|units| units.round_dp_with_strategy(0, strategy))
            .and_then(|units| units.checked_mul(self.unit))
            .map_or(amount, |rounded| {
                to_fen(rounded, RoundingStrategy::MidpointAwayFromZero)
            })
    }

    /// The unit in yuan.
    #[must_use]
    pub fn unit(self) -> Decimal {
        self.unit
    }
}

/// Rounds to the fen with the given strategy.
#[must_use]
pub fn to_fen(amount: Decimal, strategy: RoundingStrategy) -> Decimal {
    amount.round_dp_with_strategy(2, strategy).normalize()
}

/// An amount in yuan as it crosses JSON: a decimal string (`"170000"`, `"499.99"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Yuan(pub Decimal);

impl Serialize for Yuan {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(&self.0.normalize())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::raw::{RawRounding, RoundingMode};

    #[test]
    fn reads_only_plain_decimals() {
        assert_eq!(parse_decimal("50000"), Some(Decimal::new(50_000, 0)));
        assert_eq!(parse_decimal("-0.2"), Some(Decimal::new(-2, 1)));
        for bad in [
            "", "1e5", "1,000", "1.", ".5", "1.2.3", "NaN", "五万", " 1", "１",
        ] {
            assert_eq!(parse_decimal(bad), None, "{bad:?}");
        }
        assert_eq!(parse_decimal(&"9".repeat(40)), None);
        let widest = format!("{}.{}", "9".repeat(20), "9".repeat(8));
        assert_eq!(parse_decimal(&widest), widest.parse().ok());
        for text in ["+5", "-0", "-0.00", "1.50", "0.00000001", "-123.45"] {
            let parsed = parse_decimal(text).expect(text);
            let expected: Decimal = text.parse().expect(text);
            assert_eq!(
                (parsed, parsed.scale(), parsed.is_sign_negative()),
                (expected, expected.scale(), expected.is_sign_negative()),
                "{text}"
            );
        }
    }

    #[test]
    fn order_agrees_with_ord() {
        let values = [
            Decimal::new(-150, 2),
            Decimal::new(-15, 1),
            Decimal::new(-1, 0),
            Decimal::new(0, 0),
            Decimal::new(0, 2),
            -Decimal::new(0, 2),
            Decimal::new(1, 2),
            Decimal::new(100, 2),
            Decimal::new(1, 0),
            Decimal::new(10_000, 0),
            Decimal::new(1_000_000, 2),
            Decimal::MAX,
            Decimal::MIN,
        ];
        for a in values {
            for b in values {
                assert_eq!(order(a, b), a.cmp(&b), "{a} against {b}");
            }
        }
    }

    #[test]
    fn amounts_stop_at_the_fen() {
        assert_eq!(parse_amount("0.01"), Some(Decimal::new(1, 2)));
        assert_eq!(parse_amount("0.001"), None);
        assert_eq!(parse_amount("-1"), None);
    }

    #[test]
    fn shares_are_percentages() {
        assert_eq!(parse_share("7%"), Some(Decimal::new(7, 2)));
        assert_eq!(parse_share("12.5%"), Some(Decimal::new(125, 3)));
        assert_eq!(parse_share("7"), None);
        assert_eq!(Percent(Decimal::new(17, 2)).to_string(), "17%");
    }

    #[test]
    fn rounds_to_the_issuers_unit() {
        let hundred = Rounding::from_raw(&RawRounding {
            unit: "100".into(),
            mode: RoundingMode::HalfUp,
        })
        .unwrap();
        assert_eq!(
            hundred.apply(Decimal::new(12_350, 0)),
            Decimal::new(12_400, 0)
        );
        assert_eq!(
            hundred.apply(Decimal::new(12_349, 0)),
            Decimal::new(12_300, 0)
        );
        assert_eq!(
            Rounding::default().apply(Decimal::new(499_995, 3)),
            Decimal::new(50_000, 2)
        );
        let down = Rounding::from_raw(&RawRounding {
            unit: "1".into(),
            mode: RoundingMode::Down,
        });
        assert_eq!(
            down.unwrap().apply(Decimal::new(19_99, 2)),
            Decimal::new(19, 0)
        );
        assert!(
            Rounding::from_raw(&RawRounding {
                unit: "0".into(),
                mode: RoundingMode::Up
            })
            .is_none()
        );
    }
}
