//! The preview's web server: the built folder at the site's base path, nothing outside it.
//!
//! Every request is answered from the folder as it is at that moment (a rebuild swaps the
//! folder whole), with `index.html` for folders and the site's `404.html` for what is missing.
//! Paths that would leave the folder — `..` in any spelling, or a link leading out — are
//! refused. HTML responses get the live-reload script added on the way out; the files on
//! disk are never changed. `/__guatu/` is reserved for the script and the state it polls.

use std::fs;
use std::net::{SocketAddr, TcpListener};
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use anyhow::{anyhow, Result};
use tiny_http::{Header, Method, Request, Response};

use super::Live;

/// The reserved path of the live-reload endpoints.
pub const RESERVED: &str = "/__guatu/";

const LIVE_JS: &str = include_str!("live.js");

/// How long a page's poll waits for a change before it is answered anyway.
const POLL_WAIT: Duration = Duration::from_secs(25);

/// Takes the address before anything is built, so a port in use is reported at once.
pub fn bind(addr: SocketAddr) -> Result<TcpListener> {
    TcpListener::bind(addr).map_err(|e| {
        let hint = if addr.port() == 0 { "" } else { " (pass --port 0 to pick a free port, or another --port)" };
        anyhow!("cannot listen on {addr}: {e}{hint}")
    })
}

/// Answers requests on `listener`, each on its own thread, from the folder `dir`.
pub fn start(listener: TcpListener, dir: PathBuf, live: Arc<Live>) -> Result<()> {
    let server = tiny_http::Server::from_listener(listener, None).map_err(|e| anyhow!("starting the server: {e}"))?;
    let site = Arc::new(dir);
    std::thread::spawn(move || {
        for req in server.incoming_requests() {
            let (site, live) = (Arc::clone(&site), Arc::clone(&live));
            std::thread::spawn(move || answer(req, &site, &live));
        }
    });
    Ok(())
}

fn answer(req: Request, dir: &Path, live: &Live) {
    let host = req.headers().iter().find(|h| h.field.equiv("Host")).map(|h| h.value.as_str());
    let reply = refuse_host(host, req.url()).unwrap_or_else(|| reply(req.method(), req.url(), dir, live));
    let mut res = Response::from_data(reply.body).with_status_code(reply.status);
    let always =
        [("Content-Type", reply.content_type), ("Cache-Control", "no-store"), ("X-Content-Type-Options", "nosniff")];
    for (name, value) in always.into_iter().chain(reply.location.as_deref().map(|l| ("Location", l))) {
        res.add_header(Header::from_bytes(name.as_bytes(), value.as_bytes()).expect("valid header"));
    }
    // The client may have gone away; nothing to do about it.
    let _ = req.respond(res);
}

/// An answer, before it is sent.
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub content_type: &'static str,
    /// Body (sent empty for `HEAD`).
    pub body: Vec<u8>,
    /// `Location`, for redirects.
    pub location: Option<String>,
}

impl Reply {
    fn new(status: u16, content_type: &'static str, body: Vec<u8>) -> Reply {
        Reply { status, content_type, body, location: None }
    }

    fn text(status: u16, body: &str) -> Reply {
        Reply::new(status, "text/plain; charset=utf-8", body.as_bytes().to_vec())
    }

    /// A redirect on this host: a path beginning `//` or `/\` would send the browser to
    /// the host it names, so the Location starts with exactly one `/`.
    fn redirect(to: String) -> Reply {
        let to = format!("/{}", to.trim_start_matches(['/', '\\']));
        Reply { location: Some(to), ..Reply::text(302, "moved") }
    }
}

/// Refuses a request that names this server by a host name other than `localhost`: a web
/// page on another site whose name was made to resolve to this machine (DNS rebinding)
/// would otherwise read the preview. An IP address or a `localhost` name in `Host` (or in
/// an absolute-form target) is how the preview is opened, from this machine or another.
pub fn refuse_host(host: Option<&str>, url: &str) -> Option<Reply> {
    let in_target = url.strip_prefix("http://").or_else(|| url.strip_prefix("https://"));
    let named = in_target.map(|rest| rest.split(['/', '?', '#']).next().unwrap_or_default());
    [host, named].into_iter().flatten().find(|h| !host_allowed(h)).map(|h| {
        let body = format!(
            "refused: this preview answers only to localhost or an IP address, not to the name {h:?}; \
             open it as http://localhost:PORT/ or http://ADDRESS:PORT/"
        );
        Reply::text(403, &body)
    })
}

/// A `Host` value (name or address, with an optional port) that may reach the preview.
pub fn host_allowed(host: &str) -> bool {
    // `[::1]:8000`: an IPv6 address in brackets.
    if let Some(rest) = host.strip_prefix('[') {
        return rest.split_once(']').is_some_and(|(ip, port)| {
            ip.parse::<std::net::Ipv6Addr>().is_ok() && (port.is_empty() || port.strip_prefix(':').is_some_and(is_port))
        });
    }
    let name = match host.rsplit_once(':') {
        Some((name, port)) if is_port(port) => name,
        Some(_) => return false,
        None => host,
    };
    let name = name.strip_suffix('.').unwrap_or(name).to_ascii_lowercase();
    name.parse::<std::net::Ipv4Addr>().is_ok() || name == "localhost" || name.ends_with(".localhost")
}

/// A port number's digits.
fn is_port(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// Answers one request: `url` is the request target as sent.
pub fn reply(method: &Method, url: &str, dir: &Path, live: &Live) -> Reply {
    if !matches!(method, Method::Get | Method::Head) {
        return Reply::text(405, "only GET and HEAD are served");
    }
    let path = url.split(['?', '#']).next().unwrap_or_default();
    // The absolute form `http://host/path` names the same path.
    let absolute_form = path.starts_with("http://") || path.starts_with("https://");
    let path = if absolute_form { crate::view::url_path(path) } else { path };
    if !path.starts_with('/') {
        return Reply::text(400, "bad request target");
    }
    if let Some(endpoint) = path.strip_prefix(RESERVED) {
        return reserved(endpoint, url, live);
    }
    let state = live.get();
    let base = state.base.as_str();
    let Some(rel) = path.strip_prefix(base) else {
        // `/zdxm` → `/zdxm/`, and `/` → the site when it lives under a sub-path.
        if base.starts_with(path) {
            return Reply::redirect(base.to_string());
        }
        return not_found(dir, state.build);
    };
    match resolve(dir, rel) {
        Resolved::File(file) => file_reply(&file, 200, state.build),
        Resolved::Folder => Reply::redirect(format!("{path}/")),
        Resolved::NotFound => not_found(dir, state.build),
        Resolved::Refused => Reply::text(403, "refused: the path leads outside the site"),
    }
}

/// Where a request path leads inside the site folder.
#[derive(Debug, PartialEq, Eq)]
pub enum Resolved {
    /// A file inside the folder.
    File(PathBuf),
    /// A folder asked for without its final `/`.
    Folder,
    NotFound,
    /// The path would leave the folder.
    Refused,
}

/// Resolves `rel` (the part of the URL path after the base, still percent-encoded) inside `dir`.
pub fn resolve(dir: &Path, rel: &str) -> Resolved {
    let mut path = dir.to_path_buf();
    for raw in rel.split('/').filter(|s| !s.is_empty()) {
        let Some(segment) = percent_decode(raw) else { return Resolved::Refused };
        let plain = Path::new(&segment).components().all(|c| matches!(c, Component::Normal(_)));
        if segment.contains(['/', '\\', '\0']) || !plain || segment == "." || segment == ".." {
            return Resolved::Refused;
        }
        path.push(segment);
    }
    let (Ok(base), Ok(real)) = (dir.canonicalize(), path.canonicalize()) else { return Resolved::NotFound };
    if !real.starts_with(&base) {
        return Resolved::Refused;
    }
    if real.is_dir() {
        if !rel.is_empty() && !rel.ends_with('/') {
            return Resolved::Folder;
        }
        return match real.join("index.html").canonicalize() {
            Ok(i) if i.starts_with(&base) && i.is_file() => Resolved::File(i),
            Ok(i) if !i.starts_with(&base) => Resolved::Refused,
            _ => Resolved::NotFound,
        };
    }
    if real.is_file() {
        Resolved::File(real)
    } else {
        Resolved::NotFound
    }
}

/// `%XX` → byte; `None` for a bad escape or a result that is not UTF-8.
fn percent_decode(s: &str) -> Option<String> {
    let mut parts = s.split('%');
    let mut out = parts.next().unwrap_or_default().as_bytes().to_vec();
    for part in parts {
        out.push(u8::from_str_radix(part.get(..2)?, 16).ok()?);
        out.extend_from_slice(&part.as_bytes()[2..]);
    }
    String::from_utf8(out).ok()
}

fn file_reply(file: &Path, status: u16, build: u64) -> Reply {
    match fs::read(file) {
        Ok(bytes) => {
            let content_type = content_type(file);
            let body = if content_type.starts_with("text/html") { with_live_script(&bytes, build) } else { bytes };
            Reply::new(status, content_type, body)
        }
        // Swapped away by a rebuild between resolving and reading: let the page ask again.
        Err(_) => Reply::text(503, "the site is being rebuilt; reload"),
    }
}

fn not_found(dir: &Path, build: u64) -> Reply {
    match resolve(dir, "404.html") {
        Resolved::File(f) => file_reply(&f, 404, build),
        _ => {
            let page = "<!doctype html><html lang=\"zh-CN\"><meta charset=\"utf-8\"><title>guatu serve</title>\
                        <body><p>页面不存在，或网站尚未成功构建。Not found, or no good build yet.</p></body></html>";
            Reply::new(404, "text/html; charset=utf-8", with_live_script(page.as_bytes(), build))
        }
    }
}

/// The page with the live-reload script before its last `</body>` (or at its end).
pub fn with_live_script(html: &[u8], build: u64) -> Vec<u8> {
    let tag = format!("<script src=\"{RESERVED}live.js\" data-build=\"{build}\"></script>");
    let at = html.windows(7).rposition(|w| w.eq_ignore_ascii_case(b"</body>")).unwrap_or(html.len());
    [&html[..at], tag.as_bytes(), &html[at..]].concat()
}

fn reserved(endpoint: &str, url: &str, live: &Live) -> Reply {
    match endpoint {
        "live.js" => Reply::new(200, "text/javascript; charset=utf-8", LIVE_JS.into()),
        "state" => {
            let since = url
                .split_once('?')
                .and_then(|(_, q)| q.split('&').find_map(|kv| kv.strip_prefix("since=")))
                .and_then(|v| v.parse().ok());
            let state = since.map_or_else(|| live.get(), |v| live.wait(v, POLL_WAIT));
            Reply::new(200, "application/json", serde_json::to_vec(&state).expect("plain JSON"))
        }
        _ => Reply::text(404, "unknown guatu serve endpoint"),
    }
}

/// The `Content-Type` of a file, by extension.
pub fn content_type(path: &Path) -> &'static str {
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or_default().to_ascii_lowercase();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "csv" => "text/csv; charset=utf-8",
        "txt" | "md" => "text/plain; charset=utf-8",
        "xml" => "application/xml",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "pdf" => "application/pdf",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        "woff2" => "font/woff2",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> tempfile::TempDir {
        let d = tempfile::tempdir().unwrap();
        fs::create_dir_all(d.path().join("site/projects/a")).unwrap();
        fs::write(d.path().join("site/index.html"), "<html><body><p>home</p></body></html>").unwrap();
        fs::write(d.path().join("site/projects/a/index.html"), "<body>a</body>").unwrap();
        fs::write(d.path().join("site/404.html"), "<body>missing</body>").unwrap();
        fs::write(d.path().join("secret.txt"), "secret").unwrap();
        d
    }

    fn get(dir: &Path, live: &Live, url: &str) -> Reply {
        reply(&Method::Get, url, &dir.join("site"), live)
    }

    #[test]
    fn serves_files_folders_and_the_404_page() {
        let d = site();
        let live = Live::default();
        let r = get(d.path(), &live, "/");
        assert_eq!((r.status, r.content_type), (200, "text/html; charset=utf-8"));
        let body = String::from_utf8(r.body).unwrap();
        assert!(body.contains("<p>home</p><script src=\"/__guatu/live.js\" data-build=\"0\"></script></body>"));
        assert_eq!(get(d.path(), &live, "/projects/a/?x=1").status, 200);
        let r = get(d.path(), &live, "/projects/a");
        assert_eq!((r.status, r.location.as_deref()), (302, Some("/projects/a/")));
        let r = get(d.path(), &live, "/nothing/here");
        assert_eq!(r.status, 404);
        assert!(String::from_utf8(r.body).unwrap().contains("missing"));
        assert_eq!(reply(&Method::Post, "/", &d.path().join("site"), &live).status, 405);
    }

    #[test]
    fn answers_only_to_localhost_and_ip_addresses() {
        for ok in [
            "localhost",
            "localhost:8000",
            "LOCALHOST.",
            "app.localhost:1",
            "127.0.0.1:8000",
            "192.168.1.20",
            "[::1]:8000",
            "[::1]",
        ] {
            assert!(host_allowed(ok), "{ok}");
            assert!(refuse_host(Some(ok), "/").is_none(), "{ok}");
        }
        for bad in [
            "evil.example",
            "evil.example:8000",
            "localhost.evil.example",
            "127.0.0.1.evil.example",
            "[::1]x",
            "localhost:80a",
            "",
            "[evil]:80",
        ] {
            assert!(!host_allowed(bad), "{bad}");
            let r = refuse_host(Some(bad), "/").unwrap();
            assert_eq!(r.status, 403, "{bad}");
        }
        // No Host header (HTTP/1.0 tools): answered; an absolute-form target's host counts too.
        assert!(refuse_host(None, "/").is_none());
        assert_eq!(refuse_host(Some("localhost"), "http://evil.example/").unwrap().status, 403);
        assert!(refuse_host(Some("localhost"), "http://127.0.0.1:8000/x").is_none());
    }

    #[test]
    fn a_folder_asked_for_with_two_slashes_is_redirected_on_this_host() {
        let d = site();
        let live = Live::default();
        for url in ["//projects/a", "///projects/a"] {
            let r = get(d.path(), &live, url);
            assert_eq!((r.status, r.location.as_deref()), (302, Some("/projects/a/")), "{url}");
        }
    }

    #[test]
    fn refuses_every_way_out_of_the_folder() {
        let d = site();
        let live = Live::default();
        for url in [
            "/../secret.txt",
            "/projects/../../secret.txt",
            "/%2e%2e/secret.txt",
            "/%2E%2E%2fsecret.txt",
            "/..%5csecret.txt",
            "/projects/%2e%2e/%2e%2e/secret.txt",
            "/%00",
            "/%zz",
        ] {
            let r = get(d.path(), &live, url);
            assert_eq!(r.status, 403, "{url}");
            assert!(!String::from_utf8_lossy(&r.body).contains("secret"), "{url}");
        }
        // An absolute path is a path inside the site.
        assert_eq!(get(d.path(), &live, &format!("{}/secret.txt", d.path().display())).status, 404);
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(d.path().join("secret.txt"), d.path().join("site/leak.txt")).unwrap();
            std::os::unix::fs::symlink(d.path(), d.path().join("site/up")).unwrap();
            assert_eq!(get(d.path(), &live, "/leak.txt").status, 403);
            assert_eq!(get(d.path(), &live, "/up/secret.txt").status, 403);
        }
    }

    #[test]
    fn serves_the_site_at_its_base_path() {
        let d = site();
        let live = Live::default();
        live.built("/zdxm/");
        let r = get(d.path(), &live, "/");
        assert_eq!((r.status, r.location.as_deref()), (302, Some("/zdxm/")));
        assert_eq!(get(d.path(), &live, "/zdxm").status, 302);
        assert_eq!(get(d.path(), &live, "/zdxm/projects/a/").status, 200);
        assert_eq!(get(d.path(), &live, "/projects/a/").status, 404);
    }

    #[test]
    fn the_state_endpoint_and_the_script() {
        let d = site();
        let live = Live::default();
        live.failed("content/site.yaml:3:1: error: <bad>\n".into());
        let r = get(d.path(), &live, "/__guatu/state?since=0");
        let v: serde_json::Value = serde_json::from_slice(&r.body).unwrap();
        assert_eq!(v["version"], 1);
        assert_eq!(v["error"], "content/site.yaml:3:1: error: <bad>\n");
        let js = get(d.path(), &live, "/__guatu/live.js");
        assert_eq!(js.content_type, "text/javascript; charset=utf-8");
        assert!(String::from_utf8(js.body).unwrap().contains("textContent"));
    }

    #[test]
    fn content_types() {
        for (f, t) in [
            ("a.css", "text/css; charset=utf-8"),
            ("a.svg", "image/svg+xml"),
            ("a.PDF", "application/pdf"),
            ("a.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
            ("feed.xml", "application/xml"),
            ("a.csv", "text/csv; charset=utf-8"),
        ] {
            assert_eq!(content_type(Path::new(f)), t);
        }
    }
}
