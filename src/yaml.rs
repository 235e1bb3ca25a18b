//! A YAML document as a tree of nodes that remember where they stand in the file.
//!
//! serde-based YAML loaders stop at the first problem and forget positions once a
//! value is deserialised. guatu reports every problem with its line and column, so
//! it reads YAML events (yaml-rust2) into this small tree and converts it by hand.

use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::{Marker, TScalarStyle};

/// A 1-based line and column in a source file.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Pos {
    pub line: usize,
    /// 1-based column (in characters).
    pub col: usize,
}

impl Pos {
    /// The start of a file.
    pub const START: Pos = Pos { line: 1, col: 1 };

    fn from_marker(m: Marker) -> Pos {
        Pos { line: m.line().max(1), col: m.col() + 1 }
    }
}

/// One YAML node and its position.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    pub pos: Pos,
    pub value: Value,
}

/// The value of a node. Scalars keep their text; typing happens in the converter.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// A scalar with its text and whether it was quoted (quoted scalars are strings).
    Scalar { text: String, quoted: bool },
    /// A sequence.
    Seq(Vec<Node>),
    /// A mapping, in file order, keys as nodes.
    Map(Vec<(Node, Node)>),
}

impl Node {
    pub fn scalar(&self) -> Option<&str> {
        match &self.value {
            Value::Scalar { text, .. } => Some(text),
            _ => None,
        }
    }

    /// True for a plain `~`, `null` or empty scalar.
    pub fn is_null(&self) -> bool {
        matches!(&self.value, Value::Scalar { text, quoted: false }
            if text.is_empty() || text == "~" || text == "null" || text == "Null" || text == "NULL")
    }

    /// A short name of the node's kind for messages.
    pub fn kind(&self) -> &'static str {
        match &self.value {
            Value::Scalar { .. } if self.is_null() => "nothing",
            Value::Scalar { .. } => "a scalar",
            Value::Seq(_) => "a list",
            Value::Map(_) => "a mapping",
        }
    }
}

/// How many lists and mappings may stand inside each other. Board files need four or
/// five; the limit keeps a hostile file from exhausting the stack of whatever walks the tree.
pub const MAX_DEPTH: usize = 64;

/// A YAML syntax error with its position.
#[derive(Debug, Clone, PartialEq)]
pub struct SyntaxError {
    /// Where the parser stopped.
    pub pos: Pos,
    pub message: String,
    /// The fix, when the reader knows it (otherwise it is guessed from the lines around).
    pub help: Option<String>,
}

impl SyntaxError {
    fn new(pos: Pos, message: impl Into<String>, help: impl Into<String>) -> SyntaxError {
        SyntaxError { pos, message: message.into(), help: Some(help.into()) }
    }
}

/// Parses one YAML document. An empty document gives `Ok(None)`. The first document
/// is read event by event (the parser's own loader recurses once per level of nesting).
pub fn parse(source: &str) -> Result<Option<Node>, SyntaxError> {
    control_character(source).map_or(Ok(()), Err)?;
    let mut builder = Builder::default();
    let mut parser = Parser::new_from_str(source);
    loop {
        let (ev, mark) = parser.next_token().map_err(|e| scan_error(source, &e))?;
        if matches!(ev, Event::DocumentEnd | Event::StreamEnd) {
            break;
        }
        builder.on_event(ev, mark);
        builder.error.take().map_or(Ok(()), Err)?;
    }
    Ok(builder.root)
}

/// The first control character other than TAB, LF and CR (C0 and DEL), which the
/// parser would stop at silently (a NUL ends the text it reads) or keep in the text.
fn control_character(source: &str) -> Option<SyntaxError> {
    let at = source.bytes().position(|b| (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r')) || b == 0x7F)?;
    // Lines end as the parser (and editors) end them: at LF, CR LF or a lone CR.
    let before = &source[..at];
    let breaks = before.matches('\n').count() + before.matches('\r').count() - before.matches("\r\n").count();
    let line_start = before.rfind(['\n', '\r']).map_or(0, |i| i + 1);
    let pos = Pos { line: breaks + 1, col: source[line_start..at].chars().count() + 1 };
    let code = format!("U+{:04X}", source.as_bytes()[at]);
    Some(SyntaxError::new(
        pos,
        format!("control character {code} in the text"),
        format!("remove the control character {code}"),
    ))
}

/// The parser's error, placed where the clerk fixes it.
fn scan_error(source: &str, e: &yaml_rust2::ScanError) -> SyntaxError {
    let message = e.info().to_string();
    let mut pos = Pos::from_marker(*e.marker());
    if message == "recursion limit exceeded" {
        // The scanner counts flow levels up to 255 before the parser sees the first one.
        return too_deep(pos);
    }
    if message.starts_with("tabs disallowed") {
        pos = first_tab_of_indentation(source, pos);
    }
    SyntaxError { pos, message, help: None }
}

/// yaml-rust2 reports a tab in a block's indentation where the indentation ends; the
/// clerk has to delete the tab, so point at it: the first tab in the white space that
/// starts `pos`'s line, up to `pos`.
fn first_tab_of_indentation(source: &str, pos: Pos) -> Pos {
    let Some(line) = source.lines().nth(pos.line.saturating_sub(1)) else { return pos };
    let mut indentation = line.chars().take(pos.col.saturating_sub(1)).take_while(|c| *c == ' ' || *c == '\t');
    indentation.position(|c| c == '\t').map_or(pos, |i| Pos { line: pos.line, col: i + 1 })
}

#[derive(Default)]
struct Builder {
    stack: Vec<(Pos, Vec<Node>)>,
    anchors: Vec<(usize, Node)>,
    root: Option<Node>,
    error: Option<SyntaxError>,
    /// A mapping one level too deep starts here; it is reported at its first key, which
    /// for a block mapping stands before the parser's mark.
    too_deep_map: Option<Pos>,
}

impl Builder {
    fn push_node(&mut self, node: Node, anchor: usize) {
        if anchor > 0 {
            self.anchors.push((anchor, node.clone()));
        }
        match self.stack.last_mut() {
            Some((_, items)) => items.push(node),
            None => self.root = Some(node),
        }
    }

    fn close(&mut self, is_map: bool) {
        let Some((pos, items)) = self.stack.pop() else { return };
        // yaml-rust2 marks a block mapping at the `:` of its first key; the mapping
        // starts where that key does.
        let pos = items.first().map_or(pos, |k| k.pos.min(pos));
        let value = if is_map {
            let mut it = items.into_iter();
            Value::Map(std::iter::from_fn(|| Some((it.next()?, it.next()?))).collect())
        } else {
            Value::Seq(items)
        };
        self.push_node(Node { pos, value }, 0);
    }
}

impl MarkedEventReceiver for Builder {
    fn on_event(&mut self, ev: Event, mark: Marker) {
        let pos = Pos::from_marker(mark);
        if let Some(map) = self.too_deep_map {
            self.error = Some(too_deep(map.min(pos)));
            return;
        }
        match ev {
            Event::Scalar(text, style, anchor, _) => {
                let quoted = !matches!(style, TScalarStyle::Plain);
                self.push_node(Node { pos, value: Value::Scalar { text, quoted } }, anchor);
            }
            Event::SequenceStart(..) if self.stack.len() >= MAX_DEPTH => self.error = Some(too_deep(pos)),
            Event::MappingStart(..) if self.stack.len() >= MAX_DEPTH => self.too_deep_map = Some(pos),
            Event::SequenceStart(..) | Event::MappingStart(..) => self.stack.push((pos, Vec::new())),
            Event::SequenceEnd => self.close(false),
            Event::MappingEnd => self.close(true),
            Event::Alias(id) => match self.anchors.iter().rev().find(|(a, _)| *a == id) {
                Some((_, node)) => self.push_node(node.clone(), 0),
                // Anchors are kept for scalars only: an alias of a list or mapping.
                None => {
                    self.error = Some(SyntaxError::new(
                        pos,
                        "aliases of lists and mappings (`*name`) are not supported",
                        "write the list or mapping out in full here instead of the alias",
                    ));
                }
            },
            _ => {}
        }
    }
}

/// The error for a list or mapping at `pos` one level deeper than [`MAX_DEPTH`].
fn too_deep(pos: Pos) -> SyntaxError {
    SyntaxError::new(
        pos,
        format!("lists and mappings nested deeper than {MAX_DEPTH} levels"),
        "a board file needs only a few levels: remove the extra `- ` or indentation from here on",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_positions_of_keys_and_values() {
        let doc = parse("name: 项目\nprogress:\n  - month: 2026-03\n    percent: 8\n").unwrap().unwrap();
        let Value::Map(pairs) = &doc.value else { panic!() };
        assert_eq!(pairs[0].0.pos, Pos { line: 1, col: 1 });
        assert_eq!(pairs[0].1.scalar(), Some("项目"));
        let Value::Seq(entries) = &pairs[1].1.value else { panic!() };
        assert_eq!(entries[0].pos.line, 3);
        let Value::Map(e) = &entries[0].value else { panic!() };
        assert_eq!(e[1].0.pos, Pos { line: 4, col: 5 });
    }

    #[test]
    fn syntax_error_has_a_position() {
        let err = parse("a: [1, 2\nb: 3\n").unwrap_err();
        assert!(err.pos.line >= 1);
    }

    #[test]
    fn a_tab_in_block_indentation_is_reported_where_the_tab_is() {
        let at = |s: &str| {
            let e = parse(s).unwrap_err();
            assert!(e.message.starts_with("tabs disallowed"), "{e:?}");
            (e.pos.line, e.pos.col)
        };
        assert_eq!(at("name: x\nprogress:\n\t- month: 1\n"), (3, 1));
        assert_eq!(at("name: x\nprogress:\n\t\t- month: 1\n"), (3, 1));
        assert_eq!(at("a:\n\tb: 1\n"), (2, 1));
        assert_eq!(at("a:\n  b:\n\t  c: 1\n"), (3, 1));
        assert_eq!(at("a:\n  b:\n  \tc: 1\n"), (3, 3));
        assert_eq!(at("a:\r\n  b:\r\n  \tc: 1\r\n"), (3, 3));
    }

    #[test]
    fn nesting_is_refused_one_level_below_the_limit_in_every_style() {
        let deep = |src: String| {
            let e = parse(&src).unwrap_err();
            assert_eq!(e.message, "lists and mappings nested deeper than 64 levels", "{src:.80}");
            (e.pos.line, e.pos.col)
        };
        assert_eq!(deep(format!("{}x", "- ".repeat(7000))), (1, 129));
        // The scanner reads ahead through `[[[…` and stops at 255 levels itself.
        assert_eq!(deep(format!("a: {}1{}", "[".repeat(7000), "]".repeat(7000))), (1, 259));
        assert_eq!(deep(format!("a: {}", "{b: ".repeat(7000))), (1, 4 + 63 * 4));
        assert_eq!(deep(format!("a: {}1{}", "[".repeat(100), "]".repeat(100))), (1, 67));
        let maps: String = (0..7000).map(|i| format!("{}k:\n", " ".repeat(i))).collect();
        assert_eq!(deep(maps), (65, 65));
        assert!(parse(&format!("{}x", "- ".repeat(64))).is_ok());
    }

    #[test]
    fn control_characters_are_refused_where_they_stand() {
        let at = |s: &str| parse(s).map(|_| ()).map_err(|e| (e.pos.line, e.pos.col, e.message, e.help.unwrap()));
        assert_eq!(
            at("a: 1\nname: 项目\0rest\nb: 2\n"),
            Err((2, 9, "control character U+0000 in the text".into(), "remove the control character U+0000".into()))
        );
        assert_eq!(at("a: \x1b[31m\n").unwrap_err().1, 4);
        assert_eq!(at("a: x\x7f\n").unwrap_err().2, "control character U+007F in the text");
        assert!(at("a: \"x\ty\"\r\nb: 1\r\n").is_ok());
        // A lone CR ends a line for the parser, so it does here too.
        assert_eq!(at("a: 1\rb: \0\r\nc: 2\n").unwrap_err().0, 2);
        assert_eq!(at("a: 1\r\nb: 2\rc: \0\n").unwrap_err().0, 3);
    }

    #[test]
    fn quoted_scalars_are_marked() {
        let doc = parse("a: '12'\nb: 12\n").unwrap().unwrap();
        let Value::Map(p) = &doc.value else { panic!() };
        assert!(matches!(p[0].1.value, Value::Scalar { quoted: true, .. }));
        assert!(matches!(p[1].1.value, Value::Scalar { quoted: false, .. }));
    }
}
