//! The website and open data files (SPEC §3).

use crate::board_test::{tree, BoardTest};

#[test]
fn every_page_of_the_layout_exists() {
    let b = BoardTest::fixture("minimal").file("content/pages/about.md", "# 关于本平台\n\n说明。\n");
    b.build_ok(&[]);
    for p in [
        "index.html",
        "projects/index.html",
        "projects/alpha/index.html",
        "projects/beta/index.html",
        "projects/gamma/index.html",
        "districts/index.html",
        "districts/jinguyuan/index.html",
        "districts/empty/index.html",
        "units/index.html",
        "leaders/index.html",
        "pages/about/index.html",
        "404.html",
        "sitemap.xml",
        "assets/style.css",
        "assets/app.js",
        "data/summary.json",
        "data/projects.json",
        "data/projects.csv",
        "data/version.json",
    ] {
        assert!(b.path(&format!("output/{p}")).is_file(), "missing output/{p}");
    }
    let about = b.read("pages/about/index.html");
    assert!(about.contains("<h1>关于本平台</h1>"));
}

#[test]
fn every_page_says_which_month_its_data_is_as_of() {
    let b = BoardTest::fixture("minimal");
    b.build_ok(&[]);
    for (path, bytes) in tree(&b.path("output")) {
        if !path.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8(bytes).unwrap();
        // A monthly report is as of its own month; every other page as of the report month.
        let month = match path.strip_prefix("reports/").and_then(|p| p.strip_suffix("/index.html")) {
            Some(m) => format!("{}年{}月", &m[..4], m[5..].trim_start_matches('0')),
            None => "2026年6月".to_string(),
        };
        assert!(html.contains("数据截至") && html.contains(&month), "{path} does not say 数据截至 {month}");
    }
}

#[test]
fn dashboard_shows_kpis_chart_with_time_line_ranking_and_lists() {
    let b = BoardTest::fixture("minimal");
    b.build_ok(&[]);
    let html = b.read("index.html");
    assert!(html.contains("53.0%"), "completion rate 530/1000");
    assert!(html.contains("50.0%"), "time progress 6/12");
    assert!(html.contains("66.7%"), "commencement rate 2/3");
    assert!(html.contains("33.3%"), "on-schedule rate 1/3");
    assert!(html.contains("<svg") && html.contains("时序进度 50.0%"), "district chart with the time-progress line");
    assert!(html.contains("role=\"img\""));
    assert!(html.contains("丙项目"), "red list");
    // Status is never shown by colour alone: every badge carries its text.
    assert!(html.contains("st-red") && html.contains("严重滞后"));
}

#[test]
fn project_table_is_complete_without_javascript() {
    let b = BoardTest::fixture("minimal");
    b.build_ok(&[]);
    let html = b.read("projects/index.html");
    assert_eq!(html.matches("<tr data-district=").count(), 3);
    for name in ["甲项目", "乙项目", "丙项目"] {
        assert!(html.contains(name));
    }
    assert!(html.contains("data-sort=\"num\""));
}

#[test]
fn project_page_has_facts_chart_milestones_and_history() {
    let b = BoardTest::fixture("minimal");
    b.build_ok(&[]);
    let html = b.read("projects/alpha/index.html");
    for text in
        ["甲项目", "张三", "区发改委", "2027-06-30", "主体封顶", "用电手续待办", "7月完成设备进场", "75.0%", "-25.0"]
    {
        assert!(html.contains(text), "project page lacks {text}");
    }
    assert!(html.contains("class=\"chart\""), "monthly chart");
    let gamma = b.read("projects/gamma/index.html");
    assert!(gamma.contains("ms-overdue"), "overdue milestone marked");
    assert!(gamma.contains("未按计划开工"), "the reason for red is given");
}

#[test]
fn links_work_under_a_sub_path() {
    let b = BoardTest::fixture("minimal");
    b.build_ok(&["--base-url", "/zdxm"]);
    for (path, bytes) in tree(&b.path("output")) {
        if !path.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8(bytes).unwrap();
        for attr in ["href=\"", "src=\""] {
            for (i, _) in html.match_indices(attr) {
                let rest = &html[i + attr.len()..];
                let ok = rest.starts_with("/zdxm/") || rest.starts_with('#') || rest.starts_with("mailto:");
                assert!(ok, "{path}: link not under /zdxm/: {}", &rest[..rest.len().min(40)]);
            }
        }
    }
    assert!(b.read("sitemap.xml").contains("<loc>/zdxm/projects/alpha/</loc>"));
}

#[test]
fn english_ui_when_the_site_says_so() {
    let b = BoardTest::fixture("minimal");
    let site = std::fs::read_to_string(b.path("content/site.yaml")).unwrap();
    let b = b.file("content/site.yaml", &format!("language: en\n{site}"));
    b.build_ok(&[]);
    let html = b.read("index.html");
    assert!(html.contains("<html lang=\"en\">"));
    assert!(html.contains("Data as of") && html.contains("June 2026"));
    assert!(html.contains("Annual completion rate") && html.contains("Red list"));
    assert!(!html.contains("数据截至") && !html.contains("时序进度"), "no Chinese UI text left");
}

#[test]
fn csv_opens_in_excel_with_chinese() {
    let b = BoardTest::fixture("minimal");
    b.build_ok(&[]);
    let csv = b.read("data/projects.csv");
    assert!(csv.starts_with('\u{feff}'), "UTF-8 BOM");
    let lines: Vec<&str> = csv.trim_end().split("\r\n").collect();
    assert_eq!(lines.len(), 4);
    assert!(lines[0].contains("项目名称"));
    assert!(lines[1].starts_with("alpha,甲项目,金谷园街道,"));
    let projects = b.json("data/projects.json");
    assert_eq!(projects.as_array().unwrap().len(), 3);
    assert_eq!(projects[0]["progress"].as_array().unwrap().len(), 6);
    assert_eq!(b.json("data/version.json")["month"], "2026-06");
}

/// The built-in language file of `lang` without `section.key`, as JSON text.
fn language_file_without(lang: &str, section: &str, key: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("themes/default/i18n/{lang}.json"));
    let mut strings: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    assert!(strings[section].as_object_mut().unwrap().remove(key).is_some(), "{section}.{key}");
    serde_json::to_string_pretty(&strings).unwrap()
}

#[test]
fn a_theme_language_file_without_a_word_stops_the_build_at_theme_load() {
    let b = BoardTest::fixture("minimal");
    b.build_ok(&[]);
    let before = tree(&b.path("output"));
    let b = b.file("themes/default/i18n/zh-CN.json", &language_file_without("zh-CN", "workbook", "serial"));
    for command in ["build", "check"] {
        let r = b.run(&[command]);
        assert_eq!(r.code, 2, "{command}: stderr:\n{}", r.stderr);
        assert!(r.stderr.contains("themes/default/i18n/zh-CN.json"), "{command}: {}", r.stderr);
        assert!(r.stderr.contains("\"workbook.serial\""), "{command}: {}", r.stderr);
    }
    assert!(tree(&b.path("output")) == before, "the failed build changed output/");
    // English boards read en.json: the same file of the other language does not matter.
    let b = b
        .file("themes/default/i18n/zh-CN.json", "{}")
        .file("themes/default/i18n/en.json", &language_file_without("en", "month", "names"));
    let site = std::fs::read_to_string(b.path("content/site.yaml")).unwrap();
    let b = b.file("content/site.yaml", &format!("{site}\nlanguage: en\n"));
    let r = b.run(&["build"]);
    assert_eq!(r.code, 2, "stderr:\n{}", r.stderr);
    assert!(r.stderr.contains("themes/default/i18n/en.json") && r.stderr.contains("\"month.names\""), "{}", r.stderr);
}

#[test]
fn theme_files_can_be_overridden() {
    let b = BoardTest::fixture("minimal").file("themes/default/static/style.css", "body { color: #123456; }\n");
    b.build_ok(&[]);
    assert_eq!(b.read("assets/style.css"), "body { color: #123456; }\n");
}
