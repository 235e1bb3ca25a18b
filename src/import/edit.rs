//! Project files as text: a new file in the demo's style, and one month's entry put
//! into an existing file with every other byte — comments, order, other months — kept.

use crate::model::Entry;
use crate::num::Month;
use crate::validate::PROJECT_FIELDS;
use crate::yaml::{self, Node, Value};

/// A YAML scalar: plain where that reads back as the same text, else double-quoted.
pub fn scalar(s: &str) -> String {
    if is_plain_safe(s) {
        return s.to_string();
    }
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
    let text = |t: &Option<String>| t.as_deref().map(scalar);
    let lines = [
        ("month", Some(e.month.to_string())),
        ("stage", e.stage.map(|s| s.key().to_string())),
        ("percent", e.percent.map(|p| p.to_string())),
        ("physical_progress", text(&e.physical_progress)),
        ("invested", e.invested.map(|i| i.to_string())),
        ("ytd_invested", e.ytd_invested.map(|y| y.to_string())),
        ("note", text(&e.note)),
        ("problems", text(&e.problems)),
        ("next", text(&e.next)),
        ("status", e.status.map(|s| format!("{s:?}").to_lowercase())),
        ("status_note", text(&e.status_note)),
    ];
    let lines = lines.into_iter().filter_map(|(key, v)| Some(format!("{key}: {}\n", v?)));
    lines.enumerate().map(|(i, l)| format!("{}{l}", if i == 0 { first } else { indent })).collect()
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
    let (top, starts) = top_map(text)?;
    let Some(k) = top.iter().position(|(key, _)| key.scalar() == Some("progress")) else {
        // A new `progress:` list, before `photos`/`description` or at the end.
        let block = format!("progress:\n{}", entry_text(entry, "  - ", "    "));
        return Ok(insert_field(text, &starts, &top, "progress", &block));
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
    let same = items.iter().position(|it| it.month == Some(entry.month));
    let prefix = &items[same.unwrap_or(0)].prefix;
    let new = entry_text(entry, prefix, &" ".repeat(prefix.chars().count()));
    if let Some(i) = same {
        return Ok(format!("{}{new}{}", &text[..line_start(&starts, items[i].line)], &text[end_of(i)..]));
    }
    let at = match items.iter().position(|it| it.month.is_some_and(|m| m > entry.month)) {
        Some(0) => line_start(&starts, items[0].line),
        Some(i) => end_of(i - 1),
        None => end_of(items.len() - 1),
    };
    Ok(insert_at(text, at, &new))
}

/// `new` put into `text` at byte `at`, on a line of its own.
fn insert_at(text: &str, at: usize, new: &str) -> String {
    let sep = if at > 0 && !text[..at].ends_with('\n') { "\n" } else { "" };
    format!("{}{sep}{new}{}", &text[..at], &text[at..])
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
    let trailing = |l: usize| {
        let s = &text[line_start(starts, l)..line_start(starts, l + 1)];
        let t = s.trim();
        t.is_empty() || (t.starts_with('#') && s.len() - s.trim_start().len() <= key_col)
    };
    let last = (line + 1..next.max(line + 1)).rev().find(|&l| !trailing(l)).unwrap_or(line);
    line_start(starts, last + 1)
}

/// The fields of a file's top-level mapping, keys and values.
type Fields = Vec<(Node, Node)>;

/// The file's top-level mapping and its line starts.
fn top_map(text: &str) -> Result<(Fields, Vec<usize>), EditError> {
    let doc = yaml::parse(text).map_err(|e| format!("YAML syntax at line {}: {}", e.pos.line, e.message))?;
    let Some(Node { value: Value::Map(top), .. }) = doc else {
        return Err("the file is not a mapping of fields".into());
    };
    Ok((top, line_starts(text)))
}

/// Sets the top-level field `key` to `value` (written as YAML): a one-line value is
/// replaced in place, keeping a comment after it; a missing field is added in its place
/// in the order guatu writes fields ([`PROJECT_FIELDS`]). Returns the new text.
pub fn set_field(text: &str, key: &str, value: &str) -> Result<String, EditError> {
    let (top, starts) = top_map(text)?;
    match top.iter().position(|(k, _)| k.scalar() == Some(key)) {
        Some(i) => {
            let next = top.get(i + 1).map_or(starts.len(), |(k, _)| k.pos.line);
            replace_value(text, &starts, &top[i].0, &top[i].1, next, value)
        }
        None => Ok(insert_field(text, &starts, &top, key, &format!("{key}: {value}\n"))),
    }
}

/// Sets the annual plan of `year` to `amount`, in a one-line `{ 2025: 100, 2026: 200 }`
/// or in a block mapping with one year a line; years stay in order.
pub fn set_annual_plan(text: &str, year: i32, amount: &str) -> Result<String, EditError> {
    let (top, starts) = top_map(text)?;
    let Some(i) = top.iter().position(|(k, _)| k.scalar() == Some("annual_plan")) else {
        let line = format!("annual_plan: {{ {year}: {amount} }}\n");
        return Ok(insert_field(text, &starts, &top, "annual_plan", &line));
    };
    let plan = &top[i].1;
    let Value::Map(pairs) = &plan.value else {
        return Err("`annual_plan` is not a mapping of years to amounts".into());
    };
    let y = year.to_string();
    let later = |k: &Node| k.scalar().and_then(|t| t.parse::<i32>().ok()).is_some_and(|k| k > year);
    let at = byte_at(text, &starts, plan.pos);
    if text[at..].starts_with('{') {
        let Some(close) = text[at..].find(['}', '\n']).filter(|&c| text[at + c..].starts_with('}')) else {
            return Err("`annual_plan` is written over several lines; edit it by hand".into());
        };
        let mut items = pairs
            .iter()
            .map(|(k, v)| Some((k.scalar()?.to_string(), v.scalar()?.to_string())))
            .collect::<Option<Vec<_>>>()
            .ok_or("`annual_plan` holds something other than years and amounts")?;
        match items.iter().position(|(k, _)| *k == y) {
            Some(j) => items[j].1 = amount.to_string(),
            None => {
                let j = pairs.iter().position(|(k, _)| later(k)).unwrap_or(items.len());
                items.insert(j, (y, amount.to_string()));
            }
        }
        let body: Vec<String> = items.iter().map(|(k, v)| format!("{k}: {v}")).collect();
        return Ok(format!("{}{{ {} }}{}", &text[..at], body.join(", "), &text[at + close + 1..]));
    }
    let end = top.get(i + 1).map_or(starts.len(), |(k, _)| k.pos.line);
    if let Some(j) = pairs.iter().position(|(k, _)| k.scalar() == Some(y.as_str())) {
        let next = pairs.get(j + 1).map_or(end, |(k, _)| k.pos.line);
        return replace_value(text, &starts, &pairs[j].0, &pairs[j].1, next, amount);
    }
    let Some((first, _)) = pairs.first() else {
        return Err("`annual_plan` is empty; write it as `annual_plan: { YEAR: AMOUNT }`".into());
    };
    let line = format!("{}{year}: {amount}\n", " ".repeat(first.pos.col - 1));
    let last = pairs.last().expect("not empty").1.pos.line;
    let at = pairs.iter().find(|(k, _)| later(k)).map_or_else(
        || content_end(text, &starts, last, end, first.pos.col - 1),
        |(k, _)| line_start(&starts, k.pos.line),
    );
    Ok(insert_at(text, at, &line))
}

/// The byte offset of a position.
fn byte_at(text: &str, starts: &[usize], pos: yaml::Pos) -> usize {
    let from = line_start(starts, pos.line);
    from + text[from..].char_indices().nth(pos.col - 1).map_or(text.len() - from, |(i, _)| i)
}

/// Replaces the scalar `value` of `key`, which must stand on the key's line, with `new`;
/// `next` is the line where the following key starts.
fn replace_value(
    text: &str,
    starts: &[usize],
    key: &Node,
    value: &Node,
    next: usize,
    new: &str,
) -> Result<String, EditError> {
    let name = key.scalar().unwrap_or_default();
    let by_hand = || format!("「{name}」 is written over several lines; edit it by hand");
    if !matches!(value.value, Value::Scalar { .. }) {
        return Err(format!("「{name}」 holds more than one value; edit it by hand"));
    }
    for l in key.pos.line + 1..next {
        let t = text[line_start(starts, l)..line_start(starts, l + 1)].trim();
        if !t.is_empty() && !t.starts_with('#') {
            return Err(by_hand());
        }
    }
    let line_end = line_start(starts, key.pos.line + 1);
    let key_at = byte_at(text, starts, key.pos);
    let colon = key_at + text[key_at..line_end].find(':').ok_or_else(by_hand)? + 1;
    let rest = &text[colon..line_end];
    let from = colon + (rest.len() - rest.trim_start_matches([' ', '\t']).len());
    let len = scalar_len(&text[from..line_end]).ok_or_else(by_hand)?;
    let space = if from == colon { " " } else { "" };
    let gap = if len == 0 && text[from..].starts_with('#') { " " } else { "" };
    Ok(format!("{}{space}{new}{gap}{}", &text[..from], &text[from + len..]))
}

/// The length of the scalar that `s` (the rest of a line) starts with, quotes included,
/// without a comment or trailing blanks; `None` for a block scalar or an unclosed quote.
fn scalar_len(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    match b.first() {
        None | Some(b'#' | b'\n' | b'\r') => Some(0),
        Some(b'|' | b'>') => None,
        Some(b'"') => {
            // An escaped character, a line break too, does not end the scalar.
            let mut escaped = false;
            for (i, &c) in b.iter().enumerate().skip(1) {
                match c {
                    _ if escaped => escaped = false,
                    b'\\' => escaped = true,
                    b'"' => return Some(i + 1),
                    b'\n' => return None,
                    _ => {}
                }
            }
            None
        }
        // The first quote on the line that is not doubled (`''`) ends the scalar.
        Some(b'\'') => s.split('\n').next().and_then(|line| line[1..].replace("''", "__").find('\'')).map(|i| i + 2),
        Some(_) => {
            let line = s.split('\n').next().unwrap_or_default();
            let end = line.find(" #").or_else(|| line.find("\t#")).unwrap_or(line.len());
            Some(line[..end].trim_end().len())
        }
    }
}

/// Adds `line` (whole `key: …` lines) before the first present field that comes after
/// `key` in [`PROJECT_FIELDS`], or at the end.
fn insert_field(text: &str, starts: &[usize], top: &[(Node, Node)], key: &str, line: &str) -> String {
    let rank = |k: &str| PROJECT_FIELDS.iter().position(|f| *f == k);
    let mine = rank(key).unwrap_or(PROJECT_FIELDS.len());
    let before = top.iter().find(|(k, _)| k.scalar().and_then(rank).is_some_and(|r| r > mine));
    insert_at(text, before.map_or(text.len(), |(k, _)| line_start(starts, k.pos.line)), line)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::num::Decimal;

    fn entry(month: &str, percent: i64) -> Entry {
        Entry {
            percent: Some(Decimal::from_int(percent)),
            invested: Some(Decimal::from_int(10)),
            note: Some("进展: 顺利".into()),
            ..Entry::blank(Month::parse(month).unwrap())
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

    const DETAILS: &str = "name: 甲项目\ndistrict: jinguyuan\nleader: 张三 # 常务副区长\nunit: \"区发改委\"\nstart: 2026-01\ndeadline: 2027-06-30\nannual_plan: { 2025: 300, 2026: 600 } # 年初下达\nprogress:\n  - month: 2026-01\n    percent: 10\n    invested: 100\n";

    #[test]
    fn a_detail_is_replaced_in_place_keeping_its_comment() {
        let t = set_field(DETAILS, "leader", "王强").unwrap();
        assert_eq!(t, DETAILS.replace("leader: 张三 # 常务副区长", "leader: 王强 # 常务副区长"));
        let t = set_field(DETAILS, "unit", &scalar("区住建局: 城建科")).unwrap();
        assert_eq!(t, DETAILS.replace("unit: \"区发改委\"", "unit: \"区住建局: 城建科\""));
        assert_eq!(set_field(&t, "unit", &scalar("区住建局: 城建科")).unwrap(), t, "the same value twice");
        let t = set_field(DETAILS, "deadline", "2027-09-30").unwrap();
        assert_eq!(t, DETAILS.replace("2027-06-30", "2027-09-30"));
    }

    #[test]
    fn a_missing_detail_goes_in_its_place() {
        let t = set_field(DETAILS, "owner", &scalar("洛阳某某公司")).unwrap();
        assert_eq!(t, DETAILS.replace("start: 2026-01\n", "owner: 洛阳某某公司\nstart: 2026-01\n"));
        let t = set_field(DETAILS, "total_investment", "1200").unwrap();
        assert_eq!(t, DETAILS.replace("annual_plan:", "total_investment: 1200\nannual_plan:"));
        let t = set_field("name: 甲\nowner:   # 待定\n", "owner", "某公司").unwrap();
        assert_eq!(t, "name: 甲\nowner:   某公司 # 待定\n");
        let Some(Node { value: Value::Map(top), .. }) = yaml::parse(&t).unwrap() else { panic!() };
        assert_eq!(top[1].1.scalar(), Some("某公司"));
    }

    #[test]
    fn a_value_over_several_lines_is_left_to_the_office() {
        let text = "name: 甲\nleader: >\n  张三\n  李四\nunit: 某局\n";
        assert!(set_field(text, "leader", "王强").unwrap_err().contains("several lines"));
        assert!(set_field(text, "unit", "某委").is_ok());
    }

    #[test]
    fn the_annual_plan_of_a_year_is_set_in_a_one_line_mapping() {
        let t = set_annual_plan(DETAILS, 2026, "800").unwrap();
        assert_eq!(t, DETAILS.replace("{ 2025: 300, 2026: 600 } # 年初下达", "{ 2025: 300, 2026: 800 } # 年初下达"));
        let t = set_annual_plan(DETAILS, 2027, "900").unwrap();
        assert!(t.contains("annual_plan: { 2025: 300, 2026: 600, 2027: 900 } # 年初下达\n"), "{t}");
        let t = set_annual_plan(DETAILS, 2024, "50").unwrap();
        assert!(t.contains("annual_plan: { 2024: 50, 2025: 300, 2026: 600 }"), "{t}");
        let none = DETAILS.replace("annual_plan: { 2025: 300, 2026: 600 } # 年初下达\n", "");
        let t = set_annual_plan(&none, 2026, "800").unwrap();
        assert_eq!(t, none.replace("progress:", "annual_plan: { 2026: 800 }\nprogress:"));
    }

    #[test]
    fn the_annual_plan_of_a_year_is_set_in_a_block_mapping() {
        let text = "name: 甲\nannual_plan:\n  2025: 300 # 调整后\n  2027: 900\n\nprogress: []\n";
        let t = set_annual_plan(text, 2025, "350").unwrap();
        assert_eq!(t, text.replace("2025: 300 # 调整后", "2025: 350 # 调整后"));
        let t = set_annual_plan(text, 2026, "600").unwrap();
        assert_eq!(t, text.replace("  2027: 900\n", "  2026: 600\n  2027: 900\n"));
        let t = set_annual_plan(text, 2028, "100").unwrap();
        assert_eq!(t, text.replace("  2027: 900\n", "  2027: 900\n  2028: 100\n"));
    }
}
