//! A fast reader for the plain block style that board files are written in: block
//! mappings and sequences, one-line flow mappings and sequences, plain and quoted
//! one-line scalars, literal block scalars (`|`, `|-`), comments.
//!
//! It gives the same tree, positions included, as the full YAML parser, or `None` for
//! anything outside that style (anchors, tags, block scalars, escapes, multi-line
//! scalars, tabs, several documents, and every syntax error), which the caller then
//! hands to the full parser. A 10,000-project board is read several times faster.

use super::{Node, Pos, Value, MAX_DEPTH};

/// The tree of `src`, or `None` when `src` is not in the plain style (or is empty).
pub(super) fn parse(src: &str) -> Option<Node> {
    if has_unusual_characters(src) {
        return None;
    }
    let raw = split_lines(src);
    let mut r = Reader { lines: lines(&raw)?, raw, i: 0, depth: 0 };
    let first = r.lines.first()?;
    if first.indent != 0 {
        return None;
    }
    let root = r.block(0)?;
    (r.i == r.lines.len()).then_some(root)
}

/// `src.split('\n')`, collected, with the newlines found by `memchr`.
fn split_lines(src: &str) -> Vec<&str> {
    let mut out = Vec::with_capacity(src.len() / 16 + 1);
    let mut start = 0;
    for i in memchr::memchr_iter(b'\n', src.as_bytes()) {
        out.push(&src[start..i]);
        start = i + 1;
    }
    out.push(&src[start..]);
    out
}

/// A line with content: not blank and not only a comment.
#[derive(Clone, Copy)]
struct Line<'a> {
    /// 1-based line number.
    no: usize,
    /// Column (in characters, 0-based) where `text` starts.
    indent: usize,
    /// The rest of the line, from its first character.
    text: &'a str,
}

impl Line<'_> {
    /// The position of byte `at` of `text`.
    fn pos(&self, at: usize) -> Pos {
        let before = &self.text[..at];
        let chars = if before.is_ascii() { at } else { before.chars().count() };
        Pos { line: self.no, col: self.indent + chars + 1 }
    }

    /// An item of a block sequence: `-` followed by a space or the end of the line.
    fn is_item(&self) -> bool {
        let b = self.text.as_bytes();
        b[0] == b'-' && (b.len() == 1 || b[1] == b' ')
    }
}

/// The lines with content of `raw_lines`; `None` for directives and document markers.
fn lines<'a>(raw_lines: &[&'a str]) -> Option<Vec<Line<'a>>> {
    let mut out = Vec::with_capacity(raw_lines.len());
    for (k, &raw) in raw_lines.iter().enumerate() {
        let text = raw.trim_start_matches(' ');
        if text.is_empty() || text.starts_with('#') {
            continue;
        }
        let indent = raw.len() - text.len();
        if indent == 0 && (text.starts_with("---") || text.starts_with("...") || text.starts_with('%')) {
            return None;
        }
        out.push(Line { no: k + 1, indent, text: text.trim_end_matches(' ') });
    }
    Some(out)
}

/// Tabs, carriage returns, other control characters (C0, DEL, C1), byte order marks
/// and noncharacters: the parser has rules for each, so the fast path leaves them to it.
/// Sixteen bytes at a time: a block without a byte that may start one (a control byte
/// other than a newline, DEL, 0xC2 or 0xEF) is passed without looking closer, and the
/// test of a block has no early exit, so that it vectorizes.
fn has_unusual_characters(src: &str) -> bool {
    let b = src.as_bytes();
    let maybe = |c: u8| (c < 0x20 && c != b'\n') | (c == 0x7F) | (c == 0xC2) | (c == 0xEF);
    b.chunks(16).enumerate().any(|(n, chunk)| {
        chunk.iter().fold(false, |acc, &c| acc | maybe(c))
            && chunk.iter().enumerate().any(|(j, &c)| unusual_at(b, n * 16 + j, c))
    })
}

/// Whether the byte `c` at `k` of `b` starts an unusual character.
fn unusual_at(b: &[u8], k: usize, c: u8) -> bool {
    match c {
        b'\n' => false,
        0..=0x1F | 0x7F => true,
        0xC2 => matches!(b.get(k + 1), Some(0x80..=0x9F)),
        0xEF => matches!((b.get(k + 1), b.get(k + 2)), (Some(0xBB), Some(0xBF)) | (Some(0xBF), Some(0xBE..=0xBF))),
        _ => false,
    }
}

struct Reader<'a> {
    /// The lines with content.
    lines: Vec<Line<'a>>,
    /// Every line as written, for block scalars.
    raw: Vec<&'a str>,
    /// The current line of `lines`.
    i: usize,
    /// How many block mappings and sequences hold the current line.
    depth: usize,
}

impl<'a> Reader<'a> {
    fn peek(&self) -> Option<Line<'a>> {
        self.lines.get(self.i).copied()
    }

    /// The block node starting at the current line, whose indent is `indent`.
    fn block(&mut self, indent: usize) -> Option<Node> {
        let line = self.peek()?;
        debug_assert_eq!(line.indent, indent);
        if line.is_item() {
            self.seq(indent, false)
        } else {
            self.map(indent)
        }
    }

    /// `read` one level deeper. Near [`MAX_DEPTH`] the reader declines, and the full
    /// parser reports the level that is too deep.
    fn deeper(&mut self, read: impl FnOnce(&mut Self) -> Option<Node>) -> Option<Node> {
        if self.depth + 1 >= MAX_DEPTH {
            return None;
        }
        self.depth += 1;
        let node = read(self);
        self.depth -= 1;
        node
    }

    /// A block mapping whose keys stand at `indent`.
    fn map(&mut self, indent: usize) -> Option<Node> {
        self.deeper(|r| r.map_pairs(indent))
    }

    fn map_pairs(&mut self, indent: usize) -> Option<Node> {
        let mut pairs = Vec::new();
        while let Some(line) = self.peek() {
            if line.indent < indent {
                break;
            }
            if line.indent > indent || line.is_item() {
                return None;
            }
            let (key, rest) = key(&line)?;
            self.i += 1;
            let value = match rest {
                Some(at) => self.value(&line, at, indent)?,
                None => self.nested(indent)?,
            };
            pairs.push((key, value));
        }
        let pos = pairs.first()?.0.pos;
        Some(Node { pos, value: Value::Map(pairs) })
    }

    /// The value of a key (or item) whose line ended after it: a block on the lines
    /// below, or nothing. A sequence may stand at the key's own indent.
    fn nested(&mut self, indent: usize) -> Option<Node> {
        let next = self.peek()?; // a missing value at the end of the file: let the parser place it
        if next.indent > indent {
            self.block(next.indent)
        } else if next.indent == indent && next.is_item() {
            self.seq(indent, true)
        } else {
            let pos = Pos { line: next.no, col: next.indent + 1 };
            Some(Node { pos, value: Value::Scalar { text: String::new(), quoted: false } })
        }
    }

    /// After a one-line value: the next line must not be indented deeper than the key.
    fn no_continuation(&self, indent: usize) -> Option<()> {
        match self.peek() {
            Some(next) if next.indent > indent => None,
            _ => Some(()),
        }
    }

    /// A block sequence whose `-` stand at `indent`. An indentless one (at its key's
    /// indent) starts where its first item does, an indented one at its first `-`.
    fn seq(&mut self, indent: usize, indentless: bool) -> Option<Node> {
        self.deeper(|r| r.seq_items(indent, indentless))
    }

    fn seq_items(&mut self, indent: usize, indentless: bool) -> Option<Node> {
        let first = self.peek()?;
        let mut items = Vec::new();
        while let Some(line) = self.peek() {
            if line.indent < indent || (line.indent == indent && !line.is_item()) {
                break;
            }
            if line.indent > indent {
                return None;
            }
            items.push(self.item(line)?);
        }
        // The parser places an indentless sequence at the first token after its first `-`:
        // the first item's node, except for a literal block, whose node is on the next line.
        items.first()?;
        let pos = if indentless {
            first.pos(first.text.len() - first.text[1..].trim_start_matches(' ').len())
        } else {
            first.pos(0)
        };
        Some(Node { pos, value: Value::Seq(items) })
    }

    /// One `- …` item; the current line is `line`.
    fn item(&mut self, line: Line<'a>) -> Option<Node> {
        let after = &line.text[1..];
        let content = after.trim_start_matches(' ');
        if content.is_empty() || content.starts_with('#') || content.starts_with('-') || content.starts_with('?') {
            return None; // empty items and nested compact forms: left to the parser
        }
        let at = line.text.len() - content.len();
        let inner = Line { no: line.no, indent: line.indent + at, text: content };
        if key(&inner).is_some() {
            // `- key: value` opens a mapping whose keys stand where this key does.
            self.lines[self.i] = inner;
            return self.map(inner.indent);
        }
        self.i += 1;
        self.value(&line, at, line.indent)
    }

    /// The value at byte `at` of `line`, the line after it already passed, for a key or
    /// `-` at `indent`: a literal block scalar or a one-line value.
    fn value(&mut self, line: &Line<'a>, at: usize, indent: usize) -> Option<Node> {
        let v = match &line.text[at..] {
            "|" => self.literal(line, indent, true)?,
            "|-" => self.literal(line, indent, false)?,
            _ => inline(line, at)?,
        };
        self.no_continuation(indent)?;
        Some(v)
    }

    /// A literal block scalar under `line`, whose key or `-` stands at `indent`; `clip`
    /// keeps one final line break, otherwise none is kept. Its lines are those indented
    /// like its first one, and blank lines between them.
    fn literal(&mut self, line: &Line<'a>, indent: usize, clip: bool) -> Option<Node> {
        let start = line.no; // the raw index of the line below `line`
        let first = *self.raw.get(start)?;
        let body = first.trim_start_matches(' ');
        let depth = first.len() - body.len();
        if body.is_empty() || depth <= indent {
            return None; // leading blank lines and empty scalars: left to the parser
        }
        let mut end = start;
        while let Some(r) = self.raw.get(end) {
            let blank = r.bytes().all(|b| b == b' ');
            if blank && r.len() > depth {
                return None; // spaces kept as content: left to the parser
            }
            if !blank && !r.starts_with(&first[..depth]) {
                break;
            }
            end += 1;
        }
        let last = self.raw[..end].iter().rposition(|r| !r.is_empty() && r.len() > depth)?;
        if end == self.raw.len() && !self.raw[end - 1].is_empty() {
            return None; // no line break at the end of the file: left to the parser
        }
        let mut text = String::new();
        for (k, r) in self.raw[start..=last].iter().enumerate() {
            if k > 0 {
                text.push('\n');
            }
            text.push_str(r.get(depth..).unwrap_or(""));
        }
        if clip {
            text.push('\n');
        }
        while self.peek().is_some_and(|l| l.no <= end) {
            self.i += 1;
        }
        let pos = Pos { line: start + 1, col: depth + 1 };
        Some(Node { pos, value: Value::Scalar { text, quoted: true } })
    }
}

/// The full parser refuses an implicit key longer than 1,024 characters (as YAML 1.2,
/// §7.4, says); the fast reader leaves every key of more than this many bytes to it.
const MAX_KEY_BYTES: usize = 1000;

/// The key of a `key: value` line and where its value starts (`None`: the line ends
/// after the colon). `None` overall when the line is not a plain `key:` line.
fn key(line: &Line<'_>) -> Option<(Node, Option<usize>)> {
    let t = line.text;
    let colon = find2(t, b": ").or_else(|| t.ends_with(':').then(|| t.len() - 1))?;
    let name = &t[..colon];
    if name.is_empty() || name.len() > MAX_KEY_BYTES || !plain_ok(name, false) || name.ends_with(' ') {
        return None;
    }
    let node = Node { pos: line.pos(0), value: Value::Scalar { text: name.to_string(), quoted: false } };
    let rest = t[colon + 1..].trim_start_matches(' ');
    if rest.is_empty() || rest.starts_with('#') {
        return Some((node, None));
    }
    Some((node, Some(t.len() - rest.len())))
}

/// Where the two ASCII bytes `pair` first stand in `s`. For the short texts of a board
/// file a plain scan beats `str::find`, which prepares a substring searcher on every call.
fn find2(s: &str, pair: &[u8; 2]) -> Option<usize> {
    s.as_bytes().windows(2).position(|w| w == pair)
}

/// Can `s` be a whole plain scalar (block or flow context) as written?
fn plain_ok(s: &str, flow: bool) -> bool {
    let b = s.as_bytes();
    let first_ok = match b[0] {
        b'-' | b'?' | b':' => b.len() > 1 && b[1] != b' ' && !(flow && b"[]{},".contains(&b[1])),
        c => !b"[]{},#&*!|>'\"%@`".contains(&c),
    };
    first_ok
        && !s.as_bytes().windows(2).any(|w| w == b": " || w == b" #")
        && !s.ends_with(':')
        && !(flow && (s.contains(['[', ']', '{', '}', ',', ':']) || s.ends_with(['-', '?'])))
}

/// A one-line value starting at byte `at` of `line` that must end the line (bar a comment).
fn inline(line: &Line<'_>, at: usize) -> Option<Node> {
    let t = &line.text[at..];
    let (node, used) = match t.as_bytes()[0] {
        b'{' | b'[' => flow(line, at)?,
        b'"' | b'\'' => quoted(line, at)?,
        _ => {
            let end = find2(t, b" #").unwrap_or(t.len());
            let text = t[..end].trim_end_matches(' ');
            if !plain_ok(text, false) {
                return None;
            }
            (Node { pos: line.pos(at), value: Value::Scalar { text: text.to_string(), quoted: false } }, end)
        }
    };
    let rest = t[used..].trim_start_matches(' ');
    (rest.is_empty() || (rest.starts_with('#') && rest.len() < t.len() - used)).then_some(node)
}

/// A quoted scalar at byte `at`, and how many bytes it takes. Escapes (`\` in double
/// quotes) are left to the parser; `''` in single quotes is one `'`.
fn quoted(line: &Line<'_>, at: usize) -> Option<(Node, usize)> {
    let t = &line.text[at..];
    let q = t.as_bytes()[0];
    let mut text = String::new();
    let mut k = 1;
    loop {
        let rel = t[k..].find(q as char)?;
        let chunk = &t[k..k + rel];
        if q == b'"' && chunk.contains('\\') {
            return None;
        }
        text.push_str(chunk);
        k += rel + 1;
        if q == b'\'' && t.as_bytes().get(k) == Some(&b'\'') {
            text.push('\'');
            k += 1;
            continue;
        }
        break;
    }
    Some((Node { pos: line.pos(at), value: Value::Scalar { text, quoted: true } }, k))
}

/// A one-line flow mapping or sequence at byte `at`, and how many bytes it takes.
fn flow(line: &Line<'_>, at: usize) -> Option<(Node, usize)> {
    let t = &line.text[at..];
    let is_map = t.starts_with('{');
    let close = if is_map { b'}' } else { b']' };
    let b = t.as_bytes();
    let mut k = skip_spaces(t, 1);
    let mut pairs = Vec::new();
    let mut items = Vec::new();
    if b.get(k) == Some(&close) {
        k += 1;
    } else {
        loop {
            let (first, used) = flow_scalar(line, at + k)?;
            k = skip_spaces(t, k + used);
            if is_map {
                if used > MAX_KEY_BYTES || b.get(k) != Some(&b':') || !matches!(b.get(k + 1), Some(b' ')) {
                    return None;
                }
                k = skip_spaces(t, k + 1);
                let (value, used) = flow_scalar(line, at + k)?;
                k = skip_spaces(t, k + used);
                pairs.push((first, value));
            } else {
                items.push(first);
            }
            match b.get(k) {
                Some(b',') => k = skip_spaces(t, k + 1),
                Some(&c) if c == close => {
                    k += 1;
                    break;
                }
                _ => return None,
            }
            if b.get(k) == Some(&close) {
                return None; // a trailing comma: left to the parser
            }
        }
    }
    let value = if is_map { Value::Map(pairs) } else { Value::Seq(items) };
    Some((Node { pos: line.pos(at), value }, k))
}

/// A key or value inside a flow collection at byte `at`: quoted, or plain up to the
/// next `,`, `:`, `]` or `}`.
fn flow_scalar(line: &Line<'_>, at: usize) -> Option<(Node, usize)> {
    let t = &line.text[at..];
    match t.as_bytes().first()? {
        b'"' | b'\'' => quoted(line, at),
        _ => {
            let end = t.find([',', ':', ']', '}']).unwrap_or(t.len());
            let text = t[..end].trim_end_matches(' ');
            if text.is_empty() || !plain_ok(text, true) {
                return None;
            }
            Some((
                Node { pos: line.pos(at), value: Value::Scalar { text: text.to_string(), quoted: false } },
                text.len(),
            ))
        }
    }
}

fn skip_spaces(t: &str, from: usize) -> usize {
    from + t.get(from..).map_or(0, |r| r.len() - r.trim_start_matches(' ').len())
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::super::parse_fully;
    use super::*;

    /// Every YAML file of the demo board and the test fixtures.
    fn corpus() -> Vec<(String, String)> {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut out = Vec::new();
        for dir in ["content", "tests", "src/init"] {
            for e in walkdir::WalkDir::new(root.join(dir)).sort_by_file_name() {
                let e = e.unwrap();
                let p = e.path();
                if p.extension().is_some_and(|x| x == "yaml" || x == "yml") {
                    let rel = p.strip_prefix(root).unwrap().to_string_lossy().replace('\\', "/");
                    out.push((rel, std::fs::read_to_string(p).unwrap_or_default()));
                }
            }
        }
        out
    }

    /// The fast reader either declines or agrees with the full parser, positions included.
    fn agrees(src: &str) -> bool {
        match parse(src) {
            None => false,
            Some(node) => {
                assert_eq!(parse_fully(src), Ok(Some(node)), "fast reader differs on {src:?}");
                true
            }
        }
    }

    #[test]
    fn agrees_with_the_parser_on_every_board_file() {
        let files = corpus();
        assert!(files.len() > 45, "{} files", files.len());
        for (_, text) in &files {
            agrees(text);
        }
        let demo: Vec<_> = files.iter().filter(|(p, _)| p.starts_with("content/projects/")).collect();
        assert!(demo.len() >= 40);
        for (path, text) in demo {
            assert!(parse(text).is_some(), "the demo's {path} should be read by the fast reader");
        }
    }

    #[test]
    fn reads_the_plain_style_the_way_the_parser_does() {
        let docs = [
            "a: 1\nb:\n  c: x\n  d: \"q\"\ne:\n- 1\n- 'it''s'\nf: { a: 1, b: \"x\" }\ng: [a, 'b']\nh: {}\ni: []\n",
            "# head\nname: 项目 # note\nlist:\n  - { name: 试生产, due: 2026-10-31 }\n\n  - month: 2026-01\n    note: 完成 50%\n\n",
            "a:\nb:\n  - k:\n    l: 2\nc: ~\n",
            "- a\n- b: 1\n  c: 2\n- { x: y }\n",
            "k: -5\nl: a:b\nm: C#\nn: \"a # b\"\no: 中文, 逗号\n",
            "p:\n  - 1\n  - 2\nq: 3\n",
            "d: |\n  line one  \n\n  # not a comment\n    deeper\n\nb: |-\n  x\n\n\nc: |\n  y\n",
            "- |\n  z\n- 2\n",
        ];
        for d in docs {
            assert!(agrees(d), "the fast reader should take:\n{d}");
        }
    }

    #[test]
    fn splits_lines_as_split_does() {
        for src in ["", "a", "a\n", "\n\n", "a\nb: 中\n\nc"] {
            assert_eq!(split_lines(src), src.split('\n').collect::<Vec<_>>(), "{src:?}");
        }
    }

    #[test]
    fn finds_unusual_characters_anywhere_in_a_block_of_sixteen() {
        for at in 0..40 {
            let pad = "a".repeat(at);
            for odd in ["\t", "\r", "\u{7f}", "\u{85}", "\u{feff}", "\u{fffe}"] {
                assert!(has_unusual_characters(&format!("{pad}{odd}b: c\n")), "{odd:?} at {at}");
            }
            // Fullwidth punctuation starts with 0xEF too, and C2 A0 with 0xC2: not unusual.
            assert!(!has_unusual_characters(&format!("{pad}名称：（一期）\u{a0}\n")), "at {at}");
        }
    }

    #[test]
    fn leaves_everything_else_to_the_parser() {
        let docs = [
            "a: &x 1\nb: *x\n",
            "a: !!str 1\n",
            "a: >\n  text\n",
            "a: |+\n  text\n",
            "a: |2\n  text\n",
            "a: |\n\n  text\n",
            "a: |\n  text",
            "a: plain\n  continued\n",
            "a: \"esc\\n\"\n",
            "a: \"two\n  lines\"\n",
            "a:\tb\n",
            "---\na: 1\n",
            "a: 1\r\n",
            "a: [1, [2]]\n",
            "a: { b: 1,\n  c: 2 }\n",
            "? a\n: b\n",
            "a: b: c\n",
            "a:\n",
            "  a: 1\n",
            "",
            "a: 1\n b: 2\n",
            "- \n- a\n",
            "\"q\": 1\n",
        ];
        for d in docs {
            assert!(parse(d).is_none(), "the fast reader should leave this to the parser:\n{d}");
        }
        // Keys past the parser's 1,024 characters, block and flow, plain and in an item.
        let long = "k".repeat(1100);
        for (d, refused) in
            [(format!("{long}: 1\n"), true), (format!("- {long}: 1\n"), true), (format!("a: {{{long}: 1}}\n"), false)]
        {
            assert!(parse(&d).is_none(), "a 1,100-character key should be left to the parser:\n{d}");
            assert_eq!(super::super::parse_fully(&d).is_err(), refused, "{d}");
        }
        assert!(parse(&format!("{}: 1\n", "k".repeat(MAX_KEY_BYTES))).is_some());
    }

    /// Found by the fuzz harness: an indentless sequence whose first item is a literal
    /// block stands where the `|` does, not where the block's text starts.
    #[test]
    fn an_indentless_sequence_starting_with_a_literal_is_placed_at_its_bar() {
        for d in ["k:\n- |\n  a\n", "k:\n-   |\n    a\n- b\n", "k:\n- a\n- |\n  b\n", "k:\n- x: 1\n"] {
            assert!(agrees(d), "{d:?}");
        }
    }

    /// Small random edits of board files: wherever the fast reader answers, the parser
    /// answers the same. `GUATU_YAML_FUZZ=<n>` runs n cases instead of 4,000, and
    /// `GUATU_YAML_FUZZ_SEED=<u64>` other ones.
    #[test]
    fn edited_board_files_still_agree() {
        let files = corpus();
        let cases: usize = std::env::var("GUATU_YAML_FUZZ").ok().and_then(|v| v.parse().ok()).unwrap_or(4000);
        let alphabet: Vec<char> = " :-#\"'{}[],\n&*!|>?%@`\\\t~.0a中\u{85}\u{feff}\r".chars().collect();
        let mut seed =
            std::env::var("GUATU_YAML_FUZZ_SEED").ok().and_then(|v| v.parse().ok()).unwrap_or(0x9E37_79B9_7F4A_7C15u64);
        let mut rand = |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n.max(1) as u64) as usize
        };
        let mut taken = 0;
        for _ in 0..cases {
            let text = &files[rand(files.len())].1;
            let lines: Vec<&str> = text.lines().collect();
            let start = rand(lines.len());
            let window = &lines[start..(start + 1 + rand(12)).min(lines.len())];
            let indent = window[0].len() - window[0].trim_start_matches(' ').len();
            let dedented =
                window.iter().map(|l| l.get(indent..).filter(|_| l.starts_with(&window[0][..indent])).unwrap_or(l));
            let mut doc: Vec<char> = dedented.collect::<Vec<_>>().join("\n").chars().collect();
            doc.push('\n');
            for _ in 0..rand(4) {
                let at = rand(doc.len() + 1);
                match rand(4) {
                    0 if at < doc.len() => {
                        doc.remove(at);
                    }
                    1 => doc.insert(at, ' '),
                    _ => doc.insert(at, alphabet[rand(alphabet.len())]),
                }
            }
            let doc: String = doc.into_iter().collect();
            taken += usize::from(agrees(&doc));
        }
        eprintln!("the fast reader took {taken} of {cases} edited files");
        assert!(taken > cases / 10, "the fast reader took only {taken} of {cases} cases");
    }
}
