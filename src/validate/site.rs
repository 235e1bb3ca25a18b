//! `content/site.yaml` → [`Site`].

use super::fields::{self as f, Ctx};
use crate::model::{DisplayOptions, District, Lang, PosterOptions, Site, Thresholds};
use crate::num::Decimal;
use crate::yaml::Node;

const FIELDS: &[&str] = &[
    "title",
    "organization",
    "language",
    "base_url",
    "as_of",
    "money_unit",
    "contact",
    "districts",
    "categories",
    "levels",
    "level_groups",
    "status",
    "poster",
    "display",
    "theme",
];

/// Paper sizes a poster can have.
pub const PAPER_SIZES: &[&str] = &[
    "A0-landscape",
    "A0-portrait",
    "A1-landscape",
    "A1-portrait",
    "A2-landscape",
    "A2-portrait",
    "A3-landscape",
    "A3-portrait",
];

/// Reads the site configuration; `None` when the districts are unusable. A site
/// returned while errors were recorded is only used to check the projects.
pub fn site(ctx: &mut Ctx<'_>, node: &Node) -> Option<Site> {
    let mut m = f::open_map(ctx, node, "site.yaml")?;
    let title = m.req(ctx, "title").and_then(|n| f::text(ctx, n, "title"));
    let organization = m.req(ctx, "organization").and_then(|n| f::text(ctx, n, "organization"));
    let language = m.get("language").map_or(Some(Lang::ZhCn), |n| {
        f::one_of(ctx, n, "language", &["zh-CN", "en"]).map(|w| if w == "en" { Lang::En } else { Lang::ZhCn })
    });
    let base_url = m.get("base_url").map_or(Some("/".to_string()), |n| base_url(ctx, n));
    let site_url = m.get("site_url").and_then(|n| site_url(ctx, n));
    let as_of = m.get("as_of").map(|n| f::month(ctx, n, "as_of"));
    let money_unit = m.get("money_unit").map_or(Some("万元".to_string()), |n| f::text(ctx, n, "money_unit"));
    let contact = m.get("contact").and_then(|n| f::text(ctx, n, "contact"));
    let districts = m.req(ctx, "districts").map(|n| districts(ctx, n));
    let categories = m.get("categories").map(|n| names(ctx, n, "categories")).unwrap_or_default();
    let levels = m.get("levels").map(|n| names(ctx, n, "levels")).unwrap_or_default();
    let level_groups = m.get("level_groups").map(|n| level_groups(ctx, n, &levels)).unwrap_or_default();
    let status = m.get("status").map_or(Some(DEFAULT_THRESHOLDS), |n| thresholds(ctx, n));
    let poster = m.get("poster").map_or(Some(default_poster()), |n| poster(ctx, n));
    let display = m.get("display").map_or(Some(DEFAULT_DISPLAY), |n| display(ctx, n));
    let theme = m.get("theme").map_or(Some("default".to_string()), |n| f::id(ctx, n, "theme"));
    m.finish(ctx, FIELDS);
    // Whatever else is wrong has been reported; as long as the districts are usable,
    // return a site (with defaults where a field failed) so that projects are still
    // checked against it and every problem shows in one run.
    let districts = districts.filter(|d| !d.is_empty())?;
    Some(Site {
        title: title.unwrap_or_default(),
        organization: organization.unwrap_or_default(),
        language: language.unwrap_or(Lang::ZhCn),
        base_url: base_url.unwrap_or_else(|| "/".into()),
        site_url,
        as_of: as_of.flatten(),
        money_unit: money_unit.unwrap_or_default(),
        contact,
        districts,
        categories,
        levels,
        level_groups,
        status: status.unwrap_or(DEFAULT_THRESHOLDS),
        poster: poster.unwrap_or_else(default_poster),
        display: display.unwrap_or(DEFAULT_DISPLAY),
        theme: theme.unwrap_or_else(|| "default".into()),
    })
}

const DEFAULT_THRESHOLDS: Thresholds =
    Thresholds { yellow: Decimal(10 * crate::num::SCALE), red: Decimal(30 * crate::num::SCALE) };

const DEFAULT_DISPLAY: DisplayOptions =
    DisplayOptions { seconds_per_slide: 15, reload_check_seconds: 60, show_minutes: 10 };

fn default_poster() -> PosterOptions {
    PosterOptions { sizes: vec!["A0-landscape".into()], rows_per_sheet: 20, by_district: false, max_sheets: 25 }
}

fn base_url(ctx: &mut Ctx<'_>, n: &Node) -> Option<String> {
    let s = f::text(ctx, n, "base_url")?;
    if let Some(fault) = crate::origin::base_fault(&s) {
        ctx.error(
            n.pos,
            format!("base_url `{}` {fault}", crate::origin::shown(&s)),
            Some("write a path such as `/zdxm/` (`/` for the whole server) or a full https:// address".into()),
        );
        return None;
    }
    Some(if s.ends_with('/') { s } else { format!("{s}/") })
}

fn site_url(ctx: &mut Ctx<'_>, n: &Node) -> Option<String> {
    let s = f::text(ctx, n, "site_url")?;
    if !(s.starts_with("https://") || s.starts_with("http://")) || s.contains(['"', '<', '>', ' ', '\'']) {
        ctx.error(
            n.pos,
            format!("site_url `{s}` must be an http(s) address such as https://www.example.gov.cn/zdxm/"),
            Some("write the site's public address with https:// and no quotes or spaces".into()),
        );
        return None;
    }
    Some(if s.ends_with('/') { s } else { format!("{s}/") })
}

fn districts(ctx: &mut Ctx<'_>, node: &Node) -> Vec<District> {
    let items = f::list(ctx, node, "districts");
    if items.is_empty() && matches!(node.value, crate::yaml::Value::Seq(_)) {
        ctx.error(node.pos, "districts must list at least one district", Some("add `- { id: …, name: … }`".into()));
    }
    let mut out: Vec<District> = Vec::new();
    for item in items {
        let Some(mut m) = f::open_map(ctx, item, "a district") else { continue };
        let id = m.req(ctx, "id").and_then(|n| f::id(ctx, n, "district id"));
        let name = m.req(ctx, "name").and_then(|n| f::text(ctx, n, "district name"));
        m.finish(ctx, &["id", "name"]);
        let (Some(id), Some(name)) = (id, name) else { continue };
        if out.iter().any(|d| d.id == id) {
            ctx.error(
                item.pos,
                format!("district id `{id}` is listed twice"),
                Some("give every district its own id".into()),
            );
            continue;
        }
        out.push(District { id, name });
    }
    out
}

fn names(ctx: &mut Ctx<'_>, node: &Node, what: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for (pos, name) in f::text_list(ctx, node, what) {
        if out.contains(&name) {
            ctx.error(pos, format!("`{name}` is listed twice in {what}"), Some("keep one of the two".into()));
        } else {
            out.push(name);
        }
    }
    out
}

fn level_groups(ctx: &mut Ctx<'_>, node: &Node, levels: &[String]) -> Vec<(String, Vec<String>)> {
    let crate::yaml::Value::Map(pairs) = &node.value else {
        ctx.error(
            node.pos,
            format!("level_groups must be a mapping `group: [level, …]`, found {}", node.kind()),
            Some("e.g. `level_groups: { 省市重点: [省重点, 市重点] }`".into()),
        );
        return Vec::new();
    };
    let mut out = Vec::new();
    for (k, v) in pairs {
        let Some(name) = f::text(ctx, k, "level group name") else { continue };
        let mut members = Vec::new();
        for (pos, level) in f::text_list(ctx, v, "level group") {
            if let Some(near) = crate::diag::unlisted(&level, levels) {
                let help = near.map(|s| format!("did you mean \"{s}\"?"));
                ctx.error(pos, format!("level `{level}` is not listed under `levels`"), help);
            }
            members.push(level);
        }
        out.push((name, members));
    }
    out
}

fn thresholds(ctx: &mut Ctx<'_>, node: &Node) -> Option<Thresholds> {
    let mut m = f::open_map(ctx, node, "status")?;
    let yellow = m.get("yellow").map_or(Some(DEFAULT_THRESHOLDS.yellow), |n| f::amount(ctx, n, "status.yellow"));
    let red = m.get("red").map_or(Some(DEFAULT_THRESHOLDS.red), |n| f::amount(ctx, n, "status.red"));
    m.finish(ctx, &["yellow", "red"]);
    let t = Thresholds { yellow: yellow?, red: red? };
    if t.yellow > t.red {
        ctx.error(
            node.pos,
            format!("status.yellow ({}) must not be above status.red ({})", t.yellow, t.red),
            Some("yellow is the smaller lag, e.g. `yellow: 10` and `red: 30` (percentage points)".into()),
        );
        return None;
    }
    Some(t)
}

fn poster(ctx: &mut Ctx<'_>, node: &Node) -> Option<PosterOptions> {
    let mut m = f::open_map(ctx, node, "poster")?;
    let mut p = default_poster();
    let mut ok = true;
    if let Some(n) = m.get("sizes") {
        p.sizes = f::list(ctx, n, "poster.sizes")
            .iter()
            .filter_map(|s| {
                let w = f::one_of(ctx, s, "poster size", PAPER_SIZES);
                ok &= w.is_some();
                w.map(str::to_string)
            })
            .collect();
    }
    // A field given but unusable keeps its default, and the poster options are refused.
    fn set<T: Copy>(ok: &mut bool, given: Option<Option<T>>, field: &mut T) {
        if let Some(v) = given {
            *ok &= v.is_some();
            *field = v.unwrap_or(*field);
        }
    }
    let rows = m.get("rows_per_sheet").map(|n| f::positive_int(ctx, n, "poster.rows_per_sheet"));
    set(&mut ok, rows, &mut p.rows_per_sheet);
    let by_district = m.get("by_district").map(|n| f::boolean(ctx, n, "poster.by_district"));
    set(&mut ok, by_district, &mut p.by_district);
    let max_sheets = m.get("max_sheets").map(|n| f::positive_int(ctx, n, "poster.max_sheets"));
    set(&mut ok, max_sheets, &mut p.max_sheets);
    m.finish(ctx, &["sizes", "rows_per_sheet", "by_district", "max_sheets"]);
    ok.then_some(p)
}

fn display(ctx: &mut Ctx<'_>, node: &Node) -> Option<DisplayOptions> {
    let mut m = f::open_map(ctx, node, "display")?;
    let mut int = |key: &str, default: u32| {
        m.get(key).map_or(Some(default), |n| f::positive_int(ctx, n, &format!("display.{key}")))
    };
    let secs = int("seconds_per_slide", DEFAULT_DISPLAY.seconds_per_slide);
    let reload = int("reload_check_seconds", DEFAULT_DISPLAY.reload_check_seconds);
    let minutes = int("show_minutes", DEFAULT_DISPLAY.show_minutes);
    m.finish(ctx, &["seconds_per_slide", "reload_check_seconds", "show_minutes"]);
    Some(DisplayOptions { seconds_per_slide: secs?, reload_check_seconds: reload?, show_minutes: minutes? })
}
