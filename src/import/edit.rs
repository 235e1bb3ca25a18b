//! Project files as text: a new file in the demo's style, and one month's entry put
//! into an existing file with every other byte — comments, order, other months — kept.

use crate::model::Entry;
use crate::num::Month;
use crate::yaml::{self, Node, Value};

/// A YAML scalar: plain where that reads back as the same text, else double-quoted.
pub fn scalar(s: &str) -> String {
    if is_plain_safe(s) {
        s.to_string()
    } else {
        let mut out = String::from("\"");
        for c in s.chars() {
            match c {
                '"' => out.push_str("\\\""),
                '\\' => out.push_str("\\\\"),
                '\n' => out.push_str("\\n"),
                '\t' => out.push_str("\\t"),
                c if c.is_control() => out.push_str(&format!("\\u{:04x}", c as u32)),
                c => out.push(c),
            }
        }
        out.push('"');
        out
    }
}

/// Text that a plain YAML scalar keeps as that same string.
fn is_plain_safe(s: &str) -> bool {
    let Some(first) = s.chars().next() else { return false };
    let reserved = ["null", "Null", "NULL", "~", "true", "True", "TRUE", "false", "False", "FALSE"];
    // Numbers, dates and times in any YAML spelling (0x1F, 1_000, 2026-03, 12:30, .5).
    let number_like = s.parse::<f64>().is_ok() || s.chars().all(|c| c.is_ascii_hexdigit() || "xXoO_.:+- ".contains(c));
    let unsafe_text = "-?:,[]{}#&*!|>'\"%@`".contains(first)
        || first.is_whitespace()
        || s.ends_with(|c: char| c.is_whitespace() || c == ':')
        || s.contains(": ")
        || s.contains(" #")
        || s.contains(|c: char| c.is_control() || c == '\u{feff}')
        || reserved.contains(&s)
        || number_like
        || matches!(s.to_ascii_lowercase().as_str(), "yes" | "no" | "on" | "off" | "y" | "n" | ".inf" | ".nan");
    !unsafe_text
}

/// One progress entry as block YAML lines: `first` starts its first line (`  - `),
/// `indent` the others.
pub fn entry_text(e: &Entry, first: &str, indent: &str) -> String {
    let mut lines = vec![format!("month: {}", e.month)];
    if let Some(s) = e.stage {
        lines.push(format!("stage: {}", s.key()));
    }
    lines.push(format!("percent: {}", e.percent));
    lines.push(format!("invested: {}", e.invested));
    for (key, v) in [("note", &e.note), ("problems", &e.problems), ("next", &e.next)] {
        if let Some(v) = v {
            lines.push(format!("{key}: {}", scalar(v)));
        }
    }
    if let Some(s) = e.status {
        lines.push(format!("status: {}", format!("{s:?}").to_lowercase()));
    }
    if let Some(n) = &e.status_note {
        lines.push(format!("status_note: {}", scalar(n)));
    }
    let mut out = String::new();
    for (i, l) in lines.iter().enumerate() {
        out.push_str(if i == 0 { first } else { indent });
        out.push_str(l);
        out.push('\n');
    }
    out
}

/// Where an edit could not be made, in words for the office.
pub type EditError = String;

/// Byte offsets of the start of each line (index 0 is line 1), plus the end of the text.
fn line_starts(text: &str) -> Vec<usize> {
    let mut v = vec![0];
    v.extend(text.match_indices('\n').map(|(i, _)| i + 1));
    if *v.last().expect("one") != text.len() {
        v.push(text.len());
    }
    v
}

/// The offset where 1-based `line` starts (the end of the text past the last line).
fn line_start(starts: &[usize], line: usize) -> usize {
    starts.get(line - 1).copied().unwrap_or_else(|| *starts.last().expect("one"))
}

/// One entry of the progress list: its month, the line its `- ` is on, and its first-line prefix.
struct Item {
    month: Option<Month>,
    line: usize,
    prefix: String,
}

/// Puts `entry` into the file's progress list: replaces that month's entry or inserts
/// it in month order. Returns the new text.
pub fn put_entry(text: &str, entry: &Entry) -> Result<String, EditError> {
    let doc = yaml::parse(text).map_err(|e| format!("YAML syntax at line {}: {}", e.pos.line, e.message))?;
    let Some(Node { value: Value::Map(top), .. }) = doc else {
        return Err("the file is not a mapping of fields".into());
    };
    let starts = line_starts(text);
    let Some(k) = top.iter().position(|(key, _)| key.scalar() == Some("progress")) else {
        return Ok(add_progress(text, &top, &starts, entry));
    };
    let list = &top[k].1;
    let Value::Seq(nodes) = &list.value else {
        return Err("`progress` is not a list of `- month:` entries".into());
    };
    if nodes.is_empty() || text[line_start(&starts, list.pos.line)..].chars().nth(list.pos.col - 1) == Some('[') {
        return Err("`progress` is written as a one-line list; write each month as a `- month:` entry".into());
    }
    let items = nodes.iter().map(|n| item(text, &starts, n)).collect::<Result<Vec<_>, _>>()?;
    // Where the list ends: the next field of the file, or the end of the text.
    let list_end = top.get(k + 1).map_or(starts.len() + 1, |(key, _)| key.pos.line);
    let end_of = |i: usize| {
        let next = items.get(i + 1).map_or(list_end, |it| it.line);
        content_end(text, &starts, items[i].line, next, items[i].prefix.chars().count())
    };
    let prefix = &items[0].prefix;
    let indent = " ".repeat(prefix.chars().count());
    let new = entry_text(entry, prefix, &indent);
    if let Some(i) = items.iter().position(|it| it.month == Some(entry.month)) {
        let (from, to) = (line_start(&starts, items[i].line), end_of(i));
        let new = entry_text(entry, &items[i].prefix, &" ".repeat(items[i].prefix.chars().count()));
        return Ok(format!("{}{new}{}", &text[..from], &text[to..]));
    }
    let at = match items.iter().position(|it| it.month.is_some_and(|m| m > entry.month)) {
        Some(0) => line_start(&starts, items[0].line),
        Some(i) => end_of(i - 1),
        None => end_of(items.len() - 1),
    };
    let sep = if at > 0 && !text[..at].ends_with('\n') { "\n" } else { "" };
    Ok(format!("{}{sep}{new}{}", &text[..at], &text[at..]))
}

fn item(text: &str, starts: &[usize], n: &Node) -> Result<Item, EditError> {
    let line_text = &text[line_start(starts, n.pos.line)..line_start(starts, n.pos.line + 1)];
    let prefix: String = line_text.chars().take(n.pos.col - 1).collect();
    if prefix.trim() != "-" || !prefix.trim_start().starts_with('-') {
        return Err(format!("line {}: write each progress entry as `- month: …` on its own line", n.pos.line));
    }
    let month = match &n.value {
        Value::Map(pairs) => {
            pairs.iter().find(|(k, _)| k.scalar() == Some("month")).and_then(|(_, v)| v.scalar()).and_then(Month::parse)
        }
        _ => None,
    };
    Ok(Item { month, line: n.pos.line, prefix })
}

/// The end of an entry's own lines: from `line` up to `next` (exclusive), less the
/// blank lines and comments at or left of the entry's keys that lead to what follows.
fn content_end(text: &str, starts: &[usize], line: usize, next: usize, key_col: usize) -> usize {
    let mut last = next.saturating_sub(1).max(line);
    while last > line {
        let l = &text[line_start(starts, last)..line_start(starts, last + 1)];
        let indent = l.len() - l.trim_start().len();
        let t = l.trim();
        if t.is_empty() || (t.starts_with('#') && indent <= key_col) {
            last -= 1;
        } else {
            break;
        }
    }
    line_start(starts, last + 1)
}

/// Adds a `progress:` list with one entry, before `photos`/`description` or at the end.
fn add_progress(text: &str, top: &[(Node, Node)], starts: &[usize], entry: &Entry) -> String {
    let block = format!("progress:\n{}", entry_text(entry, "  - ", "    "));
    let before = top.iter().find(|(k, _)| matches!(k.scalar(), Some("photos" | "description")));
    match before {
        Some((k, _)) => {
            let at = line_start(starts, k.pos.line);
            format!("{}{block}{}", &text[..at], &text[at..])
        }
        None if text.is_empty() || text.ends_with('\n') => format!("{text}{block}"),
        None => format!("{text}\n{block}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::num::Decimal;

    fn entry(month: &str, percent: i64) -> Entry {
        Entry {
            month: Month::parse(month).unwrap(),
            stage: None,
            percent: Decimal::from_int(percent),
            invested: Decimal::from_int(10),
            note: Some("进展: 顺利".into()),
            problems: None,
            next: None,
            status: None,
            status_note: None,
        }
    }

    const FILE: &str = "name: 甲\n# 进度\nprogress:\n  - month: 2026-01\n    percent: 10\n    invested: 1\n\n  # 二月补报\n  - month: 2026-03\n    percent: 30\n    invested: 3\n    note: |\n      多行\n      # 不是注释\n# 照片\nphotos: []\n";

    #[test]
    fn inserts_between_months_keeping_comments() {
        let out = put_entry(FILE, &entry("2026-02", 20)).unwrap();
        let want = FILE.replace(
            "    invested: 1\n\n",
            "    invested: 1\n  - month: 2026-02\n    percent: 20\n    invested: 10\n    note: \"进展: 顺利\"\n\n",
        );
        assert_eq!(out, want);
    }

    #[test]
    fn appends_after_a_block_scalar_and_replaces_in_place() {
        let out = put_entry(FILE, &entry("2026-04", 40)).unwrap();
        assert!(out.contains("      # 不是注释\n  - month: 2026-04\n"), "{out}");
        assert!(out.ends_with("# 照片\nphotos: []\n"));
        let out = put_entry(FILE, &entry("2026-01", 15)).unwrap();
        assert!(out.starts_with("name: 甲\n# 进度\nprogress:\n  - month: 2026-01\n    percent: 15\n"), "{out}");
        assert!(out.contains("    note: \"进展: 顺利\"\n\n  # 二月补报\n  - month: 2026-03\n"), "{out}");
        let out = put_entry(FILE, &entry("2025-12", 5)).unwrap();
        assert!(out.contains("progress:\n  - month: 2025-12\n"), "{out}");
    }

    #[test]
    fn replaces_a_one_line_entry_and_the_last_one_without_newline() {
        let text = "name: 甲\nprogress:\n  - { month: 2026-01, percent: 10, invested: 1 }\n  - month: 2026-02\n    percent: 20\n    invested: 2";
        let out = put_entry(text, &entry("2026-01", 11)).unwrap();
        assert!(out.contains("progress:\n  - month: 2026-01\n    percent: 11\n"), "{out}");
        assert!(out.ends_with("    invested: 2"));
        let out = put_entry(text, &entry("2026-03", 30)).unwrap();
        assert!(
            out.ends_with(
                "    invested: 2\n  - month: 2026-03\n    percent: 30\n    invested: 10\n    note: \"进展: 顺利\"\n"
            ),
            "{out}"
        );
    }

    #[test]
    fn adds_a_progress_list_before_description() {
        let out = put_entry("name: 甲\ndescription: 说明\n", &entry("2026-01", 10)).unwrap();
        assert!(out.starts_with("name: 甲\nprogress:\n  - month: 2026-01\n"), "{out}");
        assert!(out.ends_with("description: 说明\n"));
        assert!(put_entry("name: 甲\nprogress: []\n", &entry("2026-01", 10)).is_err());
    }

    #[test]
    fn scalars_read_back_as_the_same_text() {
        for s in [
            "完成桩基",
            "进展: 顺利",
            "2026",
            "- 开头",
            "#1",
            "null",
            "a\nb",
            "tab\there",
            "yes",
            "12.5万",
            "\"引号\"",
            "2026-03",
            "0x1F",
            "1_000",
            "12:30",
            "11月加快",
        ] {
            let doc = yaml::parse(&format!("k: {}\n", scalar(s))).unwrap().unwrap();
            let Value::Map(p) = doc.value else { panic!() };
            assert_eq!(p[0].1.scalar(), Some(s), "{s} → {}", scalar(s));
            assert!(!p[0].1.is_null());
        }
        assert_eq!(scalar("完成桩基"), "完成桩基");
        assert_eq!(scalar("11月加快主体施工"), "11月加快主体施工");
        assert_eq!(scalar("1#—6#住宅楼"), "1#—6#住宅楼");
    }
}
