//! The theme: templates, static files and UI strings.
//!
//! The default theme is compiled into the binary; a board overrides it file by file
//! from `<root>/themes/<theme>/` (`templates/`, `static/`, `i18n/`).

use std::fmt::Write as _;
use std::fs;
use std::path::Path;

use anyhow::{bail, Context as _, Result};
use serde_json::Value as Json;
use tera::{Kwargs, State, Tera, Value};

use crate::model::Lang;

macro_rules! embed {
    ($dir:literal; $($name:literal),* $(,)?) => {
        &[$(($name, include_bytes!(concat!("../themes/default/", $dir, "/", $name)) as &[u8])),*]
    };
}

const TEMPLATES: &[(&str, &[u8])] = embed!("templates";
    "base.html", "macros.html", "project_table.html", "index.html", "projects.html", "project.html", "districts.html", "district.html",
    "groups.html", "page.html", "404.html", "report.html", "reports.html", "poster.svg", "display.html", "display-list.html", "display-slide.svg");
const FONTS: &[(&str, &[u8])] = embed!("fonts"; "NotoSansSC-Regular.ttf");
const STATIC: &[(&str, &[u8])] = embed!("static"; "style.css", "app.js", "display.css", "display.js", "favicon.svg");
const I18N: &[(&str, &[u8])] = embed!("i18n"; "zh-CN.json", "en.json");

pub struct Theme {
    pub tera: Tera,
    /// Files copied to `assets/`, sorted by name.
    pub statics: Vec<(String, Vec<u8>)>,
    /// Poster fonts (`.otf`, `.ttf`, `.ttc`, `.otc`): the board's own (from
    /// `themes/<name>/fonts/`) first, then the built-in ones it did not replace; each
    /// group sorted by name.
    pub fonts: Vec<(String, Vec<u8>)>,
    /// How many of `fonts` are the board's own.
    pub own_fonts: usize,
    /// UI strings of the site's language.
    pub strings: Json,
    /// Every file's name and bytes, for the build id.
    pub fingerprint: Vec<(String, Vec<u8>)>,
}

/// Loads the built-in theme with the board's overrides applied.
pub fn load(root: &Path, name: &str, lang: Lang) -> Result<Theme> {
    let dir = root.join("themes").join(name);
    let templates = layered(&dir.join("templates"), TEMPLATES)?;
    let statics = layered(&dir.join("static"), STATIC)?;
    let i18n = layered(&dir.join("i18n"), I18N)?;
    // The board's own fonts first, then the built-in ones it did not replace: the posters
    // use one of the board's when there is one.
    let is_font = |n: &str| [".otf", ".ttf", ".ttc", ".otc"].iter().any(|e| n.to_ascii_lowercase().ends_with(e));
    let mut fonts: Vec<(String, Vec<u8>)> =
        board_files(&dir.join("fonts"))?.into_iter().filter(|(n, _)| is_font(n)).collect();
    let own_fonts = fonts.len();
    let replaced = |name: &str| fonts.iter().any(|(n, _)| n == name);
    let builtin: Vec<_> =
        FONTS.iter().filter(|(n, _)| !replaced(n)).map(|(n, b)| (n.to_string(), b.to_vec())).collect();
    fonts.extend(builtin);
    let file = format!("{}.json", lang.tag());
    let strings_bytes = i18n.iter().find(|(n, _)| *n == file).map(|(_, b)| b.clone()).unwrap_or_default();
    let strings: Json = serde_json::from_slice(&strings_bytes).with_context(|| format!("theme i18n/{file}"))?;
    if !strings.is_object() {
        bail!(
            "themes/{name}/i18n/{file} is not a JSON object of sections: start from the built-in theme's i18n/{file}"
        );
    }
    if let Some(key) = missing_string(&builtin_strings(lang), &strings, "") {
        bail!(
            "themes/{name}/i18n/{file} has no \"{key}\" (the built-in theme's i18n/{file} has it, and the pages, \
             workbooks, posters or display use it): add it to themes/{name}/i18n/{file}"
        );
    }
    let mut tera = Tera::new();
    tera.autoescape_on(vec![".html", ".xml", ".svg"]);
    tera.set_escape_fn(write_escaped);
    tera.register_filter("lang_span", move |v: Value, _: Kwargs, _: &State| lang_mark(lang, false, v));
    tera.register_filter("lang_attr", move |v: Value, _: Kwargs, _: &State| lang_mark(lang, true, v));
    tera.register_filter("css_string", |v: Value, _: Kwargs, _: &State| {
        Value::safe_string(&css_string(&value_text(&v)))
    });
    tera.register_filter("fit", |_: Value, _: Kwargs, _: &State| -> tera::TeraResult<Value> {
        Err(tera::Error::message("`fit` measures text in display slides only"))
    });
    tera.global_context().insert("t", &strings);
    let sources = templates
        .iter()
        .map(|(n, b)| Ok((n, std::str::from_utf8(b).with_context(|| format!("template {n} is not UTF-8"))?)));
    tera.add_raw_templates(sources.collect::<Result<Vec<_>>>()?)
        .map_err(|e| anyhow::anyhow!("theme template error: {}", error_chain(&e)))?;
    let fingerprint = [("templates", &templates), ("static", &statics), ("i18n", &i18n), ("fonts", &fonts)]
        .into_iter()
        .flat_map(|(dir, files)| files.iter().map(move |(n, b)| (format!("{dir}/{n}"), b.clone())))
        .collect();
    Ok(Theme { tera, statics, fonts, own_fonts, strings, fingerprint })
}

/// The built-in theme's strings of `lang`: every word guatu prints, so the schema of any
/// theme's language file.
pub fn builtin_strings(lang: Lang) -> Json {
    let file = format!("{}.json", lang.tag());
    let bytes = I18N.iter().find(|(n, _)| *n == file).map(|(_, b)| *b).expect("a built-in language file per language");
    serde_json::from_slice(bytes).expect("the built-in language files are JSON")
}

/// The first key (`section.key`) of `schema` that `strings` lacks or holds as another
/// kind of value (a text, a list, a section), if any.
fn missing_string(schema: &Json, strings: &Json, prefix: &str) -> Option<String> {
    let (Json::Object(schema), Json::Object(strings)) = (schema, strings) else { return None };
    schema.iter().find_map(|(key, want)| {
        let path = format!("{prefix}{key}");
        match (want, strings.get(key)) {
            (Json::Object(_), Some(have @ Json::Object(_))) => missing_string(want, have, &format!("{path}.")),
            (Json::String(_), Some(Json::String(_))) => None,
            (Json::Array(w), Some(Json::Array(h))) if w.len() == h.len() => None,
            _ => Some(path),
        }
    })
}

/// The files of the board's theme folder `dir`, sorted by name (none when it does not exist).
fn board_files(dir: &Path) -> Result<Vec<(String, Vec<u8>)>> {
    let mut files = Vec::new();
    if dir.is_dir() {
        let mut entries: Vec<_> = fs::read_dir(dir)?.collect::<Result<_, _>>()?;
        entries.sort_by_key(std::fs::DirEntry::file_name);
        for e in entries {
            if e.file_type()?.is_file() {
                let bytes = fs::read(e.path()).with_context(|| format!("reading {}", e.path().display()))?;
                files.push((e.file_name().to_string_lossy().into_owned(), bytes));
            }
        }
    }
    Ok(files)
}

/// The embedded files, each replaced by a file of the same name in `dir`, plus `dir`'s extra files.
fn layered(dir: &Path, builtin: &[(&str, &[u8])]) -> Result<Vec<(String, Vec<u8>)>> {
    let mut files: Vec<(String, Vec<u8>)> = builtin.iter().map(|(n, b)| (n.to_string(), b.to_vec())).collect();
    for (name, bytes) in board_files(dir)? {
        match files.iter_mut().find(|(n, _)| *n == name) {
            Some(slot) => slot.1 = bytes,
            None => files.push((name, bytes)),
        }
    }
    files.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(files)
}

/// A Tera error with its causes on one line.
pub fn error_chain(e: &dyn std::error::Error) -> String {
    std::iter::successors(Some(e), |c| c.source()).map(ToString::to_string).collect::<Vec<_>>().join(": ")
}

/// Marks content written in another language than the UI, so that screen readers
/// pronounce it right (WCAG 3.1.2). Content is the board's own text; in an English UI,
/// text with Chinese characters is Chinese. (In a Chinese UI, Latin text is left alone:
/// it is as often a code, an acronym or pinyin as English.)
///
/// `lang_span` escapes its value and wraps it in `<span lang="zh-CN">` where it is
/// Chinese; `lang_attr` gives ` lang="zh-CN"` (or nothing) for an element whose whole
/// content is the value, such as a Markdown block or an `<option>`.
fn lang_mark(ui: Lang, attr: bool, value: Value) -> Value {
    let owned = value.as_str().is_none().then(|| value_text(&value));
    let text = owned.as_deref().or_else(|| value.as_str()).unwrap_or_default();
    let escape = crate::chart::needs_escape(text);
    // In an English UI, text with Chinese characters is Chinese.
    let content_lang = (ui == Lang::En && text.chars().any(is_han)).then(|| Lang::ZhCn.tag());
    match (attr, content_lang) {
        (true, Some(tag)) => Value::safe_string(&format!(" lang=\"{tag}\"")),
        (true, None) => Value::safe_string(""),
        (false, Some(tag)) => {
            Value::safe_string(&format!("<span lang=\"{tag}\">{}</span>", crate::chart::xml_escape(text)))
        }
        // A string that escaping leaves as it is prints the same whether marked safe or
        // not: passed on as it came, without a copy.
        (false, None) if !escape && value.as_str().is_some() => value,
        (false, None) if !escape => Value::safe_string(text),
        (false, None) => Value::safe_string(&crate::chart::xml_escape(text)),
    }
}

/// A template value as the text a filter works on: strings as they are, nothing for a
/// missing value, anything else as the engine prints it.
pub fn value_text(value: &Value) -> String {
    match value.as_str() {
        Some(s) => s.to_string(),
        None if value.is_none() || value.is_undefined() => String::new(),
        None => value.to_string(),
    }
}

/// `text` as a quoted CSS string that is also safe inside a double-quoted HTML attribute
/// (`style="--x: {{ s | css_string }}"`): quotes, backslashes, `< > &` and control
/// characters are written as CSS hex escapes, so neither the attribute nor the string can end
/// early.
pub fn css_string(text: &str) -> String {
    let mut out = String::from('\'');
    for c in text.chars() {
        if matches!(c, '\'' | '"' | '\\' | '<' | '>' | '&') || c.is_control() {
            let _ = write!(out, "\\{:x} ", c as u32);
        } else {
            out.push(c);
        }
    }
    out.push('\'');
    out
}

/// A CJK ideograph (the unified blocks and their extensions).
fn is_han(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{4dbf}' | '\u{4e00}'..='\u{9fff}' | '\u{f900}'..='\u{faff}' | '\u{20000}'..='\u{3134f}')
}

/// [`crate::chart::xml_escape`] as the template engine's escape function.
fn write_escaped(s: &str, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let mut result = Ok(());
    crate::chart::escape_runs(s, |run| {
        if result.is_ok() {
            result = out.write_all(run.as_bytes());
        }
    });
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mark(ui: Lang, attr: bool, v: Json) -> String {
        lang_mark(ui, attr, Value::from_serializable(&v)).as_str().unwrap().to_string()
    }

    #[test]
    fn chinese_content_in_an_english_ui_is_marked() {
        assert_eq!(mark(Lang::En, false, "金谷园<街道>".into()), "<span lang=\"zh-CN\">金谷园&lt;街道&gt;</span>");
        assert_eq!(mark(Lang::En, false, "Block A".into()), "Block A");
        assert_eq!(mark(Lang::En, true, "<p>说明</p>".into()), " lang=\"zh-CN\"");
        assert_eq!(mark(Lang::En, true, Json::Null), "");
        assert_eq!(mark(Lang::En, false, 12.into()), "12");
    }

    #[test]
    fn css_strings_cannot_end_the_string_or_the_attribute() {
        assert_eq!(css_string("阶段"), "'阶段'");
        assert_eq!(css_string("a'b\"c\\d"), "'a\\27 b\\22 c\\5c d'");
        assert_eq!(css_string("</style><b>&\n"), "'\\3c /style\\3e \\3c b\\3e \\26 \\a '");
    }

    /// The string literal at the start of `s` (after blanks) and the text after it.
    fn literal(s: &str) -> Option<(&str, &str)> {
        let s = s.trim_start().strip_prefix('"')?;
        let end = s.find('"')?;
        Some((&s[..end], &s[end + 1..]))
    }

    /// The word keys the Rust sources look up by literal keys, with the file of each: the
    /// `get`, `text` and `item` calls of [`crate::view::Labels`] whose first two arguments
    /// are string literals (section and key) and its `get_top` calls with a literal key.
    fn source_lookups() -> Vec<(String, String)> {
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut found = Vec::new();
        for e in walkdir::WalkDir::new(&src).sort_by_file_name().into_iter().map(Result::unwrap) {
            if e.path().extension().is_none_or(|x| x != "rs") {
                continue;
            }
            let text = fs::read_to_string(e.path()).unwrap();
            let file = e.path().strip_prefix(&src).unwrap().display().to_string();
            for method in ["get", "text", "item", "get_top"] {
                let call = format!(".{method}(");
                for (at, _) in text.match_indices(&call) {
                    let Some((first, rest)) = literal(&text[at + call.len()..]) else { continue };
                    if method == "get_top" {
                        found.push((file.clone(), first.to_string()));
                    } else if let Some((key, _)) = rest.trim_start().strip_prefix(',').and_then(literal) {
                        found.push((file.clone(), format!("{first}.{key}")));
                    }
                }
            }
        }
        found
    }

    /// The `t.section.key` paths of the built-in templates, with the file of each (a
    /// `t.a[x]` gives `a`; loops that name their item `t` are left out).
    fn template_lookups() -> Vec<(String, String)> {
        let mut found = Vec::new();
        for (name, bytes) in TEMPLATES {
            let mut text = String::from_utf8(bytes.to_vec()).unwrap();
            while let Some(start) = text.find("{% for t in") {
                let end = text[start..].find("{% endfor %}").map_or(text.len(), |e| start + e);
                text.replace_range(start..end, "");
            }
            for (at, _) in text.match_indices("t.") {
                if text[..at].chars().next_back().is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '.') {
                    continue;
                }
                let path: String = text[at + 2..]
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '.')
                    .collect();
                found.push((name.to_string(), path.trim_end_matches('.').to_string()));
            }
        }
        found
    }

    /// `section.key` of `strings`.
    fn lookup<'j>(strings: &'j Json, path: &str) -> Option<&'j Json> {
        path.split('.').try_fold(strings, |v, k| v.get(k))
    }

    #[test]
    fn every_word_the_code_and_the_templates_use_is_in_both_language_files() {
        let (code, templates) = (source_lookups(), template_lookups());
        let files = [Lang::ZhCn, Lang::En].map(|lang| (lang, builtin_strings(lang)));
        assert!(code.len() > 50 && templates.len() > 100, "the scans found {} and {}", code.len(), templates.len());
        for (file, path) in code
            .iter()
            .map(|(f, p)| (format!("src/{f}"), p))
            .chain(templates.iter().map(|(f, p)| (format!("templates/{f}"), p)))
        {
            for (lang, strings) in &files {
                let v = lookup(strings, path);
                assert!(
                    v.is_some_and(|v| !v.is_null()),
                    "{file} uses \"{path}\", which i18n/{}.json lacks",
                    lang.tag()
                );
            }
        }
        // The keys the code computes: every stage and status by its key, the month lists.
        let stages = crate::model::Stage::ALL.map(|s| format!("stage.{}", s.key()));
        let statuses = crate::metrics::Status::ALL.map(|s| format!("status.{}", s.key()));
        for (lang, strings) in &files {
            for path in stages.iter().chain(&statuses) {
                assert!(lookup(strings, path).is_some_and(Json::is_string), "i18n/{}.json lacks {path}", lang.tag());
            }
            for list in ["month.names", "month.abbr"] {
                assert_eq!(lookup(strings, list).and_then(Json::as_array).map(Vec::len), Some(12), "{list}");
            }
        }
    }

    #[test]
    fn both_language_files_have_the_same_keys() {
        let (zh, en) = (builtin_strings(Lang::ZhCn), builtin_strings(Lang::En));
        assert_eq!(missing_string(&zh, &en, ""), None, "en.json lacks a key of zh-CN.json");
        assert_eq!(missing_string(&en, &zh, ""), None, "zh-CN.json lacks a key of en.json");
    }

    #[test]
    fn a_theme_language_file_without_a_key_is_named_with_the_key() {
        let mut strings = builtin_strings(Lang::En);
        assert_eq!(missing_string(&builtin_strings(Lang::En), &strings, ""), None);
        strings["workbook"].as_object_mut().unwrap().remove("serial");
        assert_eq!(missing_string(&builtin_strings(Lang::En), &strings, ""), Some("workbook.serial".into()));
        strings["workbook"] = Json::String("no section".into());
        assert_eq!(missing_string(&builtin_strings(Lang::En), &strings, ""), Some("workbook".into()));
        let mut short = builtin_strings(Lang::En);
        short["month"]["abbr"].as_array_mut().unwrap().pop();
        assert_eq!(missing_string(&builtin_strings(Lang::En), &short, ""), Some("month.abbr".into()));
    }

    #[test]
    fn a_chinese_ui_marks_nothing() {
        assert_eq!(mark(Lang::ZhCn, false, "金谷园 & Co".into()), "金谷园 &amp; Co");
        assert_eq!(mark(Lang::ZhCn, true, "Industrial park".into()), "");
    }
}
