//! Poster boards: real paper sizes, embedded fonts, extractable text, pagination, and
//! no text outside its cell (checked with poppler-utils and the poster font's metrics).

use std::process::Command;

use crate::board_test::BoardTest;

fn tool(cmd: &str, args: &[&str]) -> String {
    let out = Command::new(cmd).args(args).output().unwrap_or_else(|e| panic!("{cmd} (poppler-utils) is needed: {e}"));
    assert!(out.status.success(), "{cmd} {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

fn with_posters(b: BoardTest, poster: &str) -> BoardTest {
    let site = std::fs::read_to_string(b.path("content/site.yaml")).unwrap();
    b.file("content/site.yaml", &format!("{site}poster: {poster}\nsite_url: https://xg.example.gov.cn/zdxm/\n"))
}

#[test]
fn every_paper_size_has_its_exact_size_embedded_fonts_and_all_names() {
    let b = with_posters(
        BoardTest::fixture("minimal"),
        "{ sizes: [A0-landscape, A1-portrait, A2-landscape, A3-portrait], rows_per_sheet: 2 }",
    );
    b.build_ok(&[]);
    let expected = [
        ("A0-landscape", "3370.39 x 2383.94 pts (A0)"),
        ("A1-portrait", "1683.78 x 2383.94 pts (A1)"),
        ("A2-landscape", "1683.78 x 1190.55 pts (A2)"),
        ("A3-portrait", "841.89 x 1190.55 pts (A3)"),
    ];
    for (size, pts) in expected {
        // 3 projects, 2 rows per sheet: two sheets, the second with one row.
        assert!(!b.path(&format!("output/posters/2026-06/{size}-3.pdf")).exists());
        let mut names = String::new();
        for n in 1..=2 {
            let pdf = b.path(&format!("output/posters/2026-06/{size}-{n}.pdf"));
            let pdf = pdf.to_str().unwrap();
            let info = tool("pdfinfo", &[pdf]);
            assert!(info.contains(&format!("Page size:       {pts}")), "{size}: {info}");
            assert!(info.contains("Pages:           1"));
            let fonts = tool("pdffonts", &[pdf]);
            let rows: Vec<&str> = fonts.lines().skip(2).collect();
            assert!(!rows.is_empty(), "{size}: no font");
            for r in rows {
                let cols: Vec<&str> = r.split_whitespace().collect();
                assert_eq!(
                    &cols[cols.len() - 5..cols.len() - 2],
                    ["yes", "yes", "yes"],
                    "{size}: font not embedded/subset/unicode: {r}"
                );
            }
            let text = tool("pdftotext", &[pdf, "-"]);
            assert!(text.contains("测试区重点项目建设进度公示"), "{size}: title not extractable");
            assert!(text.contains("数据截至 2026年6月"));
            names.push_str(&text);
            assert!(b.path(&format!("output/posters/2026-06/{size}-{n}.png")).is_file());
            assert!(b.path(&format!("output/posters/2026-06/{size}-{n}.svg")).is_file());
        }
        for name in ["甲项目", "乙项目", "丙项目"] {
            assert_eq!(names.matches(name).count(), 1, "{size}: {name} should be on exactly one sheet");
        }
    }
}

#[test]
fn one_sheet_set_per_district_when_asked() {
    let b =
        with_posters(BoardTest::fixture("minimal"), "{ sizes: [A3-landscape], rows_per_sheet: 20, by_district: true }");
    b.build_ok(&[]);
    let jin =
        tool("pdftotext", &[b.path("output/posters/2026-06/A3-landscape-jinguyuan-1.pdf").to_str().unwrap(), "-"]);
    assert!(jin.contains("甲项目") && jin.contains("丙项目") && !jin.contains("乙项目"));
    assert!(b.path("output/posters/2026-06/A3-landscape-wangchenglu-1.pdf").is_file());
    let svg = std::fs::read_to_string(b.path("output/posters/2026-06/A3-landscape-jinguyuan-1.svg")).unwrap();
    assert!(svg.contains("shape-rendering=\"crispEdges\""), "QR code to the district page");
}

#[test]
fn a_set_keeps_to_max_sheets_with_the_projects_that_need_attention_first() {
    // 3 projects, one row a sheet, at most two sheets: 丙项目 (red), then 乙项目 (yellow);
    // 甲项目 (on schedule) is left out, and every sheet says so.
    let b = with_posters(BoardTest::fixture("minimal"), "{ sizes: [A3-landscape], rows_per_sheet: 1, max_sheets: 2 }");
    b.build_ok(&[]);
    assert!(!b.path("output/posters/2026-06/A3-landscape-3.pdf").exists());
    for (n, name) in [(1, "丙项目"), (2, "乙项目")] {
        let text = tool(
            "pdftotext",
            &[b.path(&format!("output/posters/2026-06/A3-landscape-{n}.pdf")).to_str().unwrap(), "-"],
        );
        assert!(text.contains(name), "sheet {n} should list {name}: {text}");
        assert!(!text.contains("甲项目"), "sheet {n}: {text}");
        assert!(text.contains("另有 1 个项目未上展板"), "sheet {n}: {text}");
        assert!(text.contains(&format!("第 {n} / 2")), "sheet {n}: {text}");
    }
    // Without the bound the set lists all three in district order and names nobody left out.
    let all = with_posters(BoardTest::fixture("minimal"), "{ sizes: [A3-landscape], rows_per_sheet: 1 }");
    all.build_ok(&[]);
    let first = tool("pdftotext", &[all.path("output/posters/2026-06/A3-landscape-1.pdf").to_str().unwrap(), "-"]);
    assert!(first.contains("甲项目") && !first.contains("未上展板"), "{first}");
    assert!(all.path("output/posters/2026-06/A3-landscape-3.pdf").is_file());
}

#[test]
fn poster_max_sheets_must_be_a_positive_number() {
    let b = with_posters(BoardTest::fixture("minimal"), "{ sizes: [A3-landscape], max_sheets: 0 }");
    let r = b.run(&["check"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("poster.max_sheets"), "{}", r.stderr);
}

#[test]
fn long_names_and_notes_stay_inside_their_cells() {
    let name = "超长名称项目".repeat(34); // 204 characters
    let note = "本月完成主体结构施工及配套管网铺设，".repeat(34); // 612 characters
    let b = with_posters(BoardTest::fixture("minimal"), "{ sizes: [A0-landscape, A3-portrait], rows_per_sheet: 20 }").file(
        "content/projects/long.yaml",
        &format!("name: {name}\ndistrict: empty\ncategory: 城建项目\nlevel: 区重点\nleader: 欧阳长名领导\nunit: 区住房和城乡建设局城市更新与老旧小区改造事务中心\ndeadline: 2027-12\nprogress:\n  - {{ month: 2026-06, stage: started, percent: 3, invested: 0, note: \"{note}\" }}\n"),
    );
    b.build_ok(&[]);
    let theme = guatu::theme::load(b.root(), "default", guatu::model::Lang::ZhCn).unwrap();
    let font = &theme.fonts.iter().find(|(n, _)| n.contains("Regular")).unwrap().1;
    let metrics = guatu::font::Metrics::new(font).unwrap();
    for size in ["A0-landscape", "A3-portrait"] {
        let svg = std::fs::read_to_string(b.path(&format!("output/posters/2026-06/{size}-1.svg"))).unwrap();
        let doc = roxmltree::Document::parse(&svg).expect("the poster SVG is well-formed");
        let mut checked = 0;
        for cell in doc.descendants().filter(|n| n.attribute("class") == Some("cell")) {
            let num = |a: &str| cell.attribute(a).unwrap().parse::<f64>().unwrap();
            let (x, y, w, h) = (num("data-x"), num("data-y"), num("data-w"), num("data-h"));
            for t in cell.descendants().filter(|n| n.has_tag_name("text")) {
                let text = t.text().unwrap_or("");
                let tx: f64 = t.attribute("x").unwrap().parse().unwrap();
                let ty: f64 = t.attribute("y").unwrap().parse().unwrap();
                let fs: f64 = t.attribute("font-size").unwrap().parse().unwrap();
                let width = metrics.width(text, fs);
                assert!(tx >= x - 1e-6 && tx + width <= x + w + 1e-6, "{size}: {text:?} leaves its cell horizontally");
                assert!(
                    ty - fs >= y - 1e-6 && ty + fs * 0.25 <= y + h + 1e-6,
                    "{size}: {text:?} leaves its cell vertically"
                );
                checked += 1;
            }
        }
        assert!(checked > 20, "{size}: only {checked} lines checked");
        assert!(svg.contains('…'), "{size}: the over-long note is cut with an ellipsis, not overflowing");
    }
}

#[test]
fn characters_missing_from_the_font_are_reported() {
    let b = BoardTest::fixture("minimal");
    let alpha = std::fs::read_to_string(b.path("content/projects/alpha.yaml")).unwrap();
    let b = b.file("content/projects/alpha.yaml", &alpha.replace("name: 甲项目", "name: 甲项目𪚥"));
    let r = b.build_ok(&[]);
    assert!(
        r.stderr.contains(
            "content/projects/alpha.yaml:1:1: warning: the poster font has no glyph for '𪚥' (U+2A6A5) in `name`"
        ),
        "{}",
        r.stderr
    );
}

#[test]
fn the_demo_sheet_is_readable_from_three_metres() {
    let b = BoardTest::demo();
    b.build_ok(&[]);
    let svg = std::fs::read_to_string(b.path("output/posters/2026-10/A0-landscape-1.svg")).unwrap();
    let doc = roxmltree::Document::parse(&svg).unwrap();
    let sizes: Vec<f64> = doc
        .descendants()
        .filter(|n| {
            n.has_tag_name("text")
                && n.ancestors().all(|a| !(a.has_tag_name("svg") && a.attribute("class") == Some("chart")))
        })
        .filter_map(|n| n.attribute("font-size")?.parse().ok())
        .collect();
    // Body text in the table: at least 14 pt = 4.94 mm on A0.
    let body = doc
        .descendants()
        .filter(|n| n.attribute("class") == Some("cell"))
        .flat_map(|c| c.descendants())
        .filter(|n| n.has_tag_name("text"));
    for t in body {
        let fs: f64 = t.attribute("font-size").unwrap().parse().unwrap();
        assert!(fs >= 4.94, "table text at {fs} mm is below 14 pt");
    }
    assert!(sizes.iter().any(|s| *s >= 20.0), "a title large enough for the wall");
    let rows = svg.matches("<g class=\"row\">").count();
    assert_eq!(rows, 20, "rows_per_sheet: 20 in the demo");
}

#[test]
fn a_font_of_any_name_in_the_board_theme_is_the_poster_font() {
    // The system's Noto Serif CJK (fonts-noto-cjk), as a board would add 宋体 for its posters:
    // another family than the built-in Noto Sans CJK SC, a collection, any file name.
    let serif = std::path::Path::new("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc");
    let Ok(bytes) = std::fs::read(serif) else {
        eprintln!("skipped: {} is not installed", serif.display());
        return;
    };
    let b = with_posters(BoardTest::fixture("minimal"), "{ sizes: [A3-landscape], rows_per_sheet: 20 }");
    std::fs::create_dir_all(b.path("themes/default/fonts")).unwrap();
    std::fs::write(b.path("themes/default/fonts/宋体.ttc"), bytes).unwrap();
    b.build_ok(&[]);
    let pdf = b.path("output/posters/2026-06/A3-landscape-1.pdf");
    let fonts = tool("pdffonts", &[pdf.to_str().unwrap()]);
    assert!(fonts.contains("NotoSerifCJK"), "the board's font is not used: {fonts}");
    assert!(!fonts.contains("NotoSansCJK"), "the built-in font is still used: {fonts}");
    let text = tool("pdftotext", &[pdf.to_str().unwrap(), "-"]);
    assert!(text.contains("甲项目") && text.contains("测试区重点项目建设进度公示"), "text drawn: {text}");
}
