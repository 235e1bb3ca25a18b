//! `content/projects/<id>.yaml` → [`Project`], with every SPEC §1.3 rule.

use std::collections::BTreeMap;

use super::fields::{self as f, Ctx};
use crate::content::MediaIndex;
use crate::diag::suggest;
use crate::model::{Entry, Manual, Milestone, Project, Site, Stage};
use crate::num::{Decimal, Month};
use crate::yaml::{Node, Pos, Value};

/// The fields of a project file, in the order guatu writes them.
pub const FIELDS: &[&str] = &[
    "name",
    "district",
    "category",
    "level",
    "leader",
    "unit",
    "owner",
    "start",
    "deadline",
    "total_investment",
    "annual_plan",
    "prior_invested",
    "milestones",
    "progress",
    "photos",
    "description",
];
const ENTRY_FIELDS: &[&str] = &[
    "month",
    "stage",
    "percent",
    "physical_progress",
    "invested",
    "ytd_invested",
    "note",
    "problems",
    "next",
    "status",
    "status_note",
];

/// Reads one project; `site` is `None` when site.yaml itself is unusable.
pub fn project(ctx: &mut Ctx<'_>, id: &str, node: &Node, site: Option<&Site>, media: &MediaIndex) -> Option<Project> {
    let mut m = f::open_map(ctx, node, "a project")?;
    let name = m.req(ctx, "name").and_then(|n| f::text(ctx, n, "name"));
    let district = m.req(ctx, "district").and_then(|n| district(ctx, n, site));
    let category = declared(ctx, &mut m, "category", site.map(|s| &s.categories[..]));
    let level = declared(ctx, &mut m, "level", site.map(|s| &s.levels[..]));
    let leader = m.req(ctx, "leader").and_then(|n| f::text(ctx, n, "leader"));
    let unit = m.req(ctx, "unit").and_then(|n| f::text(ctx, n, "unit"));
    let owner = m.get("owner").and_then(|n| f::text(ctx, n, "owner"));
    let start = m.get("start").map(|n| f::month_or_date(ctx, n, "start"));
    let deadline_node = m.req(ctx, "deadline");
    let deadline = deadline_node.and_then(|n| f::date_or_month(ctx, n, "deadline"));
    let total_investment = m.get("total_investment").map(|n| f::amount(ctx, n, "total_investment"));
    let annual_plan = m.get("annual_plan").map(|n| annual_plan(ctx, n));
    let prior_invested = m.get("prior_invested").map(|n| f::amount(ctx, n, "prior_invested"));
    let milestones = m.get("milestones").map(|n| milestones(ctx, n));
    let progress = m.get("progress").map_or(Some((Vec::new(), Vec::new())), |n| progress(ctx, n));
    let photos = m.get("photos").map(|n| photos(ctx, n, media));
    let description = m.get("description").and_then(|n| f::text(ctx, n, "description"));
    m.finish(ctx, FIELDS);

    if let (Some(Some(s)), Some(d), Some(n)) = (start, deadline, deadline_node) {
        if d < s.first_day() {
            ctx.warning(n.pos, format!("deadline {d} is before the start month {s}"), Some("check both dates".into()));
        }
    }
    let (progress, entry_pos) = progress?;
    let total = total_investment.flatten();
    let prior_invested = match prior_invested {
        Some(None) => return None,
        given => given.flatten(),
    };
    if let Some(total) = total {
        warn_over_total(ctx, &progress, &entry_pos, prior_invested, total);
    }
    Some(Project {
        id: id.to_string(),
        name: name?,
        district: district?,
        category: category?,
        level: level?,
        leader: leader?,
        unit: unit?,
        owner,
        start: start.flatten(),
        deadline: deadline?,
        total_investment: total,
        annual_plan: annual_plan.unwrap_or(Some(BTreeMap::new()))?,
        prior_invested,
        milestones: milestones.unwrap_or(Some(Vec::new()))?,
        progress,
        photos: photos.unwrap_or(Some(Vec::new()))?,
        description,
    })
}

fn district(ctx: &mut Ctx<'_>, n: &Node, site: Option<&Site>) -> Option<String> {
    use crate::district::{resolve, Named};
    let s = f::text(ctx, n, "district")?;
    let Some(site) = site else { return Some(s) };
    let by_name = match resolve(&s, &site.districts) {
        Named::Id(_) => return Some(s),
        Named::Name(d) => Some(format!("write the district's id: `{}`", d.id)),
        Named::Variant(d) | Named::Near(d) => Some(format!("write the district's id: `{}` ({})", d.id, d.name)),
        Named::Unknown => None,
    };
    let help = by_name
        .or_else(|| suggest(&s, site.districts.iter().map(|d| d.id.as_str())).map(|x| format!("did you mean \"{x}\"?")))
        .unwrap_or_else(|| {
            let ids: Vec<&str> = site.districts.iter().map(|d| d.id.as_str()).collect();
            format!("districts in site.yaml: {}", ids.join(", "))
        });
    ctx.error(n.pos, format!("unknown district `{s}`"), Some(help));
    None
}

/// `category` or `level`: required and checked when site.yaml lists them.
/// Returns `Some(None)` when absent and allowed, `None` on error.
fn declared(ctx: &mut Ctx<'_>, m: &mut f::Fields<'_>, key: &str, list: Option<&[String]>) -> Option<Option<String>> {
    let list = list.unwrap_or(&[]);
    let node = if list.is_empty() { m.get(key) } else { m.req(ctx, key) };
    let Some(node) = node else {
        return if list.is_empty() { Some(None) } else { None };
    };
    let value = f::text(ctx, node, key)?;
    if let Some(near) = crate::diag::unlisted(&value, list) {
        let help =
            near.map_or_else(|| format!("site.yaml lists: {}", list.join(", ")), |s| format!("did you mean \"{s}\"?"));
        ctx.error(node.pos, format!("unknown {key} `{value}`"), Some(help));
        return None;
    }
    Some(Some(value))
}

fn annual_plan(ctx: &mut Ctx<'_>, node: &Node) -> Option<BTreeMap<i32, Decimal>> {
    let Value::Map(pairs) = &node.value else {
        ctx.error(
            node.pos,
            format!("annual_plan must be a mapping `year: amount`, found {}", node.kind()),
            Some("e.g. `annual_plan: { 2026: 40000 }`".into()),
        );
        return None;
    };
    let mut out = BTreeMap::new();
    let mut ok = true;
    for (k, v) in pairs {
        let year = k.scalar().filter(|s| s.len() == 4).and_then(|s| s.parse::<i32>().ok());
        let Some(year) = year else {
            ctx.error(
                k.pos,
                format!("annual_plan key must be a year such as 2026, found `{}`", k.scalar().unwrap_or("?")),
                Some("one line per year, e.g. `annual_plan: { 2026: 5000, 2027: 3000 }`".into()),
            );
            ok = false;
            continue;
        };
        let Some(a) = f::amount(ctx, v, &format!("annual_plan {year}")) else {
            ok = false;
            continue;
        };
        if out.insert(year, a).is_some() {
            ctx.error(k.pos, format!("annual_plan lists {year} twice"), Some(format!("keep one amount for {year}")));
            ok = false;
        }
    }
    ok.then_some(out)
}

fn milestones(ctx: &mut Ctx<'_>, node: &Node) -> Option<Vec<Milestone>> {
    let mut out = Vec::new();
    let mut ok = true;
    for item in f::list(ctx, node, "milestones") {
        let Some(mut m) = f::open_map(ctx, item, "a milestone") else {
            ok = false;
            continue;
        };
        let name = m.req(ctx, "name").and_then(|n| f::text(ctx, n, "milestone name"));
        let due = m.req(ctx, "due").and_then(|n| f::date_or_month(ctx, n, "due"));
        let done = m.get("done").map(|n| f::date_or_month(ctx, n, "done"));
        m.finish(ctx, &["name", "due", "done"]);
        match (name, due, done) {
            (Some(name), Some(due), done @ (None | Some(Some(_)))) => {
                out.push(Milestone { name, due, done: done.flatten() });
            }
            _ => ok = false,
        }
    }
    ok.then_some(out)
}

/// Reads the entries and checks order, gaps and the never-decreasing percent; gives them
/// with where each stands (for warnings found after reading).
fn progress(ctx: &mut Ctx<'_>, node: &Node) -> Option<(Vec<Entry>, Vec<Pos>)> {
    let mut out: Vec<Entry> = Vec::new();
    let mut at = Vec::new();
    let mut ok = true;
    let mut prev: Option<(Month, Decimal)> = None;
    let mut year_ytd: Option<(i32, Decimal)> = None;
    for item in f::list(ctx, node, "progress") {
        let Some(ReadEntry { mut entry, month_pos, percent_pos, ytd_pos, ok: entry_ok }) = entry(ctx, item) else {
            ok = false;
            continue;
        };
        ok &= entry_ok;
        let base = year_ytd.filter(|(y, _)| *y == entry.month.year).map(|(_, v)| v);
        ok &= ytd_in_order(ctx, &entry, base, ytd_pos);
        (entry.ytd, entry.added) = entry.ytd_after(base.unwrap_or(Decimal::ZERO));
        year_ytd = Some((entry.month.year, entry.ytd));
        if let Some((pm, pp)) = prev {
            if entry.month == pm {
                ctx.error(
                    month_pos,
                    format!("month {} is reported twice", entry.month),
                    Some("merge the two entries into one".into()),
                );
                ok = false;
            } else if entry.month < pm {
                ctx.error(
                    month_pos,
                    format!("month {} comes after {pm}; entries must be in ascending order", entry.month),
                    Some("move this entry above the later months".into()),
                );
                ok = false;
            } else if entry.month > pm.plus(1) {
                let (first, last) = (pm.plus(1), entry.month.plus(-1));
                let missing = if first == last { first.to_string() } else { format!("{first} to {last}") };
                ctx.warning(
                    month_pos,
                    format!("no entry for {missing} between {pm} and {}", entry.month),
                    Some(format!("add an entry for {missing} (invested: 0 if nothing happened)")),
                );
            }
            if let Some((percent_pos, p)) = percent_pos.zip(entry.percent).filter(|(_, p)| *p < pp) {
                ctx.error(
                    percent_pos,
                    format!("percent {p} is below the previous month's {pp}; 形象进度 never decreases"),
                    Some("percent is how much of the whole project is done; check this month's and the previous month's value".into()),
                );
                ok = false;
            }
        }
        // A month whose percent was unusable or absent still counts for the order and the
        // gaps; the next month's percent is compared with the last usable one.
        let usable = percent_pos.and(entry.percent).unwrap_or(prev.map_or(Decimal::ZERO, |(_, p)| p));
        prev = Some((entry.month, usable));
        out.push(entry);
        at.push(item.pos);
    }
    ok.then_some((out, at))
}

/// One entry as read, with the positions later checks point at.
struct ReadEntry {
    entry: Entry,
    month_pos: Pos,
    /// Only when the percent is usable.
    percent_pos: Option<Pos>,
    /// Only when `ytd_invested` is usable.
    ytd_pos: Option<Pos>,
    /// No field had an error.
    ok: bool,
}

/// A ytd value never decreases within a year, and a `ytd_invested` given with `invested`
/// covers at least the previous ytd value plus `invested` (SPEC §1.2). `base` is the ytd
/// value of the year's previous entry; false when a rule is broken.
fn ytd_in_order(ctx: &mut Ctx<'_>, e: &Entry, base: Option<Decimal>, ytd_pos: Option<Pos>) -> bool {
    let (Some(ytd), Some(pos)) = (e.ytd_invested, ytd_pos) else { return true };
    let before = base.unwrap_or(Decimal::ZERO);
    let (msg, help) = match e.invested {
        Some(inv) if ytd < before + inv => (
            format!(
                "ytd_invested {ytd} is below the year's previous ytd value {before} plus this month's invested {inv} (= {})",
                before + inv
            ),
            "ytd_invested (1–M月累计) includes this month's invested: check both figures, or leave one out".to_string(),
        ),
        _ if ytd < before => (
            format!("ytd_invested {ytd} is below the year's previous ytd value {before}; 1–M月累计 never decreases"),
            format!("check this month's figure; a correction belongs in the month it corrects (it was {before} before)"),
        ),
        _ => return true,
    };
    ctx.error(pos, msg, Some(help));
    false
}

/// Reads one entry. It is returned whenever its month is usable, so that order, gaps and
/// percent are still checked; the percent's position is there only if the percent is
/// usable (else the entry holds none), the ytd_invested's likewise, and `false` says a
/// field had an error.
fn entry(ctx: &mut Ctx<'_>, item: &Node) -> Option<ReadEntry> {
    let mut m = f::open_map(ctx, item, "a progress entry")?;
    let month_node = m.req(ctx, "month");
    let month = month_node.and_then(|n| f::month(ctx, n, "month"));
    let stage = m.get("stage").map(|n| {
        f::one_of_or_synonym(ctx, n, "stage", &Stage::KEYS, |w| Stage::from_word(w).map(Stage::key))
            .map(|w| Stage::from_word(w).expect("listed stage"))
    });
    let percent_node = m.get("percent");
    let percent = percent_node.map(|n| percent(ctx, n));
    let physical_progress = m.get("physical_progress").and_then(|n| f::text(ctx, n, "physical_progress"));
    let invested_node = m.get("invested");
    let invested = invested_node.map(|n| f::amount(ctx, n, "invested"));
    let ytd_node = m.get("ytd_invested");
    let ytd_invested = ytd_node.map(|n| f::amount(ctx, n, "ytd_invested"));
    let note = m.get("note").and_then(|n| f::text(ctx, n, "note"));
    let problems = m.get("problems").and_then(|n| f::text(ctx, n, "problems"));
    let next = m.get("next").and_then(|n| f::text(ctx, n, "next"));
    let status_node = m.get("status");
    let status = status_node.map(|n| {
        f::one_of(ctx, n, "status", &["red", "yellow", "green"]).map(|w| match w {
            "red" => Manual::Red,
            "yellow" => Manual::Yellow,
            _ => Manual::Green,
        })
    });
    let status_note = m.get("status_note").and_then(|n| f::text(ctx, n, "status_note"));
    m.finish(ctx, ENTRY_FIELDS);
    let failed = invested == Some(None) || ytd_invested == Some(None) || percent == Some(None);
    let mut ok = !(failed || stage == Some(None) || status == Some(None));
    if invested_node.is_none() && ytd_node.is_none() {
        ctx.error(
            item.pos,
            "a progress entry needs `invested` (本月完成投资) or `ytd_invested` (1–M月累计完成投资)",
            Some(
                "add `invested: 0` if nothing was invested this month, or the ledger's 1–M月 figure as `ytd_invested:`"
                    .into(),
            ),
        );
        ok = false;
    }
    if let (Some(n), None) = (status_node, &status_note) {
        ctx.error(
            n.pos,
            "`status` is set without `status_note`",
            Some("add `status_note:` with the reason for the manual status (督办原因)".into()),
        );
        ok = false;
    }
    let entry = Entry {
        month: month?,
        stage: stage.flatten(),
        percent: percent.flatten(),
        physical_progress,
        invested: invested.flatten(),
        ytd_invested: ytd_invested.flatten(),
        ytd: Decimal::ZERO,
        added: Decimal::ZERO,
        note,
        problems,
        next,
        status: status.flatten(),
        status_note,
    };
    let percent_pos = percent.flatten().and(percent_node).map(|n| n.pos);
    let ytd_pos = ytd_invested.flatten().and(ytd_node).map(|n| n.pos);
    Some(ReadEntry { entry, month_pos: month_node?.pos, percent_pos, ytd_pos, ok })
}

fn percent(ctx: &mut Ctx<'_>, n: &Node) -> Option<Decimal> {
    let p = f::decimal(ctx, n, "percent")?;
    if p < Decimal::ZERO || p > Decimal::from_int(100) {
        ctx.error(
            n.pos,
            format!("percent must be between 0 and 100, found {p}"),
            Some("percent is how much of the whole project is done, from 0 to 100".into()),
        );
        return None;
    }
    Some(p)
}

fn warn_over_total(ctx: &mut Ctx<'_>, progress: &[Entry], at: &[Pos], prior: Option<Decimal>, total: Decimal) {
    let mut sums = progress.iter().zip(crate::model::cumulative_series(prior, progress)).zip(at);
    if let Some(((e, sum), pos)) = sums.find(|((_, sum), _)| *sum > total) {
        ctx.warning(
            *pos,
            format!("cumulative investment {sum} by {} is above total_investment {total}", e.month),
            Some("check `invested` (the amount of this month only, not cumulative) or total_investment".into()),
        );
    }
}

/// Photo paths must name existing files inside `content/media`.
fn photos(ctx: &mut Ctx<'_>, node: &Node, media: &MediaIndex) -> Option<Vec<String>> {
    let mut out = Vec::new();
    let mut ok = true;
    for (pos, path) in f::text_list(ctx, node, "photos") {
        match photo_problem(&path, media) {
            None => out.push(path),
            Some((msg, help)) => {
                ctx.error(pos, msg, Some(help.to_string()));
                ok = false;
            }
        }
    }
    ok.then_some(out)
}

fn photo_problem(path: &str, media: &MediaIndex) -> Option<(String, &'static str)> {
    let bad_shape = !path.starts_with("media/")
        || path.contains('\\')
        || path.split('/').any(|c| c.is_empty() || c == "." || c == "..");
    if bad_shape {
        return Some((
            format!("photo `{path}` is outside content/media"),
            "write a path such as `media/<project id>/2026-09.jpg`",
        ));
    }
    if media.escaping.iter().any(|e| path == e || path.starts_with(&format!("{e}/"))) {
        return Some((
            format!("photo `{path}` is a link leading out of content/media"),
            "copy the file into content/media instead of linking it",
        ));
    }
    if !media.files.contains(path) {
        return Some((format!("photo `{path}` does not exist"), "put the file under content/media or fix the path"));
    }
    let lower = path.to_ascii_lowercase();
    if ![".jpg", ".jpeg", ".png"].iter().any(|e| lower.ends_with(e)) {
        return Some((format!("photo `{path}` is not a JPEG or PNG file"), "use .jpg, .jpeg or .png"));
    }
    None
}
