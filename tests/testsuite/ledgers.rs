//! `guatu import` of the ledgers offices publish (`tests/fixtures/ledgers/`, see its
//! README), imported as they are into `tests/fixtures/ledger-board`, whose `import.yaml`
//! gives only what the workbooks cannot carry (a district, a category, a deadline).
//! Figures are checked against the ledgers' README and the sheets' own totals.

use rust_xlsxwriter::{Format, Workbook};

use crate::board_test::{fixtures, tree, BoardTest};

fn ledger(file: &str) -> String {
    fixtures().join("ledgers").join(file).to_str().unwrap().to_string()
}

/// Imports into a fresh ledger board; asserts it worked and that a second import changes nothing.
fn import_ok(b: &BoardTest, args: &[&str]) -> String {
    let mut all = vec!["import"];
    all.extend_from_slice(args);
    let r = b.run(&all);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(b.run(&["check"]).code, 0, "the imported board does not check");
    let before = tree(&b.path("content"));
    let again = b.run(&all);
    assert_eq!(again.code, 0, "{}", again.stderr);
    assert!(again.stderr.contains("unchanged; nothing to write"), "{}", again.stderr);
    assert_eq!(tree(&b.path("content")), before, "a second import changed the content");
    r.stderr
}

fn project(b: &BoardTest, id: &str) -> String {
    std::fs::read_to_string(b.path(&format!("content/projects/{id}.yaml"))).unwrap()
}

/// 南平 1-3月: three header rows under a title, totals, 其中 and section rows, combined
/// unit/person cells, 1-3月 as the year to date, 形象进度 in words.
#[test]
fn a_tiered_ledger_with_three_header_rows_imports_year_to_date_figures_and_split_cells() {
    let b = BoardTest::fixture("ledger-board");
    let out = import_ok(&b, &[&ledger("nanping-2010-03-tiered.xlsx")]);
    assert!(out.contains("sheet 「分级管理」: 2 project rows for 2010-03"), "{out}");
    // The README's totals, the same as the sheet's 合计 row.
    assert!(out.contains("board after:  2010 plan 268000, 1–3月 invested 62500 (23.3%)"), "{out}");
    assert!(out.contains("the total row counts 100 projects and the sheet lists 2"), "{out}");
    let wushao = project(&b, "wu-yi-shan-zhi-shao-wu-gao-su-gong-lu");
    for line in [
        "name: 武夷山至邵武高速公路\n",
        "leader: 张兆民\n",
        "unit: 福建武邵高速公路发展有限公司\n",
        "total_investment: 1080000\n",
        "annual_plan: { 2010: 260000 }\n",
        "prior_invested: 420000\n",
        // Under the heading 「（一）在建（11项）」; 1-3月 is year-to-date, not the month's.
        "  - month: 2010-03\n    stage: construction\n    physical_progress: 路基完成75%，桥梁下部结构完成60%\n    ytd_invested: 61000\n",
    ] {
        assert!(wushao.contains(line), "{line}\n{wushao}");
    }
    // 「路基完成75%…」 states parts' progress, not the project's: no percent.
    assert!(!wushao.contains("percent:"), "{wushao}");
    let shunchang = project(&b, "shun-chang-huan-cheng-lu-jian-she-gong");
    assert!(shunchang.contains("leader: 涂目弟\nunit: 政和县医院\n"), "{shunchang}");
    assert!(shunchang.contains("    ytd_invested: 1500\n"), "{shunchang}");
    b.build_ok(&["--no-posters"]);
    let s = b.json("data/2010-03/summary.json");
    assert_eq!(s["totals"]["annual_plan"].as_f64(), Some(268000.0), "{s}");
    assert_eq!(s["totals"]["ytd_invested"].as_f64(), Some(62500.0), "{s}");
}

/// 漳州 1-7月: three views of the same board in three sheets, each imported alone.
#[test]
fn a_workbook_of_several_views_is_refused_and_each_sheet_imports_alone() {
    let b = BoardTest::fixture("ledger-board");
    let before = tree(b.root());
    let r = b.run(&["import", &ledger("zhangzhou-2010-07-detail.xlsx")]);
    assert_ne!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.contains("3 sheets have project tables (「明细表」, 「按地区」, 「按行业」)"), "{}", r.stderr);
    assert!(r.stderr.contains("--sheet"), "{}", r.stderr);
    assert_eq!(tree(b.root()), before, "a refused import wrote something");

    let out = import_ok(&b, &[&ledger("zhangzhou-2010-07-detail.xlsx"), "--sheet", "明细表"]);
    // 2010 from 「2010年1-7月完成投资」, never 2009 from 「至2009年底累计完成投资」.
    assert!(out.contains("sheet 「明细表」: 1 project row for 2010-07"), "{out}");
    assert!(out.contains("took the marks ★ off 1 name"), "{out}");
    let tenglong = project(&b, "gu-lei-teng-long-fang-ting-zhang-zhou");
    for line in [
        "name: 古雷腾龙芳烃（漳州）有限公司80万吨/年对二甲苯工程及整体公用配套工程\n",
        "leader: 谢毅泰\nunit: 福建漳州古雷港经济开发区管委会\nowner: 腾龙芳烃（漳州）有限公司\n",
        // 建设起止时间 2009-2011.
        "start: 2009-01\ndeadline: 2011-12\n",
        "prior_invested: 300000\n",
        // 项目性质 续建.
        "  - month: 2010-07\n    stage: construction\n    ytd_invested: 387534\n",
    ] {
        assert!(tenglong.contains(line), "{line}\n{tenglong}");
    }

    import_ok(&b, &[&ledger("zhangzhou-2010-07-detail.xlsx"), "--sheet", "按行业"]);
    // Figures stored as text; 09.10-11.3.
    let cement = project(&b, "shui-ni");
    for line in [
        "owner: 龙海红狮水泥有限公司\nstart: 2009-10\ndeadline: 2011-03\ntotal_investment: 20000\n",
        "prior_invested: 9766\n",
        "    ytd_invested: 6604\n",
    ] {
        assert!(cement.contains(line), "{line}\n{cement}");
    }

    import_ok(&b, &[&ledger("zhangzhou-2010-07-detail.xlsx"), "--sheet", "按地区"]);
    // 「2010-」: a start and no end, so the deadline is import.yaml's; 新开工 with investment: started.
    let sports = project(&b, "ti-yu-yong-pin");
    assert!(sports.contains("start: 2010-01\ndeadline: 2012-12\n"), "{sports}");
    assert!(sports.contains("    stage: started\n    ytd_invested: 3495\n"), "{sports}");
}

/// A county platform's export: one 1-N月完成投资 column per month, filled to 1-4月.
#[test]
fn an_export_with_a_column_per_month_imports_the_whole_history() {
    let b = BoardTest::fixture("ledger-board");
    let out = import_ok(&b, &[&ledger("county-platform-2022-04-export.xlsx")]);
    assert!(out.contains("2 project rows for 2022-04"), "{out}");
    assert!(out.contains("board after:  2022 plan 45000, 1–4月 invested 10100 (22.4%)"), "{out}");
    let east = project(&b, "cheng-dong-pian-qu-peng-hu-qu-gai-zao");
    assert!(east.contains("district: chengguan\ncategory: 民生项目\nleader: 王某\nunit: 县住建局\n"), "{east}");
    let history = "progress:
  - month: 2022-01
    stage: construction
    ytd_invested: 1800
  - month: 2022-02
    ytd_invested: 2600
  - month: 2022-03
    ytd_invested: 5200
  - month: 2022-04
    physical_progress: 主体施工至8层
    ytd_invested: 7900
";
    assert!(east.ends_with(history), "{east}");
    let park = project(&b, "gao-xin-qu-dian-zi-yuan-jian-chan-ye");
    assert!(park.contains("district: gaoxin\ncategory: 产业项目\nleader: 赵某\nunit: 高新区管委会\n"), "{park}");
    // 新建: planning until the first month with investment, started from then on.
    assert!(
        park.contains("  - month: 2022-01\n    ytd_invested: 0\n  - month: 2022-02\n    stage: started\n"),
        "{park}"
    );
    assert!(park.contains("  - month: 2022-04\n    physical_progress: 基础施工\n    ytd_invested: 2200\n"), "{park}");
}

/// An .xlsx with a title row and the given rows (text, or numbers for cells that parse as one).
fn workbook(title: &str, rows: &[&[&str]]) -> Vec<u8> {
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name("台账").unwrap();
    ws.merge_range(0, 0, 0, 5, title, &Format::new()).unwrap();
    for (r, row) in (1u32..).zip(rows) {
        for (c, cell) in (0u16..).zip(row.iter()) {
            match cell.parse::<f64>() {
                Ok(x) => ws.write_number(r, c, x).unwrap(),
                Err(_) if cell.is_empty() => ws,
                Err(_) => ws.write_string(r, c, *cell).unwrap(),
            };
        }
    }
    book.save_to_buffer().unwrap()
}

fn month_ledger(n: u32, ytd: &str, words: &str) -> Vec<u8> {
    let ytd_header = format!("1-{n}月完成投资（万元）");
    let progress_header = format!("1-{n}月形象进度");
    workbook(
        &format!("城关镇2026年1-{n}月重点项目推进情况"),
        &[
            &[
                "序号",
                "项目名称",
                "所属镇街",
                "包抓领导",
                "责任单位",
                "总投资（亿元）",
                "2026年计划投资（万元）",
                &ytd_header,
                &progress_header,
            ],
            &["1", "城关污水处理厂", "城关镇", "王某", "县住建局", "1.25", "3000", ytd, words],
        ],
    )
}

/// The clerk's monthly loop: month 3's workbook, then month 4's, same layout, one import.yaml.
#[test]
fn month_four_after_month_three_gives_its_own_year_to_date_figure() {
    let b = BoardTest::fixture("ledger-board");
    std::fs::write(b.path("3月.xlsx"), month_ledger(3, "500", "主体施工")).unwrap();
    std::fs::write(b.path("4月.xlsx"), month_ledger(4, "900", "形象进度60%")).unwrap();
    let out = import_ok(&b, &[b.path("3月.xlsx").to_str().unwrap()]);
    assert!(out.contains("1 project row for 2026-03"), "{out}");
    let out = import_ok(&b, &[b.path("4月.xlsx").to_str().unwrap()]);
    assert!(out.contains("1 project row for 2026-04"), "{out}");
    // Before → after for the clerk to review: 500 by March, 900 (not 1400) by April.
    assert!(out.contains("城关污水处理厂  ytd 500 → 900, percent — → 60%"), "{out}");
    assert!(out.contains("board before: 2026 plan 3000, 1–4月 invested 500 (16.7%)"), "{out}");
    assert!(out.contains("board after:  2026 plan 3000, 1–4月 invested 900 (30.0%)"), "{out}");
    let p = project(&b, "cheng-guan-wu-shui-chu-li-chang");
    // 1.25 亿元 is 12500 万元, exactly.
    assert!(p.contains("total_investment: 12500\nannual_plan: { 2026: 3000 }\n"), "{p}");
    let months = "  - month: 2026-03
    physical_progress: 主体施工
    ytd_invested: 500
  - month: 2026-04
    percent: 60
    physical_progress: 形象进度60%
    ytd_invested: 900
";
    assert!(p.ends_with(months), "{p}");
    b.build_ok(&["--no-posters"]);
    let s = b.json("data/2026-04/summary.json");
    assert_eq!(s["totals"]["ytd_invested"].as_f64(), Some(900.0), "{s}");
}

/// Without a column of the investment completed that can be read for sure, nothing is
/// imported: never an investment of 0.
#[test]
fn a_workbook_without_a_recognisable_investment_column_is_refused() {
    let b = BoardTest::fixture("ledger-board");
    let book = workbook(
        "城关镇2026年3月重点项目推进情况",
        &[
            &["序号", "项目名称", "所属镇街", "总投资（万元）", "完成投资（万元）", "形象进度"],
            &["1", "城关污水处理厂", "城关镇", "12500", "500", "主体施工"],
        ],
    );
    std::fs::write(b.path("台账.xlsx"), book).unwrap();
    let before = tree(b.root());
    let r = b.run(&["import", b.path("台账.xlsx").to_str().unwrap()]);
    assert_ne!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.contains(
            "no column of the investment completed it can read for sure (not imported: 「完成投资（万元）」)"
        ),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("nothing was written"), "{}", r.stderr);
    assert!(r.stderr.contains("`ytd_invested`"), "{}", r.stderr);
    assert_eq!(tree(b.root()), before, "a refused import wrote something");
}

/// The ledger's own 合计 row against the rows imported.
#[test]
fn a_total_row_that_differs_from_the_rows_is_a_warning_with_both_figures() {
    let b = BoardTest::fixture("ledger-board");
    let book = workbook(
        "城关镇2026年1-3月重点项目推进情况",
        &[
            &["序号", "项目名称", "所属镇街", "包抓领导", "责任单位", "总投资（万元）", "1-3月完成投资（万元）"],
            &["合计", "", "", "", "", "30000", "800"],
            &["1", "城关污水处理厂", "城关镇", "王某", "县住建局", "12500", "500"],
            &["2", "城关小学扩建", "城关镇", "李某", "县教育局", "17500", "200"],
        ],
    );
    std::fs::write(b.path("台账.xlsx"), book).unwrap();
    let r = b.run(&["import", b.path("台账.xlsx").to_str().unwrap()]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.contains(
            "台账.xlsx: sheet 「台账」 row 3: warning: the total row gives 1-3月完成投资（万元） 800 万元, \
             the 2 rows imported add up to 700 万元 (difference 100)"
        ),
        "{}",
        r.stderr
    );
    // 总投资 adds up: no warning for it.
    assert!(!r.stderr.contains("gives 总投资"), "{}", r.stderr);
    assert!(r.stderr.contains("2 new projects"), "{}", r.stderr);
}
