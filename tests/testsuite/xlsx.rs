//! The monthly report workbook (`guatu::render::report_xlsx::report_xlsx`), called as a
//! library on the minimal fixture and read back with calamine.
//!
//! As of 2026-06 (T = 6/12), computed by hand:
//! - 金谷园街道 (alpha + gamma): ytd 450 of plan 600 → 0.75, lag −25 points; rank 1
//!   (2026-05: 400 of 600, also rank 1 → change 0).
//! - 王城路街道 (beta): 80 of 400 → 0.2, lag 30 points; rank 2 (2026-05: 20 of 400 → 2).
//! - 空街道: no project → no rate; rank 3 both months.
//! - gamma (丙项目) is the only red project: not started 4 months after its planned start.
//! - alpha (甲项目) reports a problem for 2026-06.

use std::io::Cursor;

use calamine::{open_workbook_from_rs, Data, Range, Reader, Xlsx};
use serde_json::Value as Json;

use guatu::metrics::Summary;
use guatu::model::{Board, Lang};
use guatu::num::Month;
use guatu::render::report_xlsx::report_xlsx;
use guatu::view::Labels;

use crate::board_test::fixtures;

/// The minimal fixture's board, its figures up to `month` and the theme strings.
fn fixture(month: &str) -> (Board, Vec<Summary>, Json) {
    let root = fixtures().join("minimal");
    let raw = guatu::content::load(&root).unwrap();
    let (board, diags) = guatu::validate::validate(&raw);
    let board = board.unwrap_or_else(|| panic!("the fixture is valid: {diags:?}"));
    let history = guatu::cmd::build::compute(&board, Month::parse(month).unwrap());
    let strings = guatu::theme::load(&root, &board.site.theme, board.site.language).unwrap().strings;
    (board, history, strings)
}

/// The workbook as of the last month of `history`, compared with the month before.
fn workbook(board: &Board, history: &[Summary], strings: &Json, lang: Lang) -> Vec<u8> {
    let (s, prev) = history.split_last().unwrap();
    report_xlsx(board, s, prev.last(), &Labels::new(strings, lang)).unwrap()
}

fn open(bytes: Vec<u8>) -> Xlsx<Cursor<Vec<u8>>> {
    open_workbook_from_rs(Cursor::new(bytes)).expect("a readable xlsx")
}

fn sheet(book: &mut Xlsx<Cursor<Vec<u8>>>, name: &str) -> Range<Data> {
    book.worksheet_range(name).unwrap_or_else(|e| panic!("sheet {name}: {e}"))
}

/// The cell at 0-based `(row, col)` of the sheet.
fn cell(r: &Range<Data>, row: u32, col: u32) -> Data {
    r.get_value((row, col)).cloned().unwrap_or(Data::Empty)
}

fn text(r: &Range<Data>, row: u32, col: u32) -> String {
    match cell(r, row, col) {
        Data::String(s) => s,
        other => panic!("({row}, {col}) is not text: {other:?}"),
    }
}

fn num(r: &Range<Data>, row: u32, col: u32) -> f64 {
    match cell(r, row, col) {
        Data::Float(x) => x,
        Data::Int(n) => n as f64,
        other => panic!("({row}, {col}) is not a number: {other:?}"),
    }
}

fn close(x: f64, expected: f64) {
    assert!((x - expected).abs() < 1e-9, "{x} != {expected}");
}

fn blank(r: &Range<Data>, row: u32, col: u32) {
    assert_eq!(cell(r, row, col), Data::Empty, "({row}, {col}) should be blank");
}

fn headers(r: &Range<Data>) -> Vec<String> {
    (0..=r.end().unwrap().1).map(|c| text(r, 1, c)).collect()
}

#[test]
fn report_xlsx_has_four_chinese_sheets_with_title_and_headers() {
    let (board, history, strings) = fixture("2026-06");
    let mut book = open(workbook(&board, &history, &strings, board.site.language));
    assert_eq!(book.sheet_names(), ["街道排名", "责任单位排名", "黑榜", "问题清单"]);
    let d = sheet(&mut book, "街道排名");
    assert!(text(&d, 0, 0).starts_with("测试区重点项目建设进度公示 2026年6月 街道排名"), "{}", text(&d, 0, 0));
    assert_eq!(
        headers(&d),
        [
            "排名",
            "较上月",
            "街道",
            "项目数",
            "已开工",
            "年度计划(万元)",
            "年度完成(万元)",
            "完成率",
            "落后时序进度(百分点)",
            "红",
            "黄",
            "绿",
            "已竣工"
        ]
    );
    assert_eq!(text(&sheet(&mut book, "责任单位排名"), 1, 2), "责任单位");
    assert_eq!(
        headers(&sheet(&mut book, "黑榜")),
        ["序号", "项目名称", "所属街道", "分包领导", "责任单位", "完成率", "落后(百分点)", "原因"]
    );
    assert_eq!(
        headers(&sheet(&mut book, "问题清单")),
        ["序号", "项目名称", "所属街道", "责任单位", "分包领导", "存在问题", "下步打算"]
    );
}

#[test]
fn report_xlsx_district_ranking_holds_numbers_in_rank_order() {
    let (board, history, strings) = fixture("2026-06");
    let mut book = open(workbook(&board, &history, &strings, board.site.language));
    let d = sheet(&mut book, "街道排名");
    // Row 2: 金谷园街道.
    assert_eq!(text(&d, 2, 2), "金谷园街道");
    close(num(&d, 2, 0), 1.0);
    close(num(&d, 2, 1), 0.0);
    close(num(&d, 2, 3), 2.0);
    close(num(&d, 2, 4), 1.0);
    close(num(&d, 2, 5), 600.0);
    close(num(&d, 2, 6), 450.0);
    close(num(&d, 2, 7), 0.75);
    close(num(&d, 2, 8), -25.0);
    let counts: Vec<f64> = (9..13).map(|c| num(&d, 2, c)).collect();
    assert_eq!(counts, [1.0, 0.0, 1.0, 0.0], "red, yellow, green, done");
    // Row 3: 王城路街道.
    assert_eq!(text(&d, 3, 2), "王城路街道");
    close(num(&d, 3, 0), 2.0);
    close(num(&d, 3, 1), 0.0);
    close(num(&d, 3, 5), 400.0);
    close(num(&d, 3, 6), 80.0);
    close(num(&d, 3, 7), 0.2);
    close(num(&d, 3, 8), 30.0);
    // Row 4: 空街道, no rate and no lag.
    assert_eq!(text(&d, 4, 2), "空街道");
    close(num(&d, 4, 0), 3.0);
    close(num(&d, 4, 1), 0.0);
    close(num(&d, 4, 3), 0.0);
    close(num(&d, 4, 5), 0.0);
    blank(&d, 4, 7);
    blank(&d, 4, 8);
    assert_eq!(d.end().unwrap().0, 4, "three districts, nothing below");

    let u = sheet(&mut book, "责任单位排名");
    assert_eq!((text(&u, 2, 2), num(&u, 2, 0)), ("区发改委".to_string(), 1.0));
    close(num(&u, 2, 7), 0.75);
    assert_eq!((text(&u, 3, 2), num(&u, 3, 0)), ("区住建局".to_string(), 2.0));
    close(num(&u, 3, 7), 0.2);
}

#[test]
fn report_xlsx_rank_change_is_blank_without_a_previous_month() {
    let (board, history, strings) = fixture("2026-06");
    let s = history.last().unwrap();
    let bytes = report_xlsx(&board, s, None, &Labels::new(&strings, board.site.language)).unwrap();
    let d = sheet(&mut open(bytes), "街道排名");
    for row in 2..5 {
        blank(&d, row, 1);
    }
}

#[test]
fn report_xlsx_red_list_and_problem_list_rows() {
    let (board, history, strings) = fixture("2026-06");
    let mut book = open(workbook(&board, &history, &strings, board.site.language));
    let red = sheet(&mut book, "黑榜");
    close(num(&red, 2, 0), 1.0);
    assert_eq!((1..5).map(|c| text(&red, 2, c)).collect::<Vec<_>>(), ["丙项目", "金谷园街道", "张三", "区发改委"]);
    blank(&red, 2, 5);
    blank(&red, 2, 6);
    assert_eq!(text(&red, 2, 7), "未按计划开工（已晚 4 个月）；节点超期");
    assert_eq!(red.end().unwrap().0, 2, "gamma is the only red project");

    let p = sheet(&mut book, "问题清单");
    close(num(&p, 2, 0), 1.0);
    assert_eq!(
        (1..7).map(|c| text(&p, 2, c)).collect::<Vec<_>>(),
        ["甲项目", "金谷园街道", "区发改委", "张三", "用电手续待办", "7月完成设备进场"]
    );
    assert_eq!(p.end().unwrap().0, 2, "only alpha reports a problem");
}

#[test]
fn report_xlsx_is_byte_identical_across_calls() {
    let (board, history, strings) = fixture("2026-06");
    let a = workbook(&board, &history, &strings, board.site.language);
    let b = workbook(&board, &history, &strings, board.site.language);
    assert!(a == b, "two calls gave different bytes");
    let (board2, history2, strings2) = fixture("2026-06");
    assert!(a == workbook(&board2, &history2, &strings2, board2.site.language), "a fresh load gave different bytes");
}

#[test]
fn report_xlsx_speaks_english_with_english_strings() {
    let (mut board, history, _) = fixture("2026-06");
    board.site.language = Lang::En;
    let root = fixtures().join("minimal");
    let strings = guatu::theme::load(&root, &board.site.theme, Lang::En).unwrap().strings;
    let mut book = open(workbook(&board, &history, &strings, Lang::En));
    assert_eq!(book.sheet_names(), ["District ranking", "Unit ranking", "Red list", "Problem list"]);
    let d = sheet(&mut book, "District ranking");
    assert!(text(&d, 0, 0).contains("June 2026 District ranking"), "{}", text(&d, 0, 0));
    assert_eq!(text(&d, 1, 0), "Rank");
    assert_eq!(text(&d, 1, 2), "District");
    close(num(&d, 2, 7), 0.75);
}

/// A part of the workbook's zip container, as text.
fn part(bytes: &[u8], name: &str) -> String {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).expect("a zip file");
    let mut f = zip.by_name(name).unwrap_or_else(|e| panic!("{name}: {e}"));
    let mut text = String::new();
    std::io::Read::read_to_string(&mut f, &mut text).unwrap();
    text
}

#[test]
fn report_xlsx_is_laid_out_for_reading_and_printing() {
    let (board, history, strings) = fixture("2026-06");
    let bytes = workbook(&board, &history, &strings, board.site.language);
    let doc = |name: &str| part(&bytes, name);
    let ranking = doc("xl/worksheets/sheet1.xml");
    let x = roxmltree::Document::parse(&ranking).expect("well-formed sheet XML");
    let el = |tag: &str| x.descendants().find(|n| n.has_tag_name(tag)).unwrap_or_else(|| panic!("no <{tag}>"));
    // The title spans the 13 columns; the two rows above the data stay when scrolling.
    assert_eq!(el("mergeCell").attribute("ref"), Some("A1:M1"));
    let pane = el("pane");
    assert_eq!((pane.attribute("ySplit"), pane.attribute("state")), (Some("2"), Some("frozen")));
    assert_eq!(pane.attribute("topLeftCell"), Some("A3"));
    // A4 landscape, one page wide, the header row on every page.
    let setup = el("pageSetup");
    assert_eq!((setup.attribute("paperSize"), setup.attribute("orientation")), (Some("9"), Some("landscape")));
    assert_eq!(el("pageSetUpPr").attribute("fitToPage"), Some("1"));
    let book = doc("xl/workbook.xml");
    let names = roxmltree::Document::parse(&book).expect("well-formed workbook XML");
    let titles = names
        .descendants()
        .find(|n| n.attribute("name") == Some("_xlnm.Print_Titles") && n.attribute("localSheetId") == Some("0"))
        .and_then(|n| n.text())
        .unwrap_or_else(|| panic!("no print titles on sheet 1: {book}"));
    // Excel quotes a sheet name in a reference only when it must; either form reads the same.
    assert_eq!(titles.replace('\'', ""), "街道排名!$2:$2", "{book}");
    // Rates are fractions shown as percentages: the completion rate cell (H3) has the format `0.0%`.
    let h3 = x.descendants().find(|n| n.attribute("r") == Some("H3")).expect("H3");
    assert_eq!(h3.descendants().find(|n| n.has_tag_name("v")).and_then(|v| v.text()), Some("0.75"));
    let style: usize = h3.attribute("s").expect("a style").parse().unwrap();
    let styles = doc("xl/styles.xml");
    let s = roxmltree::Document::parse(&styles).unwrap();
    let xf = s
        .descendants()
        .filter(|n| n.has_tag_name("cellXfs"))
        .flat_map(|n| n.children().filter(roxmltree::Node::is_element))
        .nth(style)
        .unwrap();
    let id = xf.attribute("numFmtId").unwrap();
    let code = s
        .descendants()
        .find(|n| n.has_tag_name("numFmt") && n.attribute("numFmtId") == Some(id))
        .and_then(|n| n.attribute("formatCode"));
    assert_eq!(code, Some("0.0%"));
    assert_eq!(xf.attribute("borderId"), Some("1"), "data cells are bordered");
    // Properties: the organisation as author, created on the report month's first day.
    let core = doc("docProps/core.xml");
    assert!(
        core.contains("<dcterms:created xsi:type=\"dcterms:W3CDTF\">2026-06-01T00:00:00Z</dcterms:created>"),
        "{core}"
    );
}
