//! The validated board: what the rest of guatu computes from and renders.
//!
//! Every value here has passed SPEC §1.3; collections are ordered so that output
//! is the same on every run.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Serialize;

use crate::num::{Decimal, Month};

/// The whole validated input.
#[derive(Clone, Debug)]
pub struct Board {
    /// `content/site.yaml`.
    pub site: Site,
    /// Projects sorted by id.
    pub projects: Vec<Project>,
    /// Free pages sorted by slug.
    pub pages: Vec<Page>,
    /// Report commentary by month.
    pub reports: BTreeMap<Month, Page>,
}

/// UI language.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Lang {
    /// Simplified Chinese (default).
    #[serde(rename = "zh-CN")]
    ZhCn,
    /// English.
    #[serde(rename = "en")]
    En,
}

impl Lang {
    /// The BCP 47 tag.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::ZhCn => "zh-CN",
            Lang::En => "en",
        }
    }
}

/// A district (街道/乡镇/园区).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct District {
    /// Id used by projects and in URLs.
    pub id: String,
    /// Display name.
    pub name: String,
}

/// Status thresholds in percentage points of lag.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Thresholds {
    /// Lag above this is yellow.
    pub yellow: Decimal,
    /// Lag above this is red.
    pub red: Decimal,
}

/// Poster options.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PosterOptions {
    /// Paper sizes such as `A0-landscape`.
    pub sizes: Vec<String>,
    /// Table rows per sheet.
    pub rows_per_sheet: u32,
    /// One sheet set per district.
    pub by_district: bool,
    /// Sheets in one set at most: a set with more projects than fit shows the ones
    /// that need attention first (red, then yellow) and names how many it leaves out.
    pub max_sheets: u32,
}

/// Lobby display options.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DisplayOptions {
    /// Seconds each slide stays.
    pub seconds_per_slide: u32,
    /// Seconds between checks of `data/version.json`.
    pub reload_check_seconds: u32,
    /// The longest one rotation of the board's show may take, in minutes: lists are cut
    /// to what fits (the rest is reachable with `?district=`).
    pub show_minutes: u32,
}

/// `content/site.yaml`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Site {
    /// Board title.
    pub title: String,
    /// Publishing organisation.
    pub organization: String,
    /// UI language.
    pub language: Lang,
    /// Where the site is served, always ending in `/`.
    pub base_url: String,
    /// Public address of the site (for QR codes, the feed and the sitemap), if known.
    pub site_url: Option<String>,
    /// Report month, if fixed.
    pub as_of: Option<Month>,
    /// Unit of all amounts.
    pub money_unit: String,
    /// Supervision contact line.
    pub contact: Option<String>,
    /// Districts in display order.
    pub districts: Vec<District>,
    /// Declared categories (may be empty).
    pub categories: Vec<String>,
    /// Declared levels (may be empty).
    pub levels: Vec<String>,
    /// Named groups of levels, in file order.
    pub level_groups: Vec<(String, Vec<String>)>,
    /// Status thresholds.
    pub status: Thresholds,
    /// Poster options.
    pub poster: PosterOptions,
    /// Display options.
    pub display: DisplayOptions,
    /// Theme folder name under `themes/`.
    pub theme: String,
}

impl Site {
    /// The district with this id.
    pub fn district(&self, id: &str) -> Option<&District> {
        self.districts.iter().find(|d| d.id == id)
    }
}

/// Project stage, in order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Stage {
    /// 前期
    Planning,
    /// 签约
    Signed,
    /// 开工
    Started,
    /// 在建
    Construction,
    /// 竣工
    Completed,
    /// 投产
    Operating,
}

/// The stage words offices use, as labels of the default theme and synonyms.
const STAGE_WORDS: [(&str, Stage); 23] = [
    ("前期", Stage::Planning),
    ("前期工作", Stage::Planning),
    ("前期阶段", Stage::Planning),
    ("谋划", Stage::Planning),
    ("签约", Stage::Signed),
    ("已签约", Stage::Signed),
    ("开工", Stage::Started),
    ("已开工", Stage::Started),
    ("新开工", Stage::Started),
    ("在建", Stage::Construction),
    ("续建", Stage::Construction),
    ("施工", Stage::Construction),
    ("建设中", Stage::Construction),
    ("竣工", Stage::Completed),
    ("已竣工", Stage::Completed),
    ("完工", Stage::Completed),
    ("已完工", Stage::Completed),
    ("投产", Stage::Operating),
    ("已投产", Stage::Operating),
    ("投用", Stage::Operating),
    ("投运", Stage::Operating),
    ("运营", Stage::Operating),
    ("under construction", Stage::Construction),
];

impl Stage {
    /// The stage a word names: its YAML word, or a word offices use for it (the default
    /// theme's label or a synonym: 在建, 续建, 施工 …).
    pub fn from_word(w: &str) -> Option<Stage> {
        Stage::ALL
            .into_iter()
            .find(|s| s.key() == w)
            .or_else(|| STAGE_WORDS.iter().find(|(s, _)| *s == w).map(|(_, st)| *st))
    }

    /// Every stage, in order.
    pub const ALL: [Stage; 6] =
        [Stage::Planning, Stage::Signed, Stage::Started, Stage::Construction, Stage::Completed, Stage::Operating];

    /// The YAML words, in stage order.
    pub const KEYS: [&'static str; 6] = ["planning", "signed", "started", "construction", "completed", "operating"];

    /// The YAML word.
    pub fn key(self) -> &'static str {
        Stage::KEYS[self as usize]
    }

    /// `started` and later.
    pub fn is_started(self) -> bool {
        self >= Stage::Started
    }

    /// `completed` and `operating`.
    pub fn is_done(self) -> bool {
        self >= Stage::Completed
    }
}

/// A manual status override.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Manual {
    /// 红
    Red,
    /// 黄
    Yellow,
    /// 绿
    Green,
}

/// A milestone (节点).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Milestone {
    /// Name.
    pub name: String,
    /// Due date.
    pub due: NaiveDate,
    /// Date achieved.
    pub done: Option<NaiveDate>,
}

/// One monthly progress report. (`Serialize` writes it as entered: its object in
/// `projects.json`.)
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Entry {
    /// The month reported.
    pub month: Month,
    /// Stage from this month on.
    pub stage: Option<Stage>,
    /// 形象进度 in %, 0..=100, if the entry gives one.
    pub percent: Option<Decimal>,
    /// 形象进度 as the ledger words it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub physical_progress: Option<String>,
    /// Investment completed in this month (本月完成), if given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub invested: Option<Decimal>,
    /// Investment completed from January through this month (1–M月累计), if given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ytd_invested: Option<Decimal>,
    /// The entry's ytd value (SPEC §1.2), derived from the fields above when the file is
    /// read: `ytd_invested`, else the previous ytd value of the year plus `invested`.
    #[serde(skip)]
    pub ytd: Decimal,
    /// What the ytd value grew by since the year's previous entry (all of it for the
    /// year's first): the month's investment as far as the record tells.
    #[serde(skip)]
    pub added: Decimal,
    /// 本月进展.
    pub note: Option<String>,
    /// 存在问题.
    pub problems: Option<String>,
    /// 下步打算.
    pub next: Option<String>,
    /// Manual override for this month only.
    pub status: Option<Manual>,
    /// Its reason.
    pub status_note: Option<String>,
}

/// A project record. (`Serialize` gives the keys of the pages made from it.)
#[derive(Clone, Debug, Serialize)]
pub struct Project {
    /// File stem.
    pub id: String,
    /// Name.
    pub name: String,
    /// District id.
    pub district: String,
    /// Category, if any.
    pub category: Option<String>,
    /// Level, if any.
    pub level: Option<String>,
    /// 分包领导.
    pub leader: String,
    /// 责任单位.
    pub unit: String,
    /// 项目业主.
    pub owner: Option<String>,
    /// Planned start month.
    pub start: Option<Month>,
    /// 完成时限.
    pub deadline: NaiveDate,
    /// 总投资.
    pub total_investment: Option<Decimal>,
    /// 年度计划投资 by year.
    pub annual_plan: BTreeMap<i32, Decimal>,
    /// 开工至上年底累计: completed before the year of the first entry.
    pub prior_invested: Option<Decimal>,
    /// Milestones in file order.
    pub milestones: Vec<Milestone>,
    /// Monthly entries, ascending.
    pub progress: Vec<Entry>,
    /// Photo paths relative to `content/` (`media/<id>/…`).
    pub photos: Vec<String>,
    /// Markdown description.
    pub description: Option<String>,
}

/// A Markdown page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Page {
    /// File stem.
    pub slug: String,
    /// Title: the first heading, else the slug.
    pub title: String,
    /// Markdown source.
    pub markdown: String,
}

impl Entry {
    /// An entry for `month` that gives nothing yet (as a base for building one).
    pub fn blank(month: Month) -> Entry {
        Entry {
            month,
            stage: None,
            percent: None,
            physical_progress: None,
            invested: None,
            ytd_invested: None,
            ytd: Decimal::ZERO,
            added: Decimal::ZERO,
            note: None,
            problems: None,
            next: None,
            status: None,
            status_note: None,
        }
    }

    /// The ytd value of this entry, given the ytd value of the year's previous entry (0 for
    /// the year's first), and what it grew by.
    pub fn ytd_after(&self, previous: Decimal) -> (Decimal, Decimal) {
        let ytd = self.ytd_invested.unwrap_or_else(|| previous + self.invested.unwrap_or(Decimal::ZERO));
        (ytd, ytd - previous)
    }
}

/// The cumulative investment as of each entry: `prior` plus the ytd values of the
/// years before the entry's (each year's latest) plus the entry's own.
pub fn cumulative_series(prior: Option<Decimal>, entries: &[Entry]) -> Vec<Decimal> {
    let mut done = prior.unwrap_or(Decimal::ZERO);
    let mut out = Vec::with_capacity(entries.len());
    for (i, e) in entries.iter().enumerate() {
        out.push(done + e.ytd);
        if entries.get(i + 1).is_none_or(|next| next.month.year != e.month.year) {
            done += e.ytd;
        }
    }
    out
}

impl Board {
    /// The first month with an entry, if any.
    pub fn first_month(&self) -> Option<Month> {
        self.projects.iter().filter_map(|p| p.progress.first()).map(|e| e.month).min()
    }

    /// The last month with an entry, if any.
    pub fn last_month(&self) -> Option<Month> {
        self.projects.iter().filter_map(|p| p.progress.last()).map(|e| e.month).max()
    }
}
