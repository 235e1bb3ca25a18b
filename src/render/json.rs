//! Writing JSON object by object, for the open data's many small objects (one per project
//! and month, one per progress entry).
//!
//! The bytes are the ones serde_json writes for the same values — numbers and everything
//! not written here still go through it — but keys are written as they are (they are
//! known ASCII names) and a string is copied whole when no byte of it needs escaping,
//! which is most of the work serde_json spends on these files.

use std::io::{self, Write};

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use crate::num::Month;

/// Writes `s` as a JSON string.
pub fn string<W: Write + ?Sized>(w: &mut W, s: &str) -> io::Result<()> {
    if needs_escape(s.as_bytes()) {
        return serde_json::to_writer(w, s).map_err(io::Error::from);
    }
    w.write_all(b"\"")?;
    w.write_all(s.as_bytes())?;
    w.write_all(b"\"")
}

/// Whether JSON needs an escape for some byte of `b`: a control character, `"` or `\`.
/// Sixteen bytes at a time, with no early exit inside a block, so that it vectorizes.
fn needs_escape(b: &[u8]) -> bool {
    b.chunks(16).any(|c| c.iter().fold(false, |acc, &x| acc | (x < 0x20) | (x == b'"') | (x == b'\\')))
}

/// Writes `v` the way serde_json does.
pub fn value<W: Write + ?Sized, T: Serialize + ?Sized>(w: &mut W, v: &T) -> io::Result<()> {
    serde_json::to_writer(w, v).map_err(io::Error::from)
}

/// Writes `[a,b,…]`, each item by `item`.
pub fn array<W: Write + ?Sized, I>(
    w: &mut W,
    items: impl IntoIterator<Item = I>,
    mut item: impl FnMut(&mut W, I) -> io::Result<()>,
) -> io::Result<()> {
    w.write_all(b"[")?;
    for (n, i) in items.into_iter().enumerate() {
        if n > 0 {
            w.write_all(b",")?;
        }
        item(w, i)?;
    }
    w.write_all(b"]")
}

/// The year if it has four digits (other years are left to `Display`).
fn four_digits(year: i32) -> Option<u32> {
    u32::try_from(year).ok().filter(|&y| y <= 9999)
}

/// `"YYYY-MM-DD"`, or `"YYYY-MM"` in the first 9 bytes when there is no day.
fn date_text(year: u32, month: u32, day: Option<u32>) -> [u8; 12] {
    let digit = |n: u32| b'0' + (n % 10) as u8;
    let mut buf = *b"\"0000-00-00\"";
    buf[1..5].copy_from_slice(&[digit(year / 1000), digit(year / 100), digit(year / 10), digit(year)]);
    buf[6..8].copy_from_slice(&[digit(month / 10), digit(month)]);
    match day {
        Some(d) => buf[9..11].copy_from_slice(&[digit(d / 10), digit(d)]),
        None => buf[8] = b'"',
    }
    buf
}

/// A JSON object being written: `{`, then `"key":value` pairs in the order written, then `}`.
pub struct Object<'w, W: Write + ?Sized> {
    w: &'w mut W,
    empty: bool,
}

impl<'w, W: Write + ?Sized> Object<'w, W> {
    /// Writes `{`.
    pub fn open(w: &'w mut W) -> io::Result<Self> {
        w.write_all(b"{")?;
        Ok(Object { w, empty: true })
    }

    /// Writes `"key":` (after a comma unless it is the first) and returns the writer for
    /// the value.
    pub fn key(&mut self, key: &'static str) -> io::Result<&mut W> {
        debug_assert!(!needs_escape(key.as_bytes()));
        // `,"key":` in one write: a buffered writer's copy costs more per call than per byte.
        let mut buf = [0u8; 64];
        let k = key.as_bytes();
        if k.len() + 4 <= buf.len() {
            let mut n = 0;
            if !self.empty {
                buf[0] = b',';
                n = 1;
            }
            buf[n] = b'"';
            buf[n + 1..n + 1 + k.len()].copy_from_slice(k);
            buf[n + 1 + k.len()..n + 3 + k.len()].copy_from_slice(b"\":");
            self.w.write_all(&buf[..n + 3 + k.len()])?;
        } else {
            if !self.empty {
                self.w.write_all(b",")?;
            }
            self.w.write_all(b"\"")?;
            self.w.write_all(k)?;
            self.w.write_all(b"\":")?;
        }
        self.empty = false;
        Ok(&mut *self.w)
    }

    /// Members written before, by an [`Object`] over a buffer: its bytes without the braces.
    pub fn members(&mut self, bytes: &[u8]) -> io::Result<()> {
        if bytes.is_empty() {
            return Ok(());
        }
        if !self.empty {
            self.w.write_all(b",")?;
        }
        self.empty = false;
        self.w.write_all(bytes)
    }

    /// A string.
    pub fn str(&mut self, key: &'static str, v: &str) -> io::Result<()> {
        string(self.key(key)?, v)
    }

    /// A string or `null`.
    pub fn opt_str(&mut self, key: &'static str, v: Option<&str>) -> io::Result<()> {
        match v {
            Some(s) => self.str(key, s),
            None => self.key(key)?.write_all(b"null"),
        }
    }

    /// A month as `"YYYY-MM"`, as its `Display` writes it.
    pub fn month(&mut self, key: &'static str, m: Month) -> io::Result<()> {
        let w = self.key(key)?;
        match four_digits(m.year) {
            Some(y) => w.write_all(&date_text(y, m.month, None)[..9]),
            None => write!(w, "\"{m}\""),
        }
    }

    /// A date as `"YYYY-MM-DD"`, as its `Display` writes it.
    pub fn day(&mut self, key: &'static str, d: NaiveDate) -> io::Result<()> {
        let w = self.key(key)?;
        match four_digits(d.year()) {
            Some(y) => w.write_all(&date_text(y, d.month(), Some(d.day()))),
            None => write!(w, "\"{d}\""),
        }
    }

    /// Any other value, as serde_json writes it.
    pub fn value<T: Serialize + ?Sized>(&mut self, key: &'static str, v: &T) -> io::Result<()> {
        value(self.key(key)?, v)
    }

    /// Writes `}`.
    pub fn close(self) -> io::Result<()> {
        self.w.write_all(b"}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ours(f: impl FnOnce(&mut Vec<u8>) -> io::Result<()>) -> String {
        let mut out = Vec::new();
        f(&mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn strings_are_the_bytes_serde_json_writes() {
        let long_plain = "推进桩基施工，完成地下室底板浇筑 phase 2 (east)".repeat(3);
        let long_special = format!("{long_plain}\u{1}");
        for s in [
            "",
            "plain",
            "中文项目名称",
            "quote \" inside",
            "back\\slash",
            "line\nbreak",
            "tab\there",
            "\u{7f} delete is not escaped",
            "</script>",
            long_plain.as_str(),
            long_special.as_str(),
        ] {
            assert_eq!(ours(|w| string(w, s)), serde_json::to_string(s).unwrap(), "{s:?}");
        }
    }

    #[test]
    fn objects_and_arrays_are_the_bytes_serde_json_writes() {
        #[derive(Serialize)]
        struct Like<'a> {
            id: &'a str,
            note: Option<&'a str>,
            none: Option<&'a str>,
            month: String,
            n: i64,
            x: f64,
            list: Vec<u32>,
        }
        let like = Like {
            id: "xm-1",
            note: Some("a\"b"),
            none: None,
            month: "2026-10".into(),
            n: -3,
            x: 0.1,
            list: vec![1, 2],
        };
        let got = ours(|w| {
            let mut o = Object::open(w)?;
            o.str("id", "xm-1")?;
            o.opt_str("note", Some("a\"b"))?;
            o.opt_str("none", None)?;
            o.month("month", Month { year: 2026, month: 10 })?;
            o.value("n", &-3i64)?;
            o.value("x", &0.1f64)?;
            array(o.key("list")?, [1u32, 2], |w, n| value(w, &n))?;
            o.close()
        });
        assert_eq!(got, serde_json::to_string(&like).unwrap());
        assert_eq!(ours(|w| array(w, Vec::<u8>::new(), |w, n| value(w, &n))), "[]");
        assert_eq!(ours(|w| Object::open(w)?.close()), "{}");
    }

    #[test]
    fn months_and_days_are_written_as_their_display() {
        for (y, m) in [(2026, 1), (2025, 12), (987, 3), (0, 10), (10000, 1), (-1, 2)] {
            let month = Month { year: y, month: m };
            let got = ours(|w| {
                let mut o = Object::open(w)?;
                o.month("m", month)?;
                o.close()
            });
            assert_eq!(got, format!("{{\"m\":\"{month}\"}}"));
        }
        for d in ["2026-02-28", "0999-12-01", "2028-08-17"] {
            let day = NaiveDate::parse_from_str(d, "%Y-%m-%d").unwrap();
            let got = ours(|w| {
                let mut o = Object::open(w)?;
                o.day("d", day)?;
                o.close()
            });
            assert_eq!(got, format!("{{\"d\":\"{day}\"}}"));
        }
    }
}
