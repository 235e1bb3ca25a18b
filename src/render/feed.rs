//! `feed.xml`: an Atom feed with one entry per monthly report (RFC 4287).

use anyhow::Result;

use super::RenderCtx;
use crate::chart::xml_escape;
use crate::format::{month_label, percent};
use crate::publish::Staging;

/// Writes the feed, newest report first. Dates come from the report months, never the clock.
pub fn render(ctx: &RenderCtx<'_>, out: &Staging) -> Result<()> {
    let site = &ctx.board.site;
    let l = ctx.labels();
    let latest = ctx.summary().month;
    let stamp = |m: crate::num::Month| format!("{}T00:00:00Z", m.plus(1).first_day());
    let mut x = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\"");
    x.push_str(&format!(" xml:lang=\"{}\">\n", site.language.tag()));
    x.push_str(&format!("  <title>{}</title>\n", xml_escape(&site.title)));
    x.push_str(&format!("  <id>{}</id>\n", xml_escape(&feed_id(ctx, None))));
    x.push_str(&format!("  <updated>{}</updated>\n", stamp(latest)));
    x.push_str(&format!("  <author><name>{}</name></author>\n", xml_escape(&site.organization)));
    x.push_str(&format!("  <link rel=\"self\" href=\"{}\"/>\n", xml_escape(&ctx.urls.to("feed.xml"))));
    x.push_str(&format!("  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n", xml_escape(&ctx.urls.to(""))));
    for s in ctx.history.iter().rev() {
        let label = month_label(s.month, &l);
        let summary = format!(
            "{} {}, {} {}, {} {} / {} {} / {} {} / {} {}",
            l.text("kpi", "completion_rate"),
            percent(s.totals.completion_rate),
            l.text("kpi", "time_progress"),
            percent(Some(s.time_progress)),
            l.text("status", "red"),
            s.totals.status.red,
            l.text("status", "yellow"),
            s.totals.status.yellow,
            l.text("status", "green"),
            s.totals.status.green,
            l.text("status", "done"),
            s.totals.status.done,
        );
        x.push_str("  <entry>\n");
        x.push_str(&format!("    <title>{} {}</title>\n", xml_escape(&label), xml_escape(l.text("report", "title"))));
        x.push_str(&format!("    <id>{}</id>\n", xml_escape(&feed_id(ctx, Some(s.month)))));
        x.push_str(&format!("    <updated>{}</updated>\n", stamp(s.month)));
        x.push_str(&format!(
            "    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
            xml_escape(&ctx.urls.to(&format!("reports/{}/", s.month)))
        ));
        x.push_str(&format!("    <summary>{}</summary>\n", xml_escape(&summary)));
        x.push_str("  </entry>\n");
    }
    x.push_str("</feed>\n");
    out.write("feed.xml", x.as_bytes())
}

/// A stable id: the absolute URL when the base URL is absolute, else a URN made
/// from the board's title, so that ids survive rebuilds and moves.
fn feed_id(ctx: &RenderCtx<'_>, month: Option<crate::num::Month>) -> String {
    let site = &ctx.board.site;
    if site.base_url.starts_with("http") {
        return match month {
            Some(m) => ctx.urls.to(&format!("reports/{m}/")),
            None => ctx.urls.to(""),
        };
    }
    let board = blake3::hash(format!("{}\n{}", site.organization, site.title).as_bytes()).to_hex()[..16].to_string();
    match month {
        Some(m) => format!("urn:guatu:{board}:report:{m}"),
        None => format!("urn:guatu:{board}"),
    }
}
