//! A fuzz harness that runs on stable Rust for a bounded time: it mutates real board
//! files and real ledgers and feeds them to the YAML loader, the validator (with the
//! metrics of the board it accepts) and the importer's workbook and CSV reader.
//!
//! A case fails when the code panics, when a diagnostic points outside its file, or
//! when one case takes longer than [`SLOW`]. A crash that cannot be caught (a stack
//! overflow, an abort) still leaves the input: every case is written to
//! `<target>/tmp/fuzz/<target>-current` before it runs, and each failing case to
//! `<target>/tmp/fuzz/findings/`.
//!
//! `GUATU_FUZZ_SECS` sets the time per target (default 5), `GUATU_FUZZ_SEED` the seed
//! (default fixed, so a CI run repeats the last one and a longer run explores on):
//! `GUATU_FUZZ_SECS=600 GUATU_FUZZ_SEED=7 cargo test --release --test fuzz -- --nocapture`.
#![allow(clippy::case_sensitive_file_extension_comparisons)] // the names compared are the build's own

use std::fs;
use std::io::{Read, Write};
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use guatu::content::{self, RawContent};
use guatu::import::{self, Request};
use guatu::{metrics, validate, yaml};

/// A case slower than this is a finding (debug builds are ~10× slower than release).
const SLOW: Duration = Duration::from_secs(if cfg!(debug_assertions) { 20 } else { 2 });

/// At most this much address space for the whole harness, so that an input which makes
/// the code reserve memory without bound fails the case instead of the machine.
const MEMORY_LIMIT: u64 = 6 << 30;

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn work_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("fuzz");
    fs::create_dir_all(dir.join("findings")).unwrap();
    dir
}

fn settings() -> (Duration, u64) {
    let secs = std::env::var("GUATU_FUZZ_SECS").ok().and_then(|s| s.parse().ok()).unwrap_or(5.0);
    let seed = std::env::var("GUATU_FUZZ_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or(20_261_207);
    (Duration::from_secs_f64(secs), seed)
}

fn limit_memory() {
    let limit = rustix::process::Rlimit { current: Some(MEMORY_LIMIT), maximum: Some(MEMORY_LIMIT) };
    let _ = rustix::process::setrlimit(rustix::process::Resource::As, limit);
}

/// Runs `case` on fresh inputs until the time is up; fails the test with every finding.
fn fuzz(
    name: &str,
    ext: &str,
    mut input: impl FnMut(&mut fastrand::Rng) -> Vec<u8>,
    case: impl Fn(&[u8]) -> Result<(), String>,
) {
    limit_memory();
    let (budget, seed) = settings();
    let dir = work_dir();
    let current = dir.join(format!("{name}-current.{ext}"));
    let mut rng = fastrand::Rng::with_seed(seed);
    let (start, mut runs, mut findings) = (Instant::now(), 0u64, Vec::new());
    while start.elapsed() < budget {
        let bytes = input(&mut rng);
        fs::write(&current, &bytes).unwrap();
        let t = Instant::now();
        let outcome = panic::catch_unwind(AssertUnwindSafe(|| case(&bytes))).unwrap_or_else(|p| Err(panic_text(&p)));
        let outcome = outcome.and_then(|()| match t.elapsed() {
            d if d > SLOW => Err(format!("slow: one case took {d:?}")),
            _ => Ok(()),
        });
        runs += 1;
        if let Err(why) = outcome {
            let path = dir.join("findings").join(format!("{name}-{}.{ext}", blake3::hash(&bytes).to_hex()));
            fs::write(&path, &bytes).unwrap();
            findings.push(format!("{}: {why}", path.display()));
        }
    }
    eprintln!("fuzz {name}: {runs} executions in {:.0?}, {} findings (seed {seed})", start.elapsed(), findings.len());
    assert!(findings.is_empty(), "fuzz {name} found:\n{}", findings.join("\n"));
}

fn panic_text(p: &Box<dyn std::any::Any + Send>) -> String {
    let text =
        p.downcast_ref::<String>().cloned().or_else(|| p.downcast_ref::<&str>().map(std::string::ToString::to_string));
    format!("panic: {}", text.unwrap_or_default())
}

// ---------------------------------------------------------------- mutation

/// Pieces that YAML, the board's fields and hostile input are made of.
const YAML_TOKENS: &[&str] = &[
    ": ",
    "- ",
    "\n",
    "  ",
    "    ",
    "\t",
    "#",
    "'",
    "\"",
    "|",
    "|-",
    ">",
    "&a ",
    "*a",
    "<<: *a",
    "!!str ",
    "!!int ",
    "{",
    "}",
    "[",
    "]",
    ",",
    "? ",
    "---\n",
    "...\n",
    "\u{0}",
    "\u{1b}",
    "\u{7f}",
    "\u{feff}",
    "\u{fffe}",
    "\u{2028}",
    "\r",
    "\r\n",
    "9999-12",
    "0000-01",
    "1899-12",
    "2100-12",
    "2024-13",
    "2024-02-30",
    "99999999999999999999",
    "900000000000000",
    "1e308",
    "-0",
    "0.00001",
    "-1",
    "NaN",
    ".inf",
    "~",
    "null",
    "true",
    "yes",
    "0x1F",
    "0o17",
    "1_000",
    "<script>alert(1)</script>",
    "../",
    "../../etc/passwd",
    "media/../../x.jpg",
    "中文",
    "万元",
    "%",
    "_x0041_",
    "entries:",
    "month: ",
    "invested: ",
    "ytd_invested: ",
    "percent: ",
    "status: ",
    "annual_plan: ",
    "total_investment: ",
    "deadline: ",
    "start: ",
    "photos:",
    "- path: ",
    "district: ",
    "leader: ",
    "unit: ",
    "physical_progress: ",
    "prior_invested: ",
    "as_of: ",
    "id: ",
    "name: ",
    "stage: ",
];

fn utf8_corpus(dirs: &[&str], ext: &str) -> Vec<String> {
    let mut out = Vec::new();
    for d in dirs {
        for e in walkdir::WalkDir::new(repo().join(d)).sort_by_file_name() {
            let e = e.unwrap();
            if e.file_type().is_file() && e.path().extension().is_some_and(|x| x == ext) {
                if let Ok(text) = fs::read_to_string(e.path()) {
                    out.push(text);
                }
            }
        }
    }
    assert!(!out.is_empty(), "no .{ext} seeds");
    out
}

/// One to four edits of `text`: tokens in, ranges out, lines copied, moved, re-indented
/// or taken from another seed, numbers swapped, nesting deepened.
fn mutate_text(rng: &mut fastrand::Rng, text: &str, seeds: &[String], tokens: &[&str]) -> String {
    let mut s = text.to_string();
    for _ in 0..rng.usize(1..=4) {
        let at = char_boundary(&s, rng.usize(0..=s.len()));
        match rng.u8(0..9) {
            0 | 1 => s.insert_str(at, tokens[rng.usize(0..tokens.len())]),
            2 => {
                let end = char_boundary(&s, (at + rng.usize(0..40)).min(s.len()));
                s.replace_range(at..end, "");
            }
            3 => {
                let line = random_line(rng, &s);
                s.insert_str(line_start(&s, at), &format!("{line}\n"));
            }
            4 => {
                let other = &seeds[rng.usize(0..seeds.len())];
                let line = random_line(rng, other);
                s.insert_str(line_start(&s, at), &format!("{line}\n"));
            }
            5 => {
                let indent = " ".repeat(rng.usize(0..9));
                s.insert_str(line_start(&s, at), &indent);
            }
            6 => s = swap_number(rng, &s),
            7 => {
                // Deep nesting stays small: indented lines to 200 levels (their indentation
                // grows with the square of the depth), compact `- - -` or flow `[[[` beyond.
                let nest = match rng.u8(0..20) {
                    0 => format!("{}x\n", "- ".repeat(rng.usize(1..10_000))),
                    1 => {
                        let depth = rng.usize(1..10_000);
                        format!("{}{}\n", "[".repeat(depth), "]".repeat(depth))
                    }
                    _ => (0..rng.usize(1..200)).map(|i| format!("{}- \n", "  ".repeat(i))).collect(),
                };
                s.insert_str(line_start(&s, at), &nest);
            }
            _ => {
                let t = tokens[rng.usize(0..tokens.len())];
                s.insert_str(at, &t.repeat(rng.usize(2..64)));
            }
        }
    }
    s
}

fn char_boundary(s: &str, mut i: usize) -> usize {
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn line_start(s: &str, at: usize) -> usize {
    s[..at].rfind('\n').map_or(0, |i| i + 1)
}

fn random_line<'a>(rng: &mut fastrand::Rng, s: &'a str) -> &'a str {
    let lines: Vec<&str> = s.lines().collect();
    if lines.is_empty() {
        ""
    } else {
        lines[rng.usize(0..lines.len())]
    }
}

/// Replaces one run of digits with a number from the edges of what fields accept.
fn swap_number(rng: &mut fastrand::Rng, s: &str) -> String {
    const NUMBERS: &[&str] =
        &["0", "1", "12", "13", "100", "1900", "2100", "9999", "0.0001", "1e15", "18446744073709551616"];
    let starts: Vec<usize> = s.char_indices().filter(|(_, c)| c.is_ascii_digit()).map(|(i, _)| i).collect();
    let Some(&start) = starts.get(rng.usize(0..starts.len().max(1))) else { return s.to_string() };
    let end = s[start..].find(|c: char| !c.is_ascii_digit()).map_or(s.len(), |n| start + n);
    format!("{}{}{}", &s[..start], NUMBERS[rng.usize(0..NUMBERS.len())], &s[end..])
}

// ---------------------------------------------------------------- YAML

#[test]
fn yaml_loader_never_panics_and_locates_every_syntax_error_inside_its_file() {
    let seeds = utf8_corpus(&["content", "tests/fixtures", "src/init"], "yaml");
    let input = |rng: &mut fastrand::Rng| {
        let seed = &seeds[rng.usize(0..seeds.len())];
        mutate_text(rng, seed, &seeds, YAML_TOKENS).into_bytes()
    };
    fuzz("yaml", "yaml", input, |bytes| {
        let src = std::str::from_utf8(bytes).unwrap();
        match yaml::parse(src) {
            Err(e) if !inside(src, e.pos) => Err(format!("error outside the file at {:?}: {}", e.pos, e.message)),
            _ => Ok(()),
        }
    });
}

/// True when `pos` is on a line of `src` (or just past its end) and within that line.
/// Lines end as YAML (and editors) end them: at LF, CR LF or a lone CR.
fn inside(src: &str, pos: yaml::Pos) -> bool {
    let src = src.replace("\r\n", "\n").replace('\r', "\n");
    let lines: Vec<&str> = src.split('\n').collect();
    let width = |l: &str| l.chars().count() + 2;
    pos.line >= 1
        && pos.col >= 1
        && (pos.line <= lines.len() && pos.col <= width(lines[pos.line - 1])
            || pos.line == lines.len() + 1 && pos.col <= 2)
}

// ---------------------------------------------------------------- validation

#[test]
fn validator_never_panics_and_locates_every_problem_inside_its_file() {
    let demo = content::load(repo()).unwrap();
    let seeds: Vec<String> = demo.projects.iter().map(|s| s.text.clone()).collect();
    let site = demo.site.as_ref().unwrap().text.clone();
    let n = demo.projects.len();
    // The input is the changed file: a project (its index in the first byte) or site.yaml (index n).
    let input = |rng: &mut fastrand::Rng| {
        let i = if rng.u8(0..10) == 0 { n } else { rng.usize(0..n) };
        let text = if i == n { &site } else { &seeds[i] };
        let mut out = vec![i as u8];
        out.extend(mutate_text(rng, text, &seeds, YAML_TOKENS).into_bytes());
        out
    };
    fuzz("validate", "yaml", input, |bytes| {
        let mut raw: RawContent = demo.clone();
        let text = std::str::from_utf8(&bytes[1..]).unwrap().to_string();
        match raw.projects.get_mut(bytes[0] as usize) {
            Some(p) => p.text = text,
            None => raw.site.as_mut().unwrap().text = text,
        }
        let (board, diags) = validate::validate(&raw);
        for d in diags.sorted() {
            let src = raw.site.iter().chain(&raw.projects).find(|s| s.path == d.file);
            if src.is_some_and(|s| !inside(&s.text, d.pos)) {
                return Err(format!("{}:{}:{} is outside the file: {}", d.file, d.pos.line, d.pos.col, d.message));
            }
        }
        if let Some(board) = board {
            let groups = metrics::Membership::of(&board);
            if let Some(m) = metrics::report_month(&board, None) {
                metrics::summarize(&board, &groups, m);
            }
        }
        Ok(())
    });
}

// ---------------------------------------------------------------- importer

/// Pieces of the sheet XML and the words of ledger headers.
const SHEET_TOKENS: &[&str] = &[
    "<c r=\"A1\" t=\"s\"><v>0</v></c>",
    "<c r=\"XFD1048576\"><v>1</v></c>",
    "<v>1e308</v>",
    "<v>-1</v>",
    "<v>NaN</v>",
    "t=\"inlineStr\"",
    "<is><t>x</t></is>",
    "<mergeCell ref=\"A1:D3\"/>",
    "<mergeCell ref=\"B2:A1\"/>",
    "&amp;",
    "&#0;",
    "&#x1b;",
    "_x0041_",
    "<row r=\"1\">",
    "</row>",
    "<row r=\"1048576\">",
    "<dimension ref=\"A1:XFD1048576\"/>",
    "1-3月",
    "1-12月",
    "合计",
    "其中",
    "亿元",
    "万元",
    "本月",
    "累计",
    "年度计划",
    "形象进度",
    "项目名称",
    "序号",
    "2010年",
    "至2009年底",
    "建设起止时间",
    "2009-2011",
    "09.10-11.3",
    "★",
    "●",
    "<",
    ">",
    "\"",
    "=",
    "0",
    "9",
    ".",
    "-",
];

/// The parts of a workbook, in order, as (name, bytes).
fn unzip(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    (0..zip.len())
        .map(|i| {
            let mut f = zip.by_index(i).unwrap();
            let mut data = Vec::new();
            f.read_to_end(&mut data).unwrap();
            (f.name().unwrap().to_string(), data)
        })
        .collect()
}

fn rezip(parts: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, data) in parts {
        zip.start_file(name.as_str(), stored).unwrap();
        zip.write_all(data).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

/// A CSV ledger in the tiered layout, as offices save it from Excel.
const CSV_SEED: &str = "2010年重点项目1-3月进展情况表\n\
    序号,项目名称,建设单位,建设起止时间,总投资(万元),2010年计划投资(万元),1-3月完成投资(万元),形象进度\n\
    合计,2个,,,300000,268000,62500,\n\
    1,高速公路,福建武邵高速公路发展有限公司 张兆民,2009-2011,250000,240000,61000,路基完成75%\n\
    2,污水处理厂,市水务局,09.10-11.3,50000,28000,1500,主体完工\n";

#[test]
fn importer_never_panics_on_a_damaged_ledger() {
    let root = repo().join("tests/fixtures/ledger-board");
    let raw = content::load(&root).unwrap();
    let board = validate::validate(&raw).0.unwrap();
    let (mapping, _) = import::load_mapping(&root).unwrap();
    let books: Vec<Vec<(String, Vec<u8>)>> =
        ["nanping-2010-03-tiered", "zhangzhou-2010-07-detail", "county-platform-2022-04-export"]
            .iter()
            .map(|b| unzip(&fs::read(repo().join(format!("tests/fixtures/ledgers/{b}.xlsx"))).unwrap()))
            .collect();
    let xml_seeds: Vec<String> =
        books.iter().flatten().filter_map(|(_, d)| String::from_utf8(d.clone()).ok()).collect();
    let csv_seeds = vec![CSV_SEED.to_string()];
    let dir = work_dir();
    // The first byte says which: 0 a CSV file, else a workbook.
    let input = |rng: &mut fastrand::Rng| {
        if rng.u8(0..4) == 0 {
            let mut out = vec![0];
            out.extend(mutate_text(rng, CSV_SEED, &csv_seeds, SHEET_TOKENS).into_bytes());
            if rng.bool() {
                let i = rng.usize(1..out.len());
                out[i] = rng.u8(..);
            }
            return out;
        }
        let mut parts = books[rng.usize(0..books.len())].clone();
        let xml: Vec<usize> = (0..parts.len()).filter(|&i| parts[i].0.ends_with(".xml")).collect();
        for _ in 0..rng.usize(1..=2) {
            let i = xml[rng.usize(0..xml.len())];
            if let Ok(text) = std::str::from_utf8(&parts[i].1) {
                parts[i].1 = mutate_text(rng, text, &xml_seeds, SHEET_TOKENS).into_bytes();
            }
        }
        let mut out = vec![1];
        out.extend(rezip(&parts));
        out
    };
    fuzz("import", "bin", input, |bytes| {
        let path = dir.join(if bytes[0] == 0 { "case.csv" } else { "case.xlsx" });
        fs::write(&path, &bytes[1..]).unwrap();
        let req = Request { ledger: &path, month: None, sheet: None, update_details: false };
        let _ = import::prepare(&raw, &board, &mapping, &req);
        Ok(())
    });
}
