//! `guatu import`: ledgers (台账) as offices keep them → project records, and the
//! round trip of `data/projects.xlsx`.
//!
//! The minimal fixture has 甲项目 (alpha, entries 2026-01…06), 乙项目 (beta, entries
//! 2026-01 and 2026-06) and 丙项目 (gamma, no entries). The ledgers below replace
//! alpha's May, add beta's May between its two months and create 丁项目.

use std::fs;

use calamine::{open_workbook_from_rs, Data, Reader, Xlsx};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

use crate::board_test::{tree, BoardTest};

/// A cell of a test ledger.
enum X {
    T(&'static str),
    N(f64),
    D(u16, u8, u8),
    E,
}

use X::{D, E, N, T};

/// An .xlsx file with one sheet 「台账」, its title merged across the first row.
fn workbook(title: &str, rows: &[Vec<X>]) -> Vec<u8> {
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name("台账").unwrap();
    ws.merge_range(0, 0, 0, 17, title, &Format::new()).unwrap();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    for (r, row) in (1u32..).zip(rows) {
        for (c, cell) in (0u16..).zip(row) {
            match cell {
                T(t) => {
                    ws.write_string(r, c, *t).unwrap();
                }
                N(x) => {
                    ws.write_number(r, c, *x).unwrap();
                }
                D(y, m, d) => {
                    let dt = ExcelDateTime::from_ymd(*y, *m, *d).unwrap();
                    {
                        ws.write_datetime_with_format(r, c, &dt, &date).unwrap();
                    };
                }
                E => {}
            }
        }
    }
    book.save_to_buffer().unwrap()
}

const HEADERS: [&str; 18] = [
    "序号",
    "项目名称",
    "所属镇街",
    "项目类别",
    "项目级别",
    "分包领导",
    "责任单位",
    "项目业主",
    "开工时间",
    "完成时限",
    "总投资（万元）",
    "年度计划投资（万元）",
    "本月完成投资（万元）",
    "形象进度",
    "项目阶段",
    "本月进展",
    "存在问题",
    "下步打算",
];

/// The May ledger: a title row, the headers, a section heading, three projects, a
/// blank row, a total row and a note.
fn may_ledger() -> Vec<u8> {
    let rows = vec![
        HEADERS.iter().map(|h| T(h)).collect(),
        vec![T("一、重点项目（3个）")],
        vec![
            N(1.0),
            T("甲项目"),
            T("金谷园街道"),
            T("产业项目"),
            T("省重点"),
            T("张三"),
            T("区发改委"),
            E,
            T("2026.1"),
            D(2027, 6, 30),
            N(1000.0),
            N(600.0),
            N(60.0),
            T("55%"),
            T("在建"),
            T("主体施工"),
            T("用电手续待办"),
            E,
        ],
        vec![
            N(2.0),
            T(" 乙项目 "),
            T("王城路街道"),
            T("城建项目"),
            T("区重点"),
            T("李四"),
            T("区住建局"),
            E,
            T("2026年1月"),
            T("2026-12-31"),
            N(500.0),
            N(400.0),
            T("30万元"),
            N(20.0),
            T("在建"),
        ],
        vec![
            N(3.0),
            T("丁项目"),
            T("王城路"),
            T("民生项目"),
            T("区重点"),
            T("王五"),
            T("区教体局"),
            T("洛阳某某建设有限公司"),
            D(2026, 3, 1),
            T("2027.6"),
            T("1,200"),
            N(300.0),
            N(40.0),
            N(5.0),
            T("开工"),
            T("完成设计: 招标中"),
        ],
        vec![],
        vec![T("合计"), E, E, E, E, E, E, E, E, E, N(2700.0), N(1300.0), N(130.0)],
        vec![T("注：金额单位为万元")],
    ];
    workbook("测试区2026年重点项目推进台账（5月）", &rows)
}

/// The new project's file, as the import writes it.
const DING: &str = "name: 丁项目
district: wangchenglu
category: 民生项目
level: 区重点
leader: 王五
unit: 区教体局
owner: 洛阳某某建设有限公司
start: 2026-03
deadline: 2027-06
total_investment: 1200
annual_plan: { 2026: 300 }
progress:
  - month: 2026-05
    stage: started
    percent: 5
    invested: 40
    note: \"完成设计: 招标中\"
";

fn fixture_text(name: &str) -> String {
    fs::read_to_string(crate::board_test::fixtures().join("minimal/content/projects").join(name)).unwrap()
}

#[test]
fn an_xlsx_ledger_creates_and_updates_records_and_a_second_import_changes_nothing() {
    let b = BoardTest::fixture("minimal");
    fs::write(b.path("台账.xlsx"), may_ledger()).unwrap();
    let r = b.run(&["import", b.path("台账.xlsx").to_str().unwrap()]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.contains("sheet 「台账」: 3 project rows for 2026-05"), "{}", r.stderr);
    assert!(r.stderr.contains("1 new project, 1 entry added, 1 replaced, 0 unchanged; wrote 3 files"), "{}", r.stderr);

    // alpha: May replaced in place, every other byte kept.
    let alpha = fixture_text("alpha.yaml").replace(
        "  - month: 2026-05\n    percent: 50\n    invested: 50\n",
        "  - month: 2026-05\n    stage: construction\n    percent: 55\n    invested: 60\n    note: 主体施工\n    problems: 用电手续待办\n",
    );
    assert_eq!(fs::read_to_string(b.path("content/projects/alpha.yaml")).unwrap(), alpha);
    // beta: May inserted between January and June; the stage it already has is not repeated.
    let beta = fixture_text("beta.yaml")
        .replace("  - month: 2026-06\n", "  - month: 2026-05\n    percent: 20\n    invested: 30\n  - month: 2026-06\n");
    assert_eq!(fs::read_to_string(b.path("content/projects/beta.yaml")).unwrap(), beta);
    assert_eq!(fs::read_to_string(b.path("content/projects/ding.yaml")).unwrap(), DING);
    assert_eq!(fs::read_to_string(b.path("content/projects/gamma.yaml")).unwrap(), fixture_text("gamma.yaml"));
    assert_eq!(b.run(&["check"]).code, 0);

    let before = tree(&b.path("content"));
    let r = b.run(&["import", b.path("台账.xlsx").to_str().unwrap()]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.contains("0 new projects, 0 entries added, 0 replaced, 3 unchanged; nothing to write"),
        "{}",
        r.stderr
    );
    assert_eq!(tree(&b.path("content")), before, "a second import changed the content");
}

/// A July ledger as CSV, the way Excel saves one: the month in the file name, amounts
/// as text, percentages as fractions, a district without its suffix.
const JULY_CSV: &str = "XX区2026年重点项目推进台账\r
序号,项目名称,所属区域,分包领导,责任单位,完成时限,本月完成投资,形象进度,本月进展\r
1,甲项目,金谷园街道,张三,区发改委,2027-06-30,\"1,050\",0.7,\"设备进场,调试\"\r
2,戊项目,金谷园,赵六,区商务局,2026年12月,20,0.1,签约落地\r
合计,,,,,,\"1,070\",,\r
";

#[test]
fn a_csv_ledger_reads_the_same_in_gbk_and_utf8() {
    let mut trees = Vec::new();
    let (gbk, _, unmappable) = encoding_rs::GBK.encode(JULY_CSV);
    assert!(!unmappable);
    for bytes in
        [gbk.to_vec(), JULY_CSV.as_bytes().to_vec(), [b"\xEF\xBB\xBF".as_slice(), JULY_CSV.as_bytes()].concat()]
    {
        let b = BoardTest::fixture("minimal").file("content/site.yaml", &site_without_declared_lists());
        fs::write(b.path("台账-2026-07.csv"), bytes).unwrap();
        let r = b.run(&["import", b.path("台账-2026-07.csv").to_str().unwrap()]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        assert!(r.stderr.contains("1 new project, 1 entry added, 0 replaced"), "{}", r.stderr);
        let alpha = fs::read_to_string(b.path("content/projects/alpha.yaml")).unwrap();
        assert!(
            alpha.ends_with("    next: 7月完成设备进场\n  - month: 2026-07\n    percent: 70\n    invested: 1050\n    note: 设备进场,调试\n"),
            "{alpha}"
        );
        let wu = fs::read_to_string(b.path("content/projects/wu.yaml")).unwrap();
        assert!(wu.contains("district: jinguyuan\nleader: 赵六\nunit: 区商务局\ndeadline: 2026-12\n"), "{wu}");
        assert_eq!(b.run(&["check"]).code, 0);
        trees.push(tree(&b.path("content")));
    }
    assert_eq!(trees[0], trees[1], "GBK and UTF-8 imports differ");
    assert_eq!(trees[1], trees[2], "UTF-8 with and without BOM differ");
}

/// The minimal site without category and level lists (so a new project needs neither).
fn site_without_declared_lists() -> String {
    let site = fs::read_to_string(crate::board_test::fixtures().join("minimal/content/site.yaml")).unwrap();
    site.lines().filter(|l| !l.starts_with("categories:") && !l.starts_with("levels:")).collect::<Vec<_>>().join("\n")
        + "\n"
}

#[test]
fn bad_rows_are_reported_with_sheet_and_row_and_nothing_is_written() {
    let b = BoardTest::fixture("minimal");
    let mut headers: Vec<X> = HEADERS.iter().map(|h| T(h)).collect();
    headers.truncate(14);
    let rows = vec![
        headers,
        vec![N(1.0), T("甲项目"), T("金谷园街道"), E, E, E, E, E, E, E, E, E, T("约500"), N(55.0)],
        vec![N(2.0), T("乙项目"), T("金谷圆街道"), E, E, E, E, E, E, E, E, E, N(30.0), N(20.0)],
        vec![N(3.0), T("丁项目"), T("王城路街道"), E, E, E, E, E, E, E, E, E, N(3.0), T("120%")],
    ];
    fs::write(b.path("台账.xlsx"), workbook("2026年5月台账", &rows)).unwrap();
    let before = tree(b.root());
    let r = b.run(&["import", b.path("台账.xlsx").to_str().unwrap()]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let e = &r.stderr;
    assert!(
        e.contains("台账.xlsx: sheet 「台账」 row 3: error: 本月完成投资（万元） 「约500」 is not an amount\n    help: write a number of 万元, e.g. 1200\n"),
        "{e}"
    );
    assert!(
        e.contains("台账.xlsx: sheet 「台账」 row 4: error: 所属镇街 「金谷圆街道」 is not a district of site.yaml\n    help: did you mean 「金谷园街道」?"),
        "{e}"
    );
    assert!(e.contains("台账.xlsx: sheet 「台账」 row 5: error: 形象进度 「120%」 is outside 0–100%"), "{e}");
    assert!(e.contains("nothing was written"), "{e}");
    assert_eq!(tree(b.root()), before, "a failed import wrote something");
}

#[test]
fn a_row_that_would_make_a_project_invalid_is_reported_at_its_row() {
    let b = BoardTest::fixture("minimal");
    let rows = vec![
        vec![T("项目名称"), T("所属镇街"), T("本月完成投资"), T("形象进度")],
        vec![T("甲项目"), T("金谷园街道"), N(10.0), N(35.0)],
    ];
    fs::write(b.path("ledger.xlsx"), workbook("2026年5月", &rows)).unwrap();
    let before = tree(b.root());
    let r = b.run(&["import", b.path("ledger.xlsx").to_str().unwrap()]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr.contains("ledger.xlsx: sheet 「台账」 row 3: error: content/projects/alpha.yaml:"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("decrease"), "{}", r.stderr);
    assert_eq!(tree(b.root()), before);
}

#[test]
fn without_a_month_in_the_ledger_import_asks_for_one() {
    let b = BoardTest::fixture("minimal");
    let rows = vec![vec![T("项目名称"), T("所属镇街"), T("本月完成投资"), T("形象进度")]];
    fs::write(b.path("ledger.xlsx"), workbook("重点项目台账", &rows)).unwrap();
    let r = b.run(&["import", b.path("ledger.xlsx").to_str().unwrap()]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("pass --month YYYY-MM"), "{}", r.stderr);
    let r = b.run(&["import", b.path("ledger.xlsx").to_str().unwrap(), "--month", "2026-05"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
}

#[test]
fn the_mapping_file_names_other_headers_and_districts() {
    let b = BoardTest::fixture("minimal").file(
        "import.yaml",
        "sheet: 台账\ncolumns:\n  工程名称: name\n  包抓县领导: leader\n  建设内容: ignore\ndistricts:\n  金谷园办: jinguyuan\n",
    );
    let rows = vec![
        vec![T("工程名称"), T("镇办"), T("包抓县领导"), T("本月完成投资"), T("形象进度"), T("建设内容")],
        vec![T("甲项目"), T("金谷园办"), T("张三"), N(10.0), N(70.0), T("厂房")],
    ];
    fs::write(b.path("ledger.xlsx"), workbook("2026年7月", &rows)).unwrap();
    let r = b.run(&["import", b.path("ledger.xlsx").to_str().unwrap()]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.contains("1 entry added"), "{}", r.stderr);
    assert!(!r.stderr.contains("columns not imported"), "{}", r.stderr);
    let b = b.file("import.yaml", "columns:\n  工程名称: nam\n");
    let r = b.run(&["import", b.path("ledger.xlsx").to_str().unwrap()]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("import.yaml:2:9: error: unknown column meaning \"nam\""), "{}", r.stderr);
}

#[test]
fn data_projects_xlsx_imports_back_without_a_change() {
    let b = BoardTest::demo();
    b.build_ok(&["--no-posters"]);
    let bytes = fs::read(b.path("output/data/projects.xlsx")).unwrap();
    let mut book: Xlsx<_> = open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
    let sheet = book.worksheet_range("台账").unwrap();
    let headers: Vec<String> = (0..18).map(|c| sheet.get_value((1, c)).unwrap().to_string()).collect();
    assert_eq!(headers[..3], ["序号", "项目名称", "所属镇街"]);
    assert_eq!(headers[12], "本月完成投资（万元）");
    assert!(matches!(sheet.get_value((2, 12)), Some(Data::Float(_))), "amounts are numbers");
    assert!(matches!(sheet.get_value((2, 9)), Some(Data::DateTime(_))), "deadlines are dates");
    assert_eq!(sheet.height(), 2 + 44);

    let before = tree(&b.path("content"));
    let r = b.run(&["import", b.path("output/data/projects.xlsx").to_str().unwrap()]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.contains("44 project rows for 2026-10"), "{}", r.stderr);
    assert!(r.stderr.contains("0 replaced, 44 unchanged; nothing to write"), "{}", r.stderr);
    assert!(!r.stderr.contains("warning"), "{}", r.stderr);
    assert_eq!(tree(&b.path("content")), before);
}

/// A June ledger whose figures for 甲项目 are those already in its file, but whose
/// details are new: another leader, a later deadline, a raised annual plan, an owner.
fn june_ledger_with_new_details() -> Vec<u8> {
    let rows = vec![
        HEADERS.iter().map(|h| T(h)).collect(),
        vec![
            N(1.0),
            T("甲项目"),
            T("金谷园街道"),
            T("产业项目"),
            T("省重点"),
            T("王强"),
            T("区发改委"),
            T("洛阳某某实业有限公司"),
            T("2026.1"),
            D(2027, 9, 30),
            N(1000.0),
            N(800.0),
            N(50.0),
            N(60.0),
            E,
            T("主体施工"),
            T("用电手续待办"),
            T("7月完成设备进场"),
        ],
    ];
    workbook("测试区2026年重点项目推进台账（6月）", &rows)
}

#[test]
fn changed_project_details_are_warned_about_or_written_when_asked() {
    let b = BoardTest::fixture("minimal");
    fs::write(b.path("台账.xlsx"), june_ledger_with_new_details()).unwrap();
    let ledger = b.path("台账.xlsx");
    let ledger = ledger.to_str().unwrap();

    // Without the option: one warning per detail at the row, the file kept.
    let r = b.run(&["import", ledger]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    for what in [
        "分包领导 is 「王强」 here but 「张三」",
        "完成时限 is 「2027-09-30」 here but 「2027-06-30」",
        "2026 年度计划投资",
    ] {
        assert!(r.stderr.contains(what), "no warning {what}: {}", r.stderr);
    }
    assert!(r.stderr.contains("台账.xlsx: sheet 「台账」 row 3: warning: 分包领导"), "{}", r.stderr);
    assert!(r.stderr.contains("项目业主 is 「洛阳某某实业有限公司」 here but nothing in"), "{}", r.stderr);
    assert!(r.stderr.contains("pass --update-details"), "{}", r.stderr);
    assert!(
        r.stderr.contains("0 new projects, 0 entries added, 0 replaced, 1 unchanged; nothing to write"),
        "{}",
        r.stderr
    );
    assert_eq!(fs::read_to_string(b.path("content/projects/alpha.yaml")).unwrap(), fixture_text("alpha.yaml"));

    // --dry-run --update-details: says what it would change, writes nothing.
    let r = b.run(&["import", ledger, "--update-details", "--dry-run"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("details  content/projects/alpha.yaml  甲项目 (分包领导、项目业主、完成时限、2026 年度计划投资)"),
        "{}",
        r.stderr
    );
    assert_eq!(fs::read_to_string(b.path("content/projects/alpha.yaml")).unwrap(), fixture_text("alpha.yaml"));

    // --update-details: those lines changed, every other byte kept; the board checks.
    let r = b.run(&["import", ledger, "--update-details"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(!r.stderr.contains("warning"), "{}", r.stderr);
    assert!(r.stderr.contains("0 replaced, 0 unchanged, new details for 1 project; wrote 1 file"), "{}", r.stderr);
    let alpha = fixture_text("alpha.yaml")
        .replace("leader: 张三\n", "leader: 王强\n")
        .replace("start: 2026-01\n", "owner: 洛阳某某实业有限公司\nstart: 2026-01\n")
        .replace("deadline: 2027-06-30\n", "deadline: 2027-09-30\n")
        .replace("annual_plan: { 2026: 600 }\n", "annual_plan: { 2026: 800 }\n");
    assert_eq!(fs::read_to_string(b.path("content/projects/alpha.yaml")).unwrap(), alpha);
    assert_eq!(b.run(&["check"]).code, 0);

    // Again: nothing left to change.
    let before = tree(&b.path("content"));
    let r = b.run(&["import", ledger, "--update-details"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.contains("1 unchanged; nothing to write"), "{}", r.stderr);
    assert_eq!(tree(&b.path("content")), before);
}

/// `bytes` with the first shared-string cell of the first sheet pointing past the
/// shared strings, as a damaged or hand-edited file has it.
fn with_a_dangling_shared_string(bytes: &[u8]) -> Vec<u8> {
    use std::io::{Read, Write};
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        let name = f.name().unwrap().to_string();
        let mut data = String::new();
        f.read_to_string(&mut data).unwrap();
        if name == "xl/worksheets/sheet1.xml" {
            let at = data.find("t=\"s\"").expect("a shared-string cell");
            let v = at + data[at..].find("<v>").unwrap() + 3;
            let end = v + data[v..].find("</v>").unwrap();
            data.replace_range(v..end, "999999");
        }
        out.start_file(name.as_str(), zip::write::SimpleFileOptions::default()).unwrap();
        out.write_all(data.as_bytes()).unwrap();
    }
    out.finish().unwrap().into_inner()
}

#[test]
fn a_damaged_workbook_is_refused_not_a_crash() {
    let b = BoardTest::fixture("minimal");
    fs::write(b.path("台账.xlsx"), with_a_dangling_shared_string(&may_ledger())).unwrap();
    let before = tree(&b.path("content"));
    let r = b.run(&["import", b.path("台账.xlsx").to_str().unwrap()]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("the workbook is damaged and cannot be read"), "{}", r.stderr);
    assert!(!r.stderr.contains("panicked"), "{}", r.stderr);
    assert_eq!(tree(&b.path("content")), before, "a refused import changed the content");
}
