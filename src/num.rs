//! Exact numbers: amounts with up to four decimals, rational rates, months and dates.
//!
//! Status thresholds are compared exactly (SPEC §2): 7/12 − 0.4833… must not come out
//! as 10.000000000000003 points. Amounts are fixed-point integers in 1/10000 of the
//! money unit and rates are fractions of 128-bit integers.

use std::cmp::Ordering;
use std::fmt;

use chrono::{Datelike, NaiveDate};
use serde::{Serialize, Serializer};

/// Scale of [`Decimal`]: four decimals.
pub const SCALE: i64 = 10_000;

/// The largest figure (amount, percent, threshold) a board file may give: 100,000,000 in
/// the money unit, i.e. 1 万亿元 when amounts are in 万元, far above any county's project.
/// Scaled it is 10^12, so even 1.2 million such figures (100,000 projects × 12 months)
/// sum to 1.2 × 10^18, below `i64::MAX` (9.2 × 10^18).
pub const MAX_FIGURE: Decimal = Decimal(100_000_000 * SCALE);

/// A decimal number with at most four decimals (money, percent, thresholds).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Decimal(pub i64);

impl Decimal {
    pub const ZERO: Decimal = Decimal(0);

    pub fn from_int(n: i64) -> Decimal {
        Decimal(n * SCALE)
    }

    /// Parses `123`, `-5`, `12.5`, `0.0001`. More than four decimals, exponents or
    /// anything else give `None`.
    pub fn parse(text: &str) -> Option<Decimal> {
        let (neg, int, frac) = digits(text)?;
        if int.is_empty() && frac.is_empty() {
            return None;
        }
        let whole: i64 = if int.is_empty() { 0 } else { int.parse().ok()? };
        let f: i64 = format!("{frac:0<4}").parse().ok()?;
        let v = whole.checked_mul(SCALE)?.checked_add(f)?;
        Some(Decimal(if neg { -v } else { v }))
    }

    /// Whether `text` is a number as [`Decimal::parse`] reads them whose size is above
    /// [`MAX_FIGURE`] (including those too large for the integer type).
    pub fn is_too_large(text: &str) -> bool {
        digits(text).is_some_and(|(_, int, _)| {
            int.trim_start_matches('0').len() > 9 || Decimal::parse(text).is_some_and(|d| d.0.abs() > MAX_FIGURE.0)
        })
    }

    pub fn is_negative(self) -> bool {
        self.0 < 0
    }

    /// The nearest f64 (for charts and JSON).
    pub fn to_f64(self) -> f64 {
        self.0 as f64 / SCALE as f64
    }
}

impl std::ops::Add for Decimal {
    type Output = Decimal;
    /// Figures are at most [`MAX_FIGURE`], so no sum of a board overflows; if one did it
    /// stops the program rather than wrap to a wrong amount.
    fn add(self, o: Decimal) -> Decimal {
        Decimal(self.0.checked_add(o.0).expect("sum of amounts overflows"))
    }
}

impl std::ops::AddAssign for Decimal {
    fn add_assign(&mut self, o: Decimal) {
        *self = *self + o;
    }
}

impl std::ops::Sub for Decimal {
    type Output = Decimal;
    fn sub(self, o: Decimal) -> Decimal {
        Decimal(self.0.checked_sub(o.0).expect("difference of amounts overflows"))
    }
}

impl std::iter::Sum for Decimal {
    fn sum<I: Iterator<Item = Decimal>>(iter: I) -> Decimal {
        iter.fold(Decimal::ZERO, |a, b| a + b)
    }
}

impl fmt::Display for Decimal {
    /// Shortest exact form: `3200`, `12.5`, `0.0001`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let a = self.0.unsigned_abs();
        let (whole, frac) = (a / SCALE as u64, a % SCALE as u64);
        if frac == 0 {
            return write!(f, "{sign}{whole}");
        }
        let (digits, width) = frac_digits(frac);
        write!(f, "{sign}{whole}.{digits:0width$}")
    }
}

/// A number as [`Decimal::parse`] reads them, in parts: whether it is negative, the whole
/// part's digits (`_` dropped) and the decimals; `None` unless those are at most four digits.
fn digits(text: &str) -> Option<(bool, String, &str)> {
    let t = text.trim();
    let neg = t.starts_with('-');
    let t = t.strip_prefix(['-', '+']).unwrap_or(t);
    let (int, frac) = t.split_once('.').unwrap_or((t, ""));
    let int = int.replace('_', "");
    let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    (all_digits(&int) && all_digits(frac) && frac.len() <= 4).then_some((neg, int, frac))
}

/// The decimals of a fraction `frac / SCALE` (0 < frac < SCALE) without trailing zeros,
/// as a number and the count of its digits: 1200 → (12, 2), 5 → (5, 4) for `.0005`.
pub(crate) fn frac_digits(frac: u64) -> (u64, usize) {
    let zeros = (1..4).take_while(|&i| frac.is_multiple_of(10_u64.pow(i))).count();
    (frac / 10_u64.pow(zeros as u32), 4 - zeros)
}

impl Serialize for Decimal {
    /// Whole numbers as JSON integers, others as the nearest f64.
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if self.0 % SCALE == 0 {
            s.serialize_i64(self.0 / SCALE)
        } else {
            s.serialize_f64(self.to_f64())
        }
    }
}

/// An exact fraction `num / den` with `den > 0`, kept reduced (so equal fractions have
/// equal fields).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Ratio {
    num: i128,
    den: i128,
}

fn gcd(a: i128, b: i128) -> i128 {
    let (mut a, mut b) = (a.abs(), b.abs());
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a.max(1)
}

impl Ratio {
    /// `num / den`; panics on a zero denominator (callers check for zero plans).
    pub fn new(num: i128, den: i128) -> Ratio {
        assert!(den != 0, "zero denominator");
        let s = if den < 0 { -1 } else { 1 };
        let g = gcd(num, den);
        Ratio { num: s * num / g, den: s * den / g }
    }

    /// `a / b` for two amounts, `None` when `b` is zero.
    pub fn of(a: Decimal, b: Decimal) -> Option<Ratio> {
        (b.0 != 0).then(|| Ratio::new(i128::from(a.0), i128::from(b.0)))
    }

    /// `a / b` for two counts, `None` when `b` is zero.
    pub fn of_counts(a: usize, b: usize) -> Option<Ratio> {
        (b != 0).then(|| Ratio::new(a as i128, b as i128))
    }

    pub fn minus(self, o: Ratio) -> Ratio {
        Ratio::new(self.num * o.den - o.num * self.den, self.den * o.den)
    }

    pub fn to_f64(self) -> f64 {
        self.num as f64 / self.den as f64
    }

    /// `self × 10^digits`, rounded half away from zero, as an integer.
    pub fn round_scaled(self, factor: i128) -> i128 {
        let n = self.num * factor;
        let q = n / self.den;
        let r = (n % self.den).abs();
        q + if 2 * r >= self.den { n.signum() } else { 0 }
    }

    /// As a percentage with one decimal, rounded half away from zero: `28.1`.
    pub fn percent_1dp(self) -> String {
        tenths(self.round_scaled(1000))
    }

    /// As percentage points with one decimal and a sign: `+3.2`, `-0.5`, `0.0`.
    pub fn points_signed(self) -> String {
        let t = self.round_scaled(1000);
        let sign = if t > 0 { "+" } else { "" };
        format!("{sign}{}", tenths(t))
    }
}

/// `281` → `28.1`, `-5` → `-0.5`.
pub fn tenths(t: i128) -> String {
    let sign = if t < 0 { "-" } else { "" };
    let a = t.abs();
    format!("{sign}{}.{}", a / 10, a % 10)
}

impl PartialOrd for Ratio {
    fn partial_cmp(&self, o: &Ratio) -> Option<Ordering> {
        Some(self.cmp(o))
    }
}

impl Ord for Ratio {
    fn cmp(&self, o: &Ratio) -> Ordering {
        (self.num * o.den).cmp(&(o.num * self.den))
    }
}

impl Serialize for Ratio {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_f64(self.to_f64())
    }
}

/// A calendar month `YYYY-MM`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month {
    pub year: i32,
    /// 1..=12.
    pub month: u32,
}

impl Month {
    /// The first month a board may name: 1949-01.
    pub const FIRST: Month = Month { year: 1949, month: 1 };
    /// The last month a board may name: 2100-12. Reports are made for every month between
    /// the first and last entry, so the range bounds a build's size.
    pub const LAST: Month = Month { year: 2100, month: 12 };

    /// Parses `YYYY-MM` strictly.
    pub fn parse(text: &str) -> Option<Month> {
        let shape = |(i, c): (usize, u8)| if i == 4 { c == b'-' } else { c.is_ascii_digit() };
        if text.len() != 7 || !text.bytes().enumerate().all(shape) {
            return None;
        }
        let year: i32 = text[..4].parse().ok()?;
        let month: u32 = text[5..].parse().ok()?;
        (1..=12).contains(&month).then_some(Month { year, month })
    }

    /// Months since year 0, for arithmetic.
    pub fn index(self) -> i32 {
        self.year * 12 + self.month as i32 - 1
    }

    pub fn from_index(i: i32) -> Month {
        Month { year: i.div_euclid(12), month: (i.rem_euclid(12) + 1) as u32 }
    }

    /// The month `n` months later (or earlier for negative `n`).
    pub fn plus(self, n: i32) -> Month {
        Month::from_index(self.index() + n)
    }

    pub fn first_day(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, self.month, 1).expect("valid month")
    }

    pub fn last_day(self) -> NaiveDate {
        self.plus(1).first_day().pred_opt().expect("valid date")
    }

    pub fn of_date(d: NaiveDate) -> Month {
        Month { year: d.year(), month: d.month() }
    }

    /// Every month from `self` to `last`, inclusive.
    pub fn through(self, last: Month) -> impl Iterator<Item = Month> {
        (self.index()..=last.index()).map(Month::from_index)
    }
}

impl fmt::Display for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

impl Serialize for Month {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// Parses `YYYY-MM-DD` strictly.
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    let b = text.as_bytes();
    let shaped = b.len() == 10 && b[4] == b'-' && b[7] == b'-';
    NaiveDate::parse_from_str(text, "%Y-%m-%d").ok().filter(|_| shaped)
}

/// Parses a date, or a month meaning its last day.
pub fn parse_date_or_month(text: &str) -> Option<NaiveDate> {
    parse_date(text).or_else(|| Month::parse(text).map(Month::last_day))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_above_the_maximum_are_too_large() {
        for t in ["100000000.0001", "12345678901234567890", "-100000001", "0001000000000"] {
            assert!(Decimal::is_too_large(t), "{t}");
        }
        for t in ["100000000", "99999999.9999", "-5", "12.5", "1.23456", "abc", "1e20", ""] {
            assert!(!Decimal::is_too_large(t), "{t}");
        }
        let many = std::iter::repeat_n(MAX_FIGURE, 1_200_000).sum::<Decimal>();
        assert_eq!(many.0, 1_200_000 * MAX_FIGURE.0);
    }

    #[test]
    fn decimals_parse_exactly() {
        assert_eq!(Decimal::parse("3200"), Some(Decimal(32_000_000)));
        assert_eq!(Decimal::parse("12.5"), Some(Decimal(125_000)));
        assert_eq!(Decimal::parse("0.0001"), Some(Decimal(1)));
        assert_eq!(Decimal::parse("-3"), Some(Decimal(-30_000)));
        assert_eq!(Decimal::parse("1.00001"), None);
        assert_eq!(Decimal::parse("1e3"), None);
        assert_eq!(Decimal::parse("abc"), None);
        assert_eq!(Decimal::parse("12.5").unwrap().to_string(), "12.5");
        for (text, shown) in
            [("0.0005", "0.0005"), ("-3.10", "-3.1"), ("7.0100", "7.01"), ("-0.5", "-0.5"), ("3200", "3200")]
        {
            assert_eq!(Decimal::parse(text).unwrap().to_string(), shown, "{text}");
        }
    }

    #[test]
    fn ratios_compare_exactly_where_floats_fail() {
        // 7/12 − 0.4833… : in f64 this is 0.10000000000000003.
        let t = Ratio::new(7, 12);
        let r = Ratio::of(Decimal::parse("29").unwrap(), Decimal::parse("60").unwrap()).unwrap();
        let lag = t.minus(r);
        assert_eq!(lag, Ratio::new(1, 10));
        let (a, b) = (std::hint::black_box(7.0f64), std::hint::black_box(29.0f64));
        assert!(a / 12.0 - b / 60.0 > 0.1, "the float pitfall the spec names");
    }

    #[test]
    fn percent_rounds_half_away_from_zero() {
        assert_eq!(Ratio::new(2810, 10000).percent_1dp(), "28.1");
        assert_eq!(Ratio::new(1, 2000).percent_1dp(), "0.1"); // 0.05% → 0.1
        assert_eq!(Ratio::new(-1, 2000).percent_1dp(), "-0.1");
        assert_eq!(Ratio::new(2, 3).percent_1dp(), "66.7");
        assert_eq!(Ratio::new(1, 40).points_signed(), "+2.5");
    }

    #[test]
    fn months_do_calendar_arithmetic() {
        let m = Month::parse("2026-01").unwrap();
        assert_eq!(m.plus(-1).to_string(), "2025-12");
        assert_eq!(Month::parse("2026-02").unwrap().last_day().to_string(), "2026-02-28");
        assert_eq!(Month::parse("2026-13"), None);
        assert_eq!(Month::parse("2026-3"), None);
        assert_eq!(parse_date_or_month("2027-06").unwrap().to_string(), "2027-06-30");
        assert_eq!(parse_date("2026-02-30"), None);
    }
}
