//! `guatu import` and the open-data writers against hostile or unlucky inputs: bounded
//! memory, neutralised cells, escapes that survive a round trip, linear time and
//! all-or-nothing writes.

use std::fs;
use std::io::Write as _;

use rust_xlsxwriter::Workbook;

use crate::board_test::{tree, BoardTest, Run};

/// Runs `guatu <args> --root <root>` with at most 4 GB of address space and 120 s, so
/// that a regression cannot take the machine down.
fn run_guarded(b: &BoardTest, args: &[&str]) -> Run {
    b.run_guarded(args, 120)
}

/// Imports `name` from the board root under the guard.
fn import(b: &BoardTest, name: &str) -> Run {
    run_guarded(b, &["import", b.path(name).to_str().unwrap()])
}

/// A ledger of the minimal board's 甲项目 with 本月 investment, as a workbook.
fn small_ledger(extra: impl FnOnce(&mut rust_xlsxwriter::Worksheet)) -> Vec<u8> {
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name("台账").unwrap();
    for (c, h) in (0u16..).zip(["序号", "项目名称", "所属镇街", "本月完成投资（万元）"]) {
        ws.write_string(0, c, h).unwrap();
    }
    ws.write_number(1, 0, 1.0).unwrap();
    ws.write_string(1, 1, "甲项目").unwrap();
    ws.write_string(1, 2, "金谷园街道").unwrap();
    ws.write_number(1, 3, 10.0).unwrap();
    extra(ws);
    book.save_to_buffer().unwrap()
}

#[test]
fn a_stray_cell_at_xfd1048576_is_refused_before_the_sheet_is_built() {
    let b = BoardTest::fixture("minimal");
    let before = tree(&b.path("content"));
    let bytes = small_ledger(|ws| {
        ws.write_string(1_048_575, 16_383, "x").unwrap();
    });
    assert!(bytes.len() < 20_000);
    fs::write(b.path("台账-2026-07.xlsx"), bytes).unwrap();
    let r = import(&b, "台账-2026-07.xlsx");
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr.contains(
            "台账-2026-07.xlsx: sheet 「台账」 spans A1:XFD1048576 (17 179 869 184 cells); at most 5 000 000 cells are read"
        ),
        "{}",
        r.stderr
    );
    assert_eq!(tree(&b.path("content")), before);
}

/// `base` with its part `name` replaced by `size` bytes of one repeated letter in a
/// shared string, deflated (about 1 KB of zip per MB).
fn with_huge_shared_string(base: &[u8], size: usize) -> Vec<u8> {
    let mut src = zip::ZipArchive::new(std::io::Cursor::new(base)).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated).large_file(true);
    for i in 0..src.len() {
        let name = src.by_index(i).unwrap().name().unwrap().into_owned();
        if name == "xl/sharedStrings.xml" {
            out.start_file(name, opts).unwrap();
            out.write_all(b"<?xml version=\"1.0\" encoding=\"UTF-8\"?><sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" count=\"1\" uniqueCount=\"1\"><si><t>").unwrap();
            let chunk = vec![b'a'; 1 << 20];
            for _ in 0..size >> 20 {
                out.write_all(&chunk).unwrap();
            }
            out.write_all(b"</t></si></sst>").unwrap();
        } else {
            out.raw_copy_file(src.by_index_raw(i).unwrap()).unwrap();
        }
    }
    out.finish().unwrap().into_inner()
}

#[test]
fn a_zip_bomb_is_refused_by_the_size_its_parts_unpack_to() {
    let b = BoardTest::fixture("minimal");
    let before = tree(&b.path("content"));
    let bomb = with_huge_shared_string(&small_ledger(|_| {}), 1536 << 20);
    assert!(bomb.len() < 4 << 20, "{}", bomb.len());
    fs::write(b.path("台账-2026-07.xlsx"), bomb).unwrap();
    let r = import(&b, "台账-2026-07.xlsx");
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr.contains(
            "台账-2026-07.xlsx: workbook part xl/sharedStrings.xml unpacks to 1.5 GB; at most 256 MB are read"
        ),
        "{}",
        r.stderr
    );
    assert_eq!(tree(&b.path("content")), before);
}

#[test]
fn csv_cells_starting_with_tab_or_cr_are_neutralised_like_formulas() {
    let b = BoardTest::fixture("minimal");
    let alpha = fs::read_to_string(b.path("content/projects/alpha.yaml")).unwrap();
    let beta = fs::read_to_string(b.path("content/projects/beta.yaml")).unwrap();
    let b = b
        .file("content/projects/alpha.yaml", &alpha.replacen("name: 甲项目", "name: \"\\t=1+1甲\"", 1))
        .file("content/projects/beta.yaml", &beta.replacen("name: 乙项目", "name: \"\\r=2+2乙\"", 1));
    b.build_ok(&[]);
    let csv = b.read("data/projects.csv");
    assert!(csv.contains(",'\t=1+1甲,"), "{csv}");
    assert!(csv.contains(",\"'\r=2+2乙\","), "{csv}");
    assert!(!csv.contains(",\t=1+1"), "{csv}");
}

/// A July ledger that adds an entry to 甲项目 and creates 戊项目 (`wu.yaml`).
const JULY_CSV: &str = "XX区2026年重点项目推进台账\r
序号,项目名称,所属区域,分包领导,责任单位,完成时限,本月完成投资,形象进度,本月进展\r
1,甲项目,金谷园街道,张三,区发改委,2027-06-30,\"1,050\",0.7,\"设备进场,调试\"\r
2,戊项目,金谷园,赵六,区商务局,2026年12月,20,0.1,签约落地\r
";

/// The minimal board without category and level lists (so a new project needs neither).
fn minimal_without_lists() -> BoardTest {
    let site = fs::read_to_string(crate::board_test::fixtures().join("minimal/content/site.yaml")).unwrap();
    let site: Vec<&str> = site.lines().filter(|l| !l.starts_with("categories:") && !l.starts_with("levels:")).collect();
    BoardTest::fixture("minimal").file("content/site.yaml", &site.join("\n"))
}

#[test]
fn an_import_that_cannot_write_one_file_changes_none_and_leaves_no_temp_file() {
    let b = minimal_without_lists();
    fs::write(b.path("台账-2026-07.csv"), JULY_CSV).unwrap();
    // The ledger imports cleanly on a copy of the board.
    let ok = minimal_without_lists();
    fs::write(ok.path("台账-2026-07.csv"), JULY_CSV).unwrap();
    let r = import(&ok, "台账-2026-07.csv");
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.contains("1 new project, 1 entry added"), "{}", r.stderr);
    // Here the new project's file cannot be written: its path is taken by a folder.
    fs::create_dir_all(b.path("content/projects/wu.yaml/keep")).unwrap();
    let before = tree(&b.path("content"));
    let r = import(&b, "台账-2026-07.csv");
    assert_ne!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.contains("nothing was written"), "{}", r.stderr);
    assert_eq!(tree(&b.path("content")), before, "{}", r.stderr);
    let names: Vec<String> = fs::read_dir(b.path("content/projects"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(!names.iter().any(|n| n.contains(".import-")), "{names:?}");
}

/// A CSV ledger of `n` new projects.
fn many_rows(n: usize) -> String {
    let mut csv = String::from("序号,项目名称,所属区域,分包领导,责任单位,完成时限,本月完成投资,形象进度,本月进展\n");
    for i in 0..n {
        csv.push_str(&format!("{},项目{i:06}号,金谷园,赵六,区商务局,2026年12月,20,0.1,签约落地\n", i + 1));
    }
    csv
}

#[test]
fn a_csv_import_takes_time_in_proportion_to_its_rows() {
    let seconds = |n: usize| {
        let b = minimal_without_lists();
        fs::write(b.path("台账-2026-07.csv"), many_rows(n)).unwrap();
        let start = std::time::Instant::now();
        let r = run_guarded(&b, &["import", b.path("台账-2026-07.csv").to_str().unwrap(), "--dry-run"]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        assert!(r.stderr.contains(&format!("{n} new projects")), "{}", r.stderr);
        start.elapsed().as_secs_f64()
    };
    // Four times the rows: linear work takes at most 4 times as long, the quadratic
    // import this guards against took 11 times as long (10 000 rows 1.6 s, 40 000
    // rows 18 s, debug). The best of two runs each, taken in turn, keeps a busy
    // machine from deciding the outcome; the limit of 7 leaves room for noise.
    let (mut small, mut large) = (f64::MAX, f64::MAX);
    for _ in 0..2 {
        small = small.min(seconds(10_000));
        large = large.min(seconds(40_000));
    }
    eprintln!("10 000 rows: {small:.2} s, 40 000 rows: {large:.2} s");
    assert!(large / small < 7.0, "10 000 rows took {small:.2} s, 40 000 rows {large:.2} s: not linear");
}

/// A ledger whose 甲项目 row has `note` as its 本月进展.
fn ledger_with_note(note: &str) -> Vec<u8> {
    small_ledger(|ws| {
        ws.write_string(0, 4, "本月进展").unwrap();
        ws.write_string(1, 4, note).unwrap();
    })
}

#[test]
fn workbook_text_keeps_a_literal_x0041_and_refuses_control_characters_at_their_cell() {
    let b = BoardTest::fixture("minimal");
    fs::write(b.path("台账-2026-07.xlsx"), ledger_with_note("见_x0041_号文")).unwrap();
    let r = import(&b, "台账-2026-07.xlsx");
    assert_eq!(r.code, 0, "{}", r.stderr);
    let alpha = fs::read_to_string(b.path("content/projects/alpha.yaml")).unwrap();
    assert!(alpha.contains("note: 见_x0041_号文\n"), "{alpha}");

    let b = BoardTest::fixture("minimal");
    let before = tree(&b.path("content"));
    fs::write(b.path("台账-2026-07.xlsx"), ledger_with_note("设备\u{1b}进场")).unwrap();
    let r = import(&b, "台账-2026-07.xlsx");
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr.contains("台账-2026-07.xlsx: sheet 「台账」 cell E2: the text holds the control character U+001B"),
        "{}",
        r.stderr
    );
    assert_eq!(tree(&b.path("content")), before);
}
