//! Presentation of numbers and months for pages (SPEC §2: one-decimal percentages,
//! 亿元 with two decimals for large sums).

use crate::num::{Decimal, Month, Ratio, SCALE};
use crate::view::{fill, Labels};

/// `28.1%`, or `—` for none.
pub fn percent(r: Option<Ratio>) -> String {
    r.map_or_else(|| "—".to_string(), |r| format!("{}%", r.percent_1dp()))
}

/// Lag in points with a sign: `+3.2`, or `—`.
pub fn points(r: Option<Ratio>) -> String {
    r.map_or_else(|| "—".to_string(), Ratio::points_signed)
}

/// An amount with thousands separators and up to four exact decimals: `1,234,567.5`.
pub fn money(d: Decimal) -> String {
    use std::fmt::Write as _;
    let a = d.0.unsigned_abs();
    let (whole, frac) = (a / SCALE as u64, a % SCALE as u64);
    let mut out = String::with_capacity(24);
    if d.0 < 0 {
        out.push('-');
    }
    let int_start = out.len();
    let _ = write!(out, "{whole}");
    // A separator before every third digit from the right.
    let mut at = out.len();
    while at > int_start + 3 {
        at -= 3;
        out.insert(at, ',');
    }
    if frac != 0 {
        let (digits, width) = crate::num::frac_digits(frac);
        let _ = write!(out, ".{digits:0width$}");
    }
    out
}

/// 万元 → 亿元 with two decimals, rounded half away from zero: 765500 → `76.55`.
pub fn yi(d: Decimal) -> String {
    let hundredths = Ratio::new(i128::from(d.0), i128::from(SCALE) * 10_000).round_scaled(100);
    let sign = if hundredths < 0 { "-" } else { "" };
    let a = hundredths.abs();
    format!("{sign}{}.{:02}", money(Decimal::from_int((a / 100) as i64)), a % 100)
}

/// `2026年10月` or `October 2026`: `month.long` of the theme's strings.
pub fn month_label(m: Month, l: &Labels<'_>) -> String {
    month_text(l.text("month", "long"), m, l)
}

/// `10月` or `Oct` for chart axes; January with its year (`month.short_first`).
pub fn month_short(m: Month, l: &Labels<'_>) -> String {
    month_text(l.text("month", if m.month == 1 { "short_first" } else { "short" }), m, l)
}

/// `template` with `{y}` (the year), `{m}` (the month's number), `{name}` and `{abbr}`
/// (its name and short name from `month.names` and `month.abbr`) filled in.
fn month_text(template: &str, m: Month, l: &Labels<'_>) -> String {
    let (i, y, n) = (m.month as usize - 1, m.year.to_string(), m.month.to_string());
    fill(template, &[("y", &y), ("m", &n), ("name", l.item("month", "names", i)), ("abbr", l.item("month", "abbr", i))])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Lang;

    #[test]
    fn formats_money_and_yi() {
        let d = |s: &str| Decimal::parse(s).unwrap();
        assert_eq!(money(d("1234567.5")), "1,234,567.5");
        assert_eq!(money(d("999")), "999");
        assert_eq!(money(d("-1000")), "-1,000");
        assert_eq!(money(d("0")), "0");
        assert_eq!(money(d("0.0005")), "0.0005");
        assert_eq!(money(d("-1234.05")), "-1,234.05");
        assert_eq!(money(d("100000.1")), "100,000.1");
        assert_eq!(money(Decimal(i64::MIN)), "-922,337,203,685,477.5808");
        assert_eq!(yi(d("765500")), "76.55");
        assert_eq!(yi(d("12345")), "1.23");
        assert_eq!(yi(d("12350")), "1.24"); // half away from zero
        assert_eq!(yi(d("123456789")), "12,345.68");
    }

    #[test]
    fn formats_rates_and_months() {
        assert_eq!(percent(Some(Ratio::new(281, 1000))), "28.1%");
        assert_eq!(percent(None), "—");
        assert_eq!(points(Some(Ratio::new(-1, 200))), "-0.5");
        let (zh, en) = (crate::theme::builtin_strings(Lang::ZhCn), crate::theme::builtin_strings(Lang::En));
        let (zh, en) = (Labels::new(&zh, Lang::ZhCn), Labels::new(&en, Lang::En));
        let (m, jan) = (Month::parse("2026-10").unwrap(), Month::parse("2027-01").unwrap());
        assert_eq!(month_label(m, &zh), "2026年10月");
        assert_eq!(month_label(m, &en), "October 2026");
        assert_eq!((month_short(m, &zh), month_short(jan, &zh)), ("10月".into(), "2027年1月".into()));
        assert_eq!((month_short(m, &en), month_short(jan, &en)), ("Oct".into(), "Jan 2027".into()));
    }
}
