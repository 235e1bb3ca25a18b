//! The lobby display: `display/index.html` checked as markup and driven in headless
//! Chromium (`tests/browser/display.mjs`), and the slide images.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::board_test::BoardTest;

/// The browser check package, installed (`npm ci --prefix tests/browser`), or `None`
/// when the browser checks are skipped on purpose.
pub fn browser_checks() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser");
    if std::env::var_os("GUATU_SKIP_BROWSER").is_some() {
        return None;
    }
    assert!(
        dir.join("node_modules/playwright-core").is_dir(),
        "the browser checks need `npm ci --prefix tests/browser` (and Chromium); set GUATU_SKIP_BROWSER=1 to skip them"
    );
    Some(dir)
}

/// Runs the browser check `script` (`display.mjs`, `show.mjs`) on the board's output
/// (built under `/zdxm/`); returns whether every check passed and what it printed.
fn drive_display(dir: &Path, script: &str, b: &BoardTest) -> (bool, String) {
    let out = Command::new("node")
        .arg(dir.join(script))
        .arg(b.path("output"))
        .args(["/zdxm/", "wangchenglu"])
        .output()
        .expect("node is installed");
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    (out.status.success(), text)
}

fn demo_display() -> BoardTest {
    let b = BoardTest::demo();
    b.build_ok(&["--base-url", "/zdxm/", "--no-posters"]);
    b
}

#[test]
fn the_display_page_holds_every_slide_from_the_report_figures() {
    let b = demo_display();
    let html = b.read("display/index.html");
    let summary = b.json("data/summary.json");
    let version = b.json("data/version.json");
    // the reload check compares the page's id with the one published, from the same origin
    assert!(html.contains(&format!("data-display=\"{}\"", version["display"].as_str().unwrap())));
    assert!(version["build"].as_str().is_some_and(|b| !b.is_empty()), "and the build id is there too");
    assert!(html.contains("data-version=\"/zdxm/data/version.json\""));
    assert!(html.contains("data-month=\"2026-10\""));
    assert!(html.contains("数据截至 <strong>2026年10月</strong>"));
    assert!(html.contains("监督电话"), "contact line");
    for set in ["overview", "chart", "ranking", "red", "honour", "projects"] {
        assert!(html.contains(&format!("data-set=\"{set}\"")), "slide set {set}");
    }
    // every project once on the project slides, each red-list project on the red slide
    let projects = html.split("data-set=\"projects\"").nth(1).unwrap();
    for p in summary["projects"].as_array().unwrap() {
        let name = p["name"].as_str().unwrap();
        assert_eq!(projects.matches(&format!("<span class=\"nm\">{name}</span>")).count(), 1, "{name}");
    }
    let red = html.split("data-set=\"red\"").nth(1).unwrap().split("data-set=\"honour\"").next().unwrap();
    let red_rows = red.matches("<tr class=\"row\"").count();
    assert_eq!(red_rows, summary["red_list"].as_array().unwrap().len());
    // the overview's headline rate is the summary's, formatted to one decimal
    let rate = summary["totals"]["completion_rate"].as_f64().unwrap();
    let shown = format!("<strong class=\"cmp-value\">{:.1}%</strong>", rate * 100.0);
    assert!(html.contains(&shown), "overview shows {shown}");
    // one overview per district for ?district=<id>
    for d in summary["districts"].as_array().unwrap() {
        assert!(html.contains(&format!("data-scope=\"district\" data-district=\"{}\"", d["id"].as_str().unwrap())));
    }
    // nothing from another origin
    assert!(!html.contains("http://") && !html.contains("https://"), "no absolute URL in the display page");
}

#[test]
fn a_show_longer_than_its_minutes_is_cut_to_them_and_every_set_stays() {
    // 2 minutes of 15 s slides: 8 pages, fewer than the demo's slides.
    let b = BoardTest::demo();
    let site = std::fs::read_to_string(b.path("content/site.yaml")).unwrap();
    let site = site.replace("reload_check_seconds: 60, show_minutes: 10", "reload_check_seconds: 60, show_minutes: 2");
    let b = b.file("content/site.yaml", &site);
    b.build_ok(&["--base-url", "/zdxm/"]);
    assert!(b.read("display/index.html").contains("data-max=\"8\""));
    let slides = std::fs::read_dir(b.path("output/display/slides")).unwrap().count();
    assert_eq!(slides, 8, "the slide images keep to the show's length");
    let Some(dir) = browser_checks() else { return };
    let (ok, text) = drive_display(&dir, "show.mjs", &b);
    assert!(ok && text.contains("show: all checks passed"), "{text}");
}

#[test]
fn the_display_rotates_reloads_and_fits_in_a_real_browser() {
    let Some(dir) = browser_checks() else { return };
    let b = demo_display();
    let (ok, text) = drive_display(&dir, "display.mjs", &b);
    assert!(ok, "display checks failed:\n{text}");
    assert!(text.contains("display: all checks passed"), "{text}");
}

#[test]
fn the_slides_are_1920x1080_images_with_the_text_drawn() {
    let b = BoardTest::demo();
    b.build_ok(&[]);
    let summary = b.json("data/summary.json");
    let projects = summary["projects"].as_array().unwrap().len();
    let pages = |n: usize, per: usize| n.div_ceil(per).max(1);
    let reds = summary["red_list"].as_array().unwrap().len();
    let honours = summary["honour_list"].as_array().unwrap().len();
    let districts = summary["districts"].as_array().unwrap().len();
    // overview, chart, ranking, red, honour, projects (7 project rows, 9 districts a slide)
    let expected = 1 + 2 * pages(districts, 9) + pages(reds, 7) + pages(honours, 7) + pages(projects, 7);
    let dir = b.path("output/display/slides");
    let mut names: Vec<String> =
        std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
    names.sort();
    let want: Vec<String> = (1..=expected).map(|n| format!("{n:02}.png")).collect();
    assert_eq!(names, want);
    for n in &names {
        let img = image::open(dir.join(n)).unwrap().to_rgb8();
        assert_eq!(img.dimensions(), (1920, 1080), "{n}");
    }
    // The title (Chinese) is drawn: the header band of slide 1 has many white text pixels,
    // and the slide title row has light pixels too. Missing glyphs would leave them empty.
    let img = image::open(dir.join("01.png")).unwrap().to_rgb8();
    let light = |x0: u32, y0: u32, x1: u32, y1: u32| {
        (x0..x1).flat_map(|x| (y0..y1).map(move |y| (x, y))).filter(|&(x, y)| img.get_pixel(x, y).0[1] > 200).count()
    };
    assert!(light(48, 56, 700, 112) > 3000, "title text drawn in the header: {}", light(48, 56, 700, 112));
    assert!(light(76, 150, 400, 200) > 800, "slide title drawn: {}", light(76, 150, 400, 200));
    assert!(light(48, 20, 1900, 1000) < 1900 * 980 / 3, "the slide is not blank white");
}

#[test]
fn the_english_display_fits_and_works_too() {
    let Some(dir) = browser_checks() else { return };
    let b = BoardTest::demo();
    let site = std::fs::read_to_string(b.path("content/site.yaml")).unwrap();
    let site = if site.contains("\nlanguage:") {
        site.lines().map(|l| if l.starts_with("language:") { "language: en" } else { l }).collect::<Vec<_>>().join("\n")
    } else {
        format!("{site}\nlanguage: en\n")
    };
    let b = b.file("content/site.yaml", &site);
    b.build_ok(&["--base-url", "/zdxm/", "--no-posters"]);
    assert!(b.read("display/index.html").contains("<html lang=\"en\">"));
    let (ok, text) = drive_display(&dir, "display.mjs", &b);
    assert!(ok, "display checks (English) failed:\n{text}");
}
