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

/// Cleans HTML from content.
pub fn sanitize(html: &str) -> String {
    static CLEANER: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    CLEANER.get_or_init(cleaner).clean(html).to_string()
}

fn cleaner() -> ammonia::Builder<'static> {
    let mut b = ammonia::Builder::default();
    b.url_schemes(HashSet::from(["http", "https", "mailto", "tel"]))
        .link_rel(Some("noopener noreferrer"))
        .attribute_filter(|element, attribute, value| {
            let external = value.starts_with("http:") || value.starts_with("https:") || value.starts_with("//");
            if element == "img" && attribute == "src" && external {
                None
            } else {
                Some(value.into())
            }
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
}
