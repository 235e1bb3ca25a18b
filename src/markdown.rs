//! Markdown → safe HTML: pulldown-cmark renders, ammonia removes anything that could run.

use std::collections::HashSet;

use pulldown_cmark::{html, Options, Parser};

/// Renders Markdown and sanitises the result: no script, no event handlers, no
/// `javascript:` links, no images or frames from other sites.
pub fn to_html(markdown: &str) -> String {
    let _span = crate::timings::Span::named("markdown");
    let parser = Parser::new_ext(markdown, Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH);
    let mut raw = String::with_capacity(markdown.len() * 2);
    html::push_html(&mut raw, parser);
    sanitize(&raw)
}

/// Cleans HTML from content.
pub fn sanitize(html: &str) -> String {
    ammonia::Builder::default()
        .url_schemes(HashSet::from(["http", "https", "mailto", "tel"]))
        .link_rel(Some("noopener noreferrer"))
        .attribute_filter(|element, attribute, value| {
            let external = value.starts_with("http:") || value.starts_with("https:") || value.starts_with("//");
            if element == "img" && attribute == "src" && external {
                None
            } else {
                Some(value.into())
            }
        })
        .clean(html)
        .to_string()
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
    fn keeps_tables_and_links() {
        let html = to_html("| a | b |\n|---|---|\n| 1 | 2 |\n\n[about](../about/)");
        assert!(html.contains("<table>"));
        assert!(html.contains("href=\"../about/\""));
    }
}
