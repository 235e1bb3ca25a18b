//! What to do about a YAML syntax error, read from the lines around it.
//!
//! The parser's words ("mapping values are not allowed in this context", "simple key
//! expect ':'") name the rule that broke, not the slip that broke it. The slips a clerk
//! typing Chinese makes are few: a `: ` inside a value, no space after a field's colon,
//! the full-width `：` from the input method, a tab. Each gets its own one-line fix,
//! pointing at the line where the fix goes; anything else keeps the general advice.

use crate::yaml::{Pos, SyntaxError};

/// The advice when no known slip is found.
pub const GENERAL: &str = "check indentation and quotes on this line or the one above";

/// Where a syntax error is fixed and how.
#[derive(Debug, PartialEq)]
pub struct Fix {
    /// Where to report it: the parser's position, or the line of the slip.
    pub pos: Pos,
    pub help: String,
}

/// The fix for `err` in `source`.
pub fn fix(source: &str, err: &SyntaxError) -> Fix {
    let lines: Vec<&str> = source.lines().collect();
    let line_at = |n: usize| n.checked_sub(1).and_then(|i| lines.get(i)).copied();
    if let Some(help) = &err.help {
        return Fix { pos: err.pos, help: help.clone() };
    }
    if err.message.starts_with("tabs disallowed") {
        return Fix { pos: err.pos, help: "indent with spaces, not tabs".into() };
    }
    if err.message.starts_with("mapping values are not allowed") {
        if let Some(help) = line_at(err.pos.line).and_then(colon_in_value) {
            return Fix { pos: err.pos, help };
        }
    }
    // The parser notices a broken field only on the line after it.
    for n in [err.pos.line, err.pos.line.saturating_sub(1)] {
        if let Some((col, help)) = line_at(n).and_then(bad_field_colon) {
            return Fix { pos: Pos { line: n, col }, help };
        }
    }
    let above = err.pos.line.saturating_sub(1);
    if let Some((col, help)) = line_at(above).and_then(no_colon) {
        return Fix { pos: Pos { line: above, col }, help };
    }
    Fix { pos: err.pos, help: GENERAL.into() }
}

/// A line `key: value` (in a list item or not): the column just after the key (where
/// its colon goes), the key and the rest after the key.
fn field(line: &str) -> Option<(usize, &str, &str)> {
    let body = line.trim_start_matches(' ');
    let body = body.strip_prefix("- ").map_or(body, |b| b.trim_start_matches(' '));
    let key_len = body.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).unwrap_or(body.len());
    // The indentation, `- ` and key are ASCII: bytes are characters.
    let colon_col = line.len() - body.len() + key_len + 1;
    (key_len > 0).then(|| (colon_col, &body[..key_len], &body[key_len..]))
}

/// `note: 完成: 50%`: a `: ` in a plain value starts a new field there.
fn colon_in_value(line: &str) -> Option<String> {
    let (_, key, rest) = field(line)?;
    let value = rest.strip_prefix(": ")?.trim();
    if !value.contains(": ") || value.starts_with(['"', '\'', '{', '[']) {
        return None;
    }
    let quoted = if value.contains('"') { format!("'{}'", value.replace('\'', "''")) } else { format!("\"{value}\"") };
    Some(format!(
        "a `: ` inside a value starts a new field; put the value in quotes (`{key}: {quoted}`) or write the full-width `：`"
    ))
}

/// `percent:10` or `percent：10`: a field whose colon is not `: `. Returns the colon's
/// column and the fix.
fn bad_field_colon(line: &str) -> Option<(usize, String)> {
    let (col, key, rest) = field(line)?;
    if let Some(value) = rest.strip_prefix('：') {
        let value = value.trim();
        return Some((
            col,
            format!("write the field's colon as `:` and a space, not the full-width `：`: `{key}: {value}`"),
        ));
    }
    let value = rest.strip_prefix(':')?;
    if value.is_empty() || value.starts_with([' ', '\t']) {
        return None;
    }
    Some((col, format!("put a space after the colon: `{key}: {}`", value.trim())))
}

/// `- month 2026-02`: a field name and its value with no colon between them. Returns
/// where the colon goes and the fix.
fn no_colon(line: &str) -> Option<(usize, String)> {
    let (col, key, rest) = field(line)?;
    let value = rest.strip_prefix(' ')?.trim();
    if value.is_empty() || line.contains([':', '：']) || !key.starts_with(|c: char| c.is_ascii_lowercase()) {
        return None;
    }
    Some((col, format!("add a colon after the field's name: `{key}: {value}`")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fix_of(source: &str) -> (usize, usize, String) {
        let err = crate::yaml::parse(source).expect_err("a syntax error");
        let f = fix(source, &err);
        (f.pos.line, f.pos.col, f.help)
    }

    #[test]
    fn a_colon_in_a_value_asks_for_quotes() {
        let (line, col, help) = fix_of("name: x\nnote: 北段管线迁改: 完成 50%\n");
        assert_eq!((line, col), (2, 13), "at the colon");
        assert_eq!(
            help,
            "a `: ` inside a value starts a new field; put the value in quotes (`note: \"北段管线迁改: 完成 50%\"`) or write the full-width `：`"
        );
        let (_, _, help) = fix_of("progress:\n  - month: 2026-01\n    note: 他说\"好\": 对\n");
        assert!(help.contains("`note: '他说\"好\": 对'`"), "{help}");
    }

    #[test]
    fn a_colon_without_a_space_is_shown_on_its_own_line() {
        let source = "name: x\nprogress:\n  - month: 2026-01\n    percent:10\n    invested: 1\n";
        assert_eq!(fix_of(source), (4, 12, "put a space after the colon: `percent: 10`".to_string()));
        let source = "name: x\nleader:王五\nunit: 区发改委\n";
        assert_eq!(fix_of(source), (2, 7, "put a space after the colon: `leader: 王五`".to_string()));
    }

    #[test]
    fn a_missing_colon_is_shown_on_the_line_above() {
        let source = "name: x\nprogress:\n  - month 2026-02\n    percent: 10\n";
        assert_eq!(fix_of(source), (3, 10, "add a colon after the field's name: `month: 2026-02`".to_string()));
    }

    #[test]
    fn a_full_width_colon_is_named() {
        let source = "name: x\nprogress:\n  - month: 2026-01\n    percent：10\n    invested: 1\n";
        assert_eq!(
            fix_of(source),
            (4, 12, "write the field's colon as `:` and a space, not the full-width `：`: `percent: 10`".to_string())
        );
    }

    #[test]
    fn a_tab_asks_for_spaces_and_anything_else_gets_the_general_advice() {
        assert_eq!(fix_of("a:\n\tb: 1\n"), (2, 1, "indent with spaces, not tabs".to_string()));
        assert_eq!(fix_of("name: 丙项目\n  district: jinguyuan\n"), (2, 11, GENERAL.to_string()));
        assert_eq!(fix_of("name: 丙项目\nleader: \"王五\nunit: 区发改委\n").2, GENERAL);
        // Times and URLs in values are no slip.
        assert_eq!(colon_in_value("note: 10:30 开会, 见 http://x"), None);
        assert_eq!(bad_field_colon("note: 10:30"), None);
        assert_eq!(bad_field_colon("progress:"), None);
    }
}
