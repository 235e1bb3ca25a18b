//! Which URLs leave the site, decided as a browser parses them (the WHATWG URL
//! standard, through the `url` crate), not by the spelling of a prefix.
//!
//! A browser strips leading and trailing spaces and control characters, removes every
//! TAB, LF and CR, reads schemes in any case and takes `\` for `/` in http(s) URLs: so
//! `HTTPS://host`, ` https://host`, `ht<TAB>tps://host`, `\\host`, `/\host` and `\/host`
//! all load from `host`.

use std::sync::LazyLock;

use url::Url;

/// A page of the site, served over https and over http, as the bases that relative URLs
/// are resolved against: the scheme matters (`https:host` is a path on an https page but
/// the host `host` on an http one). `.invalid` never resolves, so no real address shares
/// their origin.
static PAGES: LazyLock<[Url; 2]> = LazyLock::new(|| {
    ["https://guatu.invalid/a/b/", "http://guatu.invalid/a/b/"].map(|u| Url::parse(u).expect("a valid constant URL"))
});

/// Whether a browser on one of the site's pages would go to another origin for `value`
/// (an `href` or `src` after HTML entities are decoded). A value that does not parse is
/// taken as leaving.
pub fn leaves_site(value: &str) -> bool {
    PAGES.iter().any(|page| page.join(value).map_or(true, |url| url.origin() != page.origin()))
}

/// `value` as the browser reads it, for writing back into an attribute: an absolute URL in
/// its serialised form (scheme in lower case, no TAB or line breaks); a relative one
/// trimmed of spaces and control characters, without TAB, LF and CR, and with `\` as `/`
/// before its query or fragment.
pub fn normalized(value: &str) -> String {
    if let Ok(url) = Url::parse(value) {
        return url.into();
    }
    let read: String =
        value.trim_matches(|c: char| c <= ' ').chars().filter(|c| !matches!(c, '\t' | '\n' | '\r')).collect();
    let (path, rest) = read.split_at(read.find(['?', '#']).unwrap_or(read.len()));
    path.replace('\\', "/") + rest
}

/// Why `base` cannot be the address the site is served under, or `None` when it can:
/// a path such as `/zdxm/` or an http(s) address. Refused: a backslash anywhere (a browser
/// reads it as `/`), spaces, control characters or quotes, and a path that starts with two
/// slashes (`//host/`), which a browser takes as another host.
pub fn base_fault(base: &str) -> Option<&'static str> {
    if base.contains('\\') {
        return Some("contains a backslash, which a browser reads as `/`");
    }
    if base.contains(|c: char| c <= ' ' || c == '\u{7f}' || matches!(c, '"' | '<' | '>' | '\'')) {
        return Some("contains a space, a control character or a quote");
    }
    let path = if let Some(rest) = base.strip_prefix("https://").or_else(|| base.strip_prefix("http://")) {
        if rest.is_empty() || rest.starts_with('/') {
            return Some("names no host after `://`");
        }
        rest.find('/').map_or("/", |i| &rest[i..])
    } else if base.starts_with('/') {
        base
    } else {
        return Some("is neither a path nor an http(s) address");
    };
    if path.starts_with("//") {
        return Some("starts its path with two slashes, which a browser takes as another host");
    }
    None
}

/// `s` for a message: control characters escaped (`\t`, `\u{1}`), everything else as written.
pub fn shown(s: &str) -> String {
    s.chars().map(|c| if c.is_control() { c.escape_debug().to_string() } else { c.to_string() }).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_spelling_of_another_origin_leaves_the_site() {
        for v in [
            "https://host/p.gif",
            "HTTPS://host/p.gif",
            "Http://host/p.gif",
            "  https://host/p.gif",
            "\u{1}https://host/p.gif",
            "ht\ttps://host/p.gif",
            "https:\n//host/p.gif",
            "//host/p.gif",
            "\\\\host/p.gif",
            "/\\host/p.gif",
            "\\/host/p.gif",
            " //host/p.gif",
            "/\t/host/p.gif",
            "https:host/p.gif",
            "http://guatu.invalid/a.gif",
            "data:image/gif;base64,R0lGOD",
            "ftp://host/p.gif",
            "javascript:alert(1)",
            "https://[::1",
        ] {
            assert!(leaves_site(v), "{v:?}");
        }
    }

    #[test]
    fn paths_on_the_site_stay() {
        for v in ["/media/a.jpg", "media/a.jpg", "../media/a.jpg", "../../../../a.jpg", "#top", "?q=1", "", "a\\b.jpg"]
        {
            assert!(!leaves_site(v), "{v:?}");
        }
    }

    #[test]
    fn normalized_is_what_the_browser_reads() {
        assert_eq!(normalized("HTTPS://Host/a"), "https://host/a");
        assert_eq!(normalized(" ht\ttps://host/a "), "https://host/a");
        assert_eq!(normalized("  ../a\\b.jpg?x=\\y "), "../a/b.jpg?x=\\y");
        assert_eq!(normalized("\\\\host/a"), "//host/a");
        assert_eq!(normalized("media/a\n.jpg"), "media/a.jpg");
    }

    #[test]
    fn bases_that_lead_to_another_host_are_faulted() {
        for b in [
            "//host/",
            "/\\host/",
            "\\/host/",
            "\\\\host/",
            "/zdxm\\x/",
            "/\t/host/",
            " /zdxm/",
            "https://a.gov.cn//host/",
            "https:///host/",
            "zdxm/",
            "HTTPS://a.gov.cn/",
        ] {
            assert!(base_fault(b).is_some(), "{b:?}");
        }
        for b in ["/", "/zdxm/", "/zdxm", "https://a.gov.cn/zdxm/", "http://a.gov.cn", "https://a.gov.cn/"] {
            assert_eq!(base_fault(b), None, "{b:?}");
        }
    }
}
