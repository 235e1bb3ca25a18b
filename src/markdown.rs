//! Markdown → safe HTML: pulldown-cmark renders, ammonia removes anything that could run.

use std::collections::HashSet;
use std::sync::OnceLock;

use pulldown_cmark::{html, Event, Options, Parser, Tag};

/// Renders Markdown and sanitises the result: no script, no event handlers, no
/// `javascript:` links, no images or frames from other sites.
///
/// Markdown without raw HTML, links or images (most project descriptions) cannot produce
/// any of those: pulldown-cmark escapes all text and writes only plain tags, so that HTML is
/// used as it is; everything else goes through ammonia.
pub fn to_html(markdown: &str) -> String {
    let _span = crate::timings::Span::named("markdown");
    let events: Vec<Event<'_>> =
        Parser::new_ext(markdown, Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH).collect();
    let mut raw = String::with_capacity(markdown.len() * 2);
    let plain = events.iter().all(is_plain);
    html::push_html(&mut raw, events.into_iter());
    if plain {
        raw
    } else {
        sanitize(&raw)
    }
}

/// An event whose HTML is only escaped text and fixed tags.
fn is_plain(e: &Event<'_>) -> bool {
    match e {
        Event::Start(Tag::Link { .. } | Tag::Image { .. } | Tag::HtmlBlock) => false,
        Event::Start(_) | Event::End(_) => true,
        Event::Text(_) | Event::Code(_) | Event::SoftBreak | Event::HardBreak | Event::Rule => true,
        _ => false,
    }
}

pub fn sanitize(html: &str) -> String {
    static CLEANER: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    CLEANER.get_or_init(cleaner).clean(html).to_string()
}

fn cleaner() -> ammonia::Builder<'static> {
    let mut b = ammonia::Builder::default();
    b.url_schemes(HashSet::from(["http", "https", "mailto", "tel"]))
        .link_rel(Some("noopener noreferrer"))
        // ammonia has already dropped URLs whose scheme (as the `url` crate parses it, like
        // a browser) is not one of the above; `value` has its HTML entities decoded.
        .attribute_filter(|element, attribute, value| match (element, attribute) {
            // A public board makes no citizen's browser fetch from a third party.
            ("img", "src") if crate::origin::leaves_site(value) => None,
            ("img", "src") | ("a", "href") => Some(crate::origin::normalized(value).into()),
            _ => Some(value.into()),
        });
    b
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn removes_everything_that_runs() {
        let md = "# T\n\n<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n[x](javascript:alert(1))\n\n<svg><script>alert(1)</script></svg>\n\n<a href=\"JaVaScRiPt:alert(1)\">y</a>\n\n<iframe src=\"https://evil.example\"></iframe>\n\n![p](https://tracker.example/p.gif)";
        let html = to_html(md);
        let lower = html.to_lowercase();
        assert!(!lower.contains("<script"), "{html}");
        assert!(!lower.contains("onerror"), "{html}");
        assert!(!lower.contains("javascript:"), "{html}");
        assert!(!lower.contains("<iframe"), "{html}");
        assert!(!lower.contains("tracker.example"), "{html}");
        assert!(html.contains("<h1>T</h1>"));
    }

    #[test]
    fn plain_markdown_is_rendered_as_it_is_and_stays_escaped() {
        let md = "**粗体** & 1 < 2 \"引\"\n\n- 一\n- 二\n\n`a<b`\n\n| a | b |\n|---|---|\n| 1 | 2 |";
        let html = to_html(md);
        assert!(html.contains("<strong>粗体</strong> &amp; 1 &lt; 2 \"引\""), "{html}");
        assert!(
            html.contains("<li>一</li>") && html.contains("<code>a&lt;b</code>") && html.contains("<table>"),
            "{html}"
        );
        // Inline HTML is not plain: it takes the sanitiser's path.
        assert!(!is_plain(&Event::InlineHtml("<b>".into())));
        assert!(!is_plain(&Event::Html("<div>".into())));
    }

    #[test]
    fn keeps_tables_and_links() {
        let html = to_html("| a | b |\n|---|---|\n| 1 | 2 |\n\n[about](../about/)");
        assert!(html.contains("<table>"));
        assert!(html.contains("href=\"../about/\""));
    }

    /// The `src` values left in `html`, as written (HTML-escaped).
    fn srcs(html: &str) -> Vec<&str> {
        html.split(" src=\"").skip(1).map(|s| &s[..s.find('"').unwrap_or(s.len())]).collect()
    }

    /// Whether a browser would load an image of `html` from another site: each `src`
    /// with its character references decoded, as an HTML parser reads it.
    fn loads_off_site(html: &str) -> bool {
        srcs(html).iter().any(|s| {
            let decoded = s.replace("&amp;", "&").replace("&#9;", "\t").replace("&#x09;", "\t");
            crate::origin::leaves_site(&decoded)
        })
    }

    const BYPASSES: [&str; 8] = [
        "HTTPS://host.example/p.gif",
        "Http://host.example/p.gif",
        "  https://host.example/p.gif",
        "ht&#x09;tps://host.example/p.gif",
        "/\\host.example/p.gif",
        "\\\\host.example/p.gif",
        "\\/host.example/p.gif",
        "//host.example/p.gif",
    ];

    #[test]
    fn raw_html_images_from_other_sites_lose_their_src_in_every_spelling() {
        for v in BYPASSES {
            let html = to_html(&format!("<img src=\"{v}\" alt=\"p\">"));
            assert!(srcs(&html).is_empty(), "{v}: {html}");
            assert!(html.contains("alt=\"p\""), "{v}: {html}");
        }
    }

    #[test]
    fn markdown_images_from_other_sites_load_nothing_off_site_in_every_spelling() {
        for v in BYPASSES {
            let md = format!("![p]({v})\n\n![q](<{v}>)");
            let html = to_html(&md);
            assert!(!loads_off_site(&html), "{v}: {html}");
        }
    }

    #[test]
    fn images_on_the_site_are_kept() {
        for v in ["/media/a.jpg", "media/a.jpg", "../media/a.jpg"] {
            assert_eq!(srcs(&to_html(&format!("<img src=\"{v}\" alt=\"p\">"))), [v]);
            assert_eq!(srcs(&to_html(&format!("![p]({v})"))), [v]);
        }
    }

    #[test]
    fn scripts_in_links_are_removed_in_every_spelling_and_other_links_are_kept_as_read() {
        for v in [
            "JaVaScRiPt:alert(1)",
            " javascript:alert(1)",
            "java&#x09;script:alert(1)",
            "java&#10;script:alert(1)",
            "&#x20;javascript:alert(1)",
        ] {
            let html = to_html(&format!("<a href=\"{v}\">x</a>"));
            assert_eq!(html, "<p><a rel=\"noopener noreferrer\">x</a></p>\n", "{v}");
            // pulldown-cmark percent-encodes what a URL cannot hold: what is left of the
            // link is at most a path on the site.
            let html = to_html(&format!("[y]({v})"));
            for href in html.split(" href=\"").skip(1).map(|s| &s[..s.find('"').unwrap_or(s.len())]) {
                assert!(url::Url::parse(href).is_err(), "{v}: {html}");
            }
        }
        let html = to_html("<a href=\"HTTPS://Example.gov.cn/a\">x</a> <a href=\" ht&#x09;tps://example.gov.cn/b\">y</a> <a href=\"..\\about/\">z</a>");
        assert!(html.contains("href=\"https://example.gov.cn/a\""), "{html}");
        assert!(html.contains("href=\"https://example.gov.cn/b\""), "{html}");
        assert!(html.contains("href=\"../about/\""), "{html}");
        assert!(html.contains("rel=\"noopener noreferrer\""), "{html}");
    }
}
