//! Diagnostics: every problem found in the content, with file, line, column and a fix.
//!
//! The format is the one editors and CI parse:
//! `<path>:<line>:<column>: error: <message>` then an indented `help:` line.

use std::fmt::Write as _;

use crate::yaml::Pos;

/// How bad a problem is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// The build continues.
    Warning,
    /// The build writes nothing.
    Error,
}

/// One problem in the content.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// Path relative to the board root, with `/` separators.
    pub file: String,
    pub pos: Pos,
    pub severity: Severity,
    pub message: String,
    /// How to fix it, if known.
    pub help: Option<String>,
}

/// All problems found so far.
#[derive(Clone, Debug, Default)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn error(&mut self, file: &str, pos: Pos, message: impl Into<String>) -> &mut Diagnostic {
        self.push(file, pos, Severity::Error, message.into())
    }

    pub fn warning(&mut self, file: &str, pos: Pos, message: impl Into<String>) -> &mut Diagnostic {
        self.push(file, pos, Severity::Warning, message.into())
    }

    fn push(&mut self, file: &str, pos: Pos, severity: Severity, message: String) -> &mut Diagnostic {
        self.items.push(Diagnostic { file: file.to_string(), pos, severity, message, help: None });
        self.items.last_mut().expect("just pushed")
    }

    /// Adds the problems of another collector.
    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    /// Number of errors and warnings.
    pub fn counts(&self) -> (usize, usize) {
        let errors = self.items.iter().filter(|d| d.severity == Severity::Error).count();
        (errors, self.items.len() - errors)
    }

    /// The problems sorted by file and position (stable for equal positions).
    pub fn sorted(&self) -> Vec<&Diagnostic> {
        let mut v: Vec<&Diagnostic> = self.items.iter().collect();
        v.sort_by(|a, b| (&a.file, a.pos).cmp(&(&b.file, b.pos)));
        v
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Renders every problem, one per line, coloured when `color` is set.
    pub fn render(&self, color: bool) -> String {
        self.sorted().iter().map(|d| d.render(color)).collect()
    }
}

impl Diagnostic {
    /// Adds a one-line fix.
    pub fn help(&mut self, help: impl Into<String>) -> &mut Self {
        self.help = Some(help.into());
        self
    }

    /// `path:line:col: error: message` plus an indented help line.
    pub fn render(&self, color: bool) -> String {
        let at = format!("{}:{}:{}", self.file, self.pos.line, self.pos.col);
        render_problem(&at, self.severity, &self.message, self.help.as_deref(), color)
    }
}

/// `<where>: error: <message>` plus an indented `help:` line, coloured when `color` is set.
/// Diagnostics of content files and problems of other inputs (such as ledger rows) share it.
pub fn render_problem(at: &str, severity: Severity, message: &str, help: Option<&str>, color: bool) -> String {
    let (label, paint) = match severity {
        Severity::Error => ("error", "\x1b[1;31m"),
        Severity::Warning => ("warning", "\x1b[1;33m"),
    };
    let (bold, paint, cyan, reset) = if color { ("\x1b[1m", paint, "\x1b[1;36m", "\x1b[0m") } else { ("", "", "", "") };
    let mut s = format!("{bold}{at}:{reset} {paint}{label}:{reset} {message}\n");
    if let Some(help) = help {
        let _ = writeln!(s, "    {cyan}help:{reset} {help}");
    }
    s
}

/// Whether `value` is missing from a declared `list` (a category or level in
/// `site.yaml`; an empty list allows anything): `Some` with the closest listed word, if
/// any, when it is missing.
pub fn unlisted<'a>(value: &str, list: &'a [String]) -> Option<Option<&'a str>> {
    (!list.is_empty() && !list.iter().any(|x| x == value)).then(|| suggest(value, list.iter().map(String::as_str)))
}

/// The closest candidate within edit distance 2 (or 1 for short words), if any.
pub fn suggest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let limit = if word.chars().count() <= 3 { 1 } else { 2 };
    candidates
        .into_iter()
        .map(|c| (levenshtein(word, c), c))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, c)| (*d, *c))
        .map(|(_, c)| c)
}

/// Edit distance between two strings, in characters.
pub fn levenshtein(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_the_spec_format() {
        let mut d = Diagnostics::default();
        d.error("content/projects/a.yaml", Pos { line: 3, col: 11 }, "unknown district \"jinguyan\"")
            .help("did you mean \"jinguyuan\"?");
        assert_eq!(
            d.render(false),
            "content/projects/a.yaml:3:11: error: unknown district \"jinguyan\"\n    help: did you mean \"jinguyuan\"?\n"
        );
    }

    #[test]
    fn suggests_close_words_only() {
        assert_eq!(suggest("jinguyan", ["jinguyuan", "wangchenglu"]), Some("jinguyuan"));
        assert_eq!(suggest("xyz", ["jinguyuan"]), None);
        assert_eq!(levenshtein("区发改委", "区发改局"), 1);
    }
}
