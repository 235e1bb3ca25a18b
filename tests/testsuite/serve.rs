//! `guatu serve`: the preview is served, rebuilt on change, kept on error, and confined to
//! its folder. Each test runs the real binary on a temporary board and talks plain HTTP.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{channel, Receiver};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::board_test::{tree, BoardTest};

/// A running `guatu serve`, killed when dropped (also when a test panics).
struct Served {
    child: Child,
    /// `http://127.0.0.1:PORT/base/`.
    url: String,
    /// `127.0.0.1:PORT`.
    addr: String,
    stderr: Arc<Mutex<String>>,
    _lines: Receiver<String>,
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A response: status, headers (lower-case names) and body.
struct Http {
    status: u16,
    headers: String,
    body: String,
}

impl Served {
    /// Starts `guatu serve --port 0` on the board, with the preview in `<root>/preview`.
    fn start(b: &BoardTest) -> Served {
        let mut child = Command::new(env!("CARGO_BIN_EXE_guatu"))
            .args(["serve", "--port", "0", "--root"])
            .arg(b.root())
            .arg("--output")
            .arg(b.path("preview"))
            .env("NO_COLOR", "1")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stderr = Arc::new(Mutex::new(String::new()));
        let sink = Arc::clone(&stderr);
        let mut err = child.stderr.take().unwrap();
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = err.read(&mut buf) {
                if n == 0 {
                    break;
                }
                sink.lock().unwrap().push_str(&String::from_utf8_lossy(&buf[..n]));
            }
        });
        let (tx, lines) = channel();
        let out = child.stdout.take().unwrap();
        std::thread::spawn(move || {
            for line in BufReader::new(out).lines().map_while(Result::ok) {
                let _ = tx.send(line);
            }
        });
        let mut served = Served { child, url: String::new(), addr: String::new(), stderr, _lines: channel().1 };
        let line = lines
            .recv_timeout(Duration::from_secs(60))
            .unwrap_or_else(|_| panic!("serve printed no URL; stderr:\n{}", served.stderr.lock().unwrap()));
        let url = line.strip_prefix("serving ").unwrap_or_else(|| panic!("unexpected first line {line:?}"));
        served.url = url.to_string();
        served.addr = url.trim_start_matches("http://").split('/').next().unwrap().to_string();
        served._lines = lines;
        served
    }

    /// Sends a raw request target (sent as is, nothing normalised) and reads the response.
    fn raw(&self, target: &str) -> Http {
        self.raw_to(&self.addr, target)
    }

    /// Sends a raw request target with `host` as its `Host` header.
    fn raw_to(&self, host: &str, target: &str) -> Http {
        let mut s = TcpStream::connect(&self.addr).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
        write!(s, "GET {target} HTTP/1.0\r\nHost: {host}\r\n\r\n").unwrap();
        let mut bytes = Vec::new();
        s.read_to_end(&mut bytes).unwrap();
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
        let status = head.split(' ').nth(1).and_then(|c| c.parse().ok()).unwrap_or(0);
        Http { status, headers: head.to_ascii_lowercase(), body: body.to_string() }
    }

    fn state(&self) -> serde_json::Value {
        serde_json::from_str(&self.raw("/__guatu/state").body).unwrap()
    }

    /// Polls until `f` holds (every 50 ms, at most 30 s).
    fn wait_for(&self, what: &str, f: impl Fn(&Served) -> bool) {
        let start = Instant::now();
        while !f(self) {
            assert!(
                start.elapsed() < Duration::from_secs(30),
                "timed out waiting for {what}; stderr:\n{}",
                self.stderr.lock().unwrap()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }
}

fn set_name(b: &BoardTest, id: &str, name: &str) {
    let path = b.path(&format!("content/projects/{id}.yaml"));
    let text = std::fs::read_to_string(&path).unwrap();
    let first = text.lines().find(|l| l.starts_with("name:")).unwrap();
    std::fs::write(&path, text.replacen(first, &format!("name: {name}"), 1)).unwrap();
}

#[test]
fn serve_rebuilds_on_change_and_keeps_the_last_good_site_on_error() {
    let b = BoardTest::fixture("minimal");
    let s = Served::start(&b);
    assert!(s.url.starts_with("http://127.0.0.1:") && s.url.ends_with('/'), "{}", s.url);

    // The preview is the site `guatu build --no-posters` makes, byte for byte; the live-reload
    // script is added to HTML responses only.
    b.build_ok(&["--no-posters"]);
    assert_eq!(tree(&b.path("preview")), tree(&b.path("output")), "the preview differs from a build");
    let page = s.raw("/projects/alpha/");
    assert_eq!(page.status, 200);
    assert!(page.headers.contains("content-type: text/html; charset=utf-8"));
    assert!(page.body.contains("<script src=\"/__guatu/live.js\" data-build=\"1\"></script></body>"));
    let name = |p: &Http| p.body.contains("甲项目");
    assert!(name(&page), "alpha's name is on its page");
    assert_eq!(s.state()["build"], 1);

    // An edit is rebuilt and served.
    set_name(&b, "alpha", "更名后的产业园");
    // The site is published before the build is counted and reported: wait for the count.
    s.wait_for("the second build", |s| s.state()["build"] == 2);
    assert!(s.raw("/projects/alpha/").body.contains("更名后的产业园"));
    s.wait_for("the rebuild reported", |s| s.stderr().contains("content/projects/alpha.yaml changed: rebuilt"));

    // A content error: reported to pages with path:line:col, the last good build stays served.
    let alpha = b.path("content/projects/alpha.yaml");
    let good = std::fs::read_to_string(&alpha).unwrap();
    std::fs::write(&alpha, good.replacen("district: jinguyuan", "district: jinguyan", 1)).unwrap();
    s.wait_for("the error", |s| s.state()["error"].is_string());
    let state = s.state();
    let error = state["error"].as_str().unwrap();
    assert!(error.contains("content/projects/alpha.yaml:2:11: error: unknown district `jinguyan`"), "{error}");
    assert!(error.contains("did you mean \"jinguyuan\"?"), "{error}");
    assert_eq!(state["build"], 2, "a failed rebuild is not a new build");
    s.wait_for("the error in the terminal", |s| s.stderr().contains(error));
    let kept = s.raw("/projects/alpha/");
    assert_eq!(kept.status, 200);
    assert!(kept.body.contains("更名后的产业园"), "the last good page is still served");
    assert!(s.raw("/").status == 200 && s.raw("/data/summary.json").status == 200);

    // Fixed: the error clears and a new build is served.
    std::fs::write(&alpha, good.replacen("更名后的产业园", "再次更名的产业园", 1)).unwrap();
    s.wait_for("the fix", |s| s.state()["build"] == 3);
    assert!(s.state()["error"].is_null());
    assert!(s.raw("/projects/alpha/").body.contains("再次更名的产业园"));
}

#[test]
fn serve_refuses_paths_outside_the_site_and_serves_at_the_base_url() {
    let b = BoardTest::fixture("minimal");
    let site = std::fs::read_to_string(b.path("content/site.yaml")).unwrap();
    let b = b.file("content/site.yaml", &format!("{site}base_url: /zdxm/\n")).file("secret.txt", "TOP-SECRET");
    let s = Served::start(&b);
    assert!(s.url.ends_with("/zdxm/"), "{}", s.url);
    let home = s.raw("/zdxm/");
    assert_eq!(home.status, 200);
    assert!(home.body.contains("href=\"/zdxm/projects/\""), "links work under the base path");
    let root = s.raw("/");
    assert_eq!(root.status, 302);
    assert!(root.headers.contains("location: /zdxm/"));
    let folder = s.raw("/zdxm/projects");
    assert_eq!(folder.status, 302);
    assert!(folder.headers.contains("location: /zdxm/projects/"));
    let missing = s.raw("/zdxm/no/such/page/");
    assert_eq!(missing.status, 404);
    assert!(missing.body.contains("页面不存在"), "the site's 404 page");
    for (path, ty) in [
        ("/zdxm/assets/style.css", "text/css"),
        ("/zdxm/assets/app.js", "text/javascript"),
        ("/zdxm/data/summary.json", "application/json"),
        ("/zdxm/data/projects.csv", "text/csv"),
        ("/zdxm/sitemap.xml", "application/xml"),
        ("/zdxm/reports/2026-06/report.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ] {
        let r = s.raw(path);
        assert_eq!(r.status, 200, "{path}");
        assert!(r.headers.contains(&format!("content-type: {ty}")), "{path}: {}", r.headers);
    }

    // `<root>/preview/../secret.txt` is `<root>/secret.txt`: every spelling of the way up is refused.
    #[cfg(unix)]
    std::os::unix::fs::symlink(b.path("secret.txt"), b.path("preview/leak.txt")).unwrap();
    for target in [
        "/zdxm/../secret.txt",
        "/zdxm/%2e%2e/secret.txt",
        "/zdxm/%2E%2E%2Fsecret.txt",
        "/zdxm/projects/..%2f..%2fsecret.txt",
        "/zdxm/..%5csecret.txt",
        "/zdxm/leak.txt",
        "http://example.com/zdxm/../secret.txt",
        "http://127.0.0.1/zdxm/../secret.txt",
    ] {
        let r = s.raw(target);
        assert!(matches!(r.status, 403 | 404), "{target}: {}", r.status);
        assert!(!r.body.contains("TOP-SECRET"), "{target} leaked the file");
    }
    let absolute = format!("/zdxm{}", b.path("secret.txt").display());
    assert!(!s.raw(&absolute).body.contains("TOP-SECRET"));

    // A page on another site whose name was pointed at this machine (DNS rebinding) gets
    // nothing; localhost and IP addresses are how the preview is opened.
    let port = s.addr.rsplit(':').next().unwrap();
    for host in [format!("evil.example:{port}"), "evil.example".into(), format!("localhost.evil.example:{port}")] {
        let r = s.raw_to(&host, "/zdxm/");
        assert_eq!(r.status, 403, "{host}");
        assert!(r.body.contains("only to localhost or an IP address"), "{host}: {}", r.body);
    }
    for host in [format!("localhost:{port}"), format!("127.0.0.1:{port}"), format!("[::1]:{port}")] {
        assert_eq!(s.raw_to(&host, "/zdxm/").status, 200, "{host}");
    }
}

/// The files whose bytes differ between two trees, or that are in one only.
fn differing(a: &[(String, Vec<u8>)], b: &[(String, Vec<u8>)]) -> Vec<String> {
    let a: std::collections::BTreeMap<_, _> = a.iter().cloned().collect();
    let b: std::collections::BTreeMap<_, _> = b.iter().cloned().collect();
    a.keys()
        .chain(b.keys())
        .filter(|k| a.get(*k) != b.get(*k))
        .cloned()
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect()
}

#[test]
fn an_edit_shown_on_one_page_rewrites_that_page_alone_and_the_preview_stays_a_build() {
    let b = BoardTest::demo();
    let s = Served::start(&b);
    let id = "chuneng-dianchi-pack";
    let path = b.path(&format!("content/projects/{id}.yaml"));
    let text = std::fs::read_to_string(&path).unwrap();
    let rebuilt = |n: usize| move |s: &Served| s.stderr().matches("changed: rebuilt").count() == n;
    let first = tree(&b.path("preview"));
    // Which published folder it is: a rebuild of everything swaps a new one in.
    let folder = || std::os::unix::fs::MetadataExt::ino(&std::fs::metadata(b.path("preview")).unwrap());
    let published = folder();
    let version = |t: &[(String, Vec<u8>)]| -> serde_json::Value {
        serde_json::from_slice(&t.iter().find(|(p, _)| p == "data/version.json").unwrap().1).unwrap()
    };

    // The description shows on the project's page only: that page and the build id are new,
    // every other file is the one already published (the display keeps its id: no reload).
    std::fs::write(&path, text.replacen("\ndescription: |\n", "\ndescription: |\n  本月完成主体结构验收。\n\n", 1))
        .unwrap();
    s.wait_for("the rebuild of the description", rebuilt(1));
    let second = tree(&b.path("preview"));
    assert_eq!(differing(&first, &second), ["data/version.json".to_string(), format!("projects/{id}/index.html")]);
    assert!(s.raw(&format!("/projects/{id}/")).body.contains("本月完成主体结构验收"));
    let (v1, v2) = (version(&first), version(&second));
    assert_ne!(v1["build"], v2["build"], "the inputs changed");
    assert_eq!(v1["display"], v2["display"], "the display shows nothing that changed");
    assert_eq!(folder(), published, "the two files were laid over the published site");
    // …and the preview is what a build of the same content makes, byte for byte.
    b.build_ok(&["--no-posters"]);
    assert_eq!(differing(&second, &tree(&b.path("output"))), Vec::<String>::new());

    // A figure: everything that shows it is made again, the display too; still a build.
    std::fs::write(&path, std::fs::read_to_string(&path).unwrap().replacen("name: ", "name: 新", 1)).unwrap();
    s.wait_for("the rebuild of the name", rebuilt(2));
    let third = tree(&b.path("preview"));
    assert!(differing(&second, &third).len() > 10, "the name shows in lists, reports and data");
    assert_ne!(version(&second)["display"], version(&third)["display"]);
    assert_ne!(folder(), published, "a new site was swapped in");
    b.build_ok(&["--no-posters"]);
    assert_eq!(differing(&third, &tree(&b.path("output"))), Vec::<String>::new());
}
