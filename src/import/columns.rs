//! The ledger's columns: the one table of recognised headers, header matching and
//! the optional mapping file `import.yaml` that adds header texts and district names.

use std::collections::BTreeMap;

use crate::diag::{suggest, Diagnostics};
use crate::validate::fields::{self, Ctx};
use crate::yaml::{self, Node, Value};

/// What a column holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Field {
    /// 序号: ignored on import, numbered on export.
    Serial,
    /// 项目名称.
    Name,
    /// 所属镇街.
    District,
    /// 项目类别.
    Category,
    /// 项目级别.
    Level,
    /// 分包领导.
    Leader,
    /// 责任单位.
    Unit,
    /// 项目业主.
    Owner,
    /// 开工时间.
    Start,
    /// 完成时限.
    Deadline,
    /// 总投资.
    TotalInvestment,
    /// 年度计划投资 of the import month's year.
    AnnualPlan,
    /// 本月完成投资.
    Invested,
    /// 形象进度.
    Percent,
    /// 项目阶段.
    Stage,
    /// 本月进展.
    Note,
    /// 存在问题.
    Problems,
    /// 下步打算.
    Next,
    /// 1–N月累计完成投资 (`ytd_invested`).
    Ytd,
    /// 开工至上年底累计完成投资 (`prior_invested`).
    PriorInvested,
    /// 形象进度 in words (`physical_progress`), such as 项目进展情况.
    Physical,
    /// 项目性质 / 建设性质 (新开工, 续建, 竣工, 前期): read as the stage.
    Nature,
    /// 建设起止时间 as one range (`2009-2011`, `09.10-11.3`): start and deadline.
    Period,
    /// 年份: the year the figures are of.
    Year,
}

/// One recognised column.
pub struct Column {
    /// The field.
    pub field: Field,
    /// Its name in `import.yaml` (the project file's field name where there is one).
    pub key: &'static str,
    /// The header written by `data/projects.xlsx` on a Chinese board.
    pub zh: &'static str,
    /// The header written on an English board.
    pub en: &'static str,
    /// Other header texts offices use (compared after [`normalize`]).
    pub aliases: &'static [&'static str],
}

impl Column {
    /// Whether the column holds amounts of money (its header names the unit).
    pub fn is_money(&self) -> bool {
        self.field.is_money()
    }
}

impl Field {
    /// Whether the field holds amounts of money (its header may name the unit).
    pub fn is_money(self) -> bool {
        matches!(self, Field::TotalInvestment | Field::AnnualPlan | Field::Invested | Field::Ytd | Field::PriorInvested)
    }

    /// Whether several columns of the field may be read, one per month (1月, 1-2月 …).
    pub fn is_monthly(self) -> bool {
        matches!(self, Field::Invested | Field::Ytd)
    }
}

/// Columns read on import only, never written to `data/projects.xlsx`: the export gives
/// each month's figure as 本月完成投资 (the ytd value follows from it), and a re-import
/// keeps the 形象进度 text a project already has.
pub const IMPORT_ONLY: [Column; 6] = [
    Column {
        field: Field::Ytd,
        key: "ytd_invested",
        zh: "本年累计完成投资",
        en: "Invested this year to date",
        aliases: &[
            "年初至报告期完成投资",
            "年初至今完成投资",
            "本年完成投资",
            "年累计完成投资",
            "累计完成投资",
            "本年度累计完成投资",
        ],
    },
    Column {
        field: Field::PriorInvested,
        key: "prior_invested",
        zh: "开工至上年底累计完成投资",
        en: "Invested before this year",
        aliases: &[
            "开工至上一年度底累计完成投资",
            "至上年底累计完成投资",
            "以前年度累计完成投资",
            "截至上年底累计完成投资",
        ],
    },
    Column {
        field: Field::Physical,
        key: "physical_progress",
        zh: "项目进展情况",
        en: "Physical progress",
        aliases: &["形象进度描述", "项目形象进度情况"],
    },
    Column {
        field: Field::Nature,
        key: "nature",
        zh: "项目性质",
        en: "Nature",
        aliases: &["建设性质", "项目建设性质"],
    },
    Column {
        field: Field::Period,
        key: "period",
        zh: "建设起止时间",
        en: "Construction period",
        aliases: &["建设起止年限", "起止年限", "建设年限", "建设期限", "起止时间"],
    },
    Column { field: Field::Year, key: "year", zh: "年份", en: "Year", aliases: &["年度"] },
];

/// Every recognised column, in the order `data/projects.xlsx` writes them.
pub const COLUMNS: [Column; 18] = [
    Column { field: Field::Serial, key: "serial", zh: "序号", en: "No.", aliases: &["编号", "no"] },
    Column {
        field: Field::Name, key: "name", zh: "项目名称", en: "Project", aliases: &["项目", "名称", "name"]
    },
    Column {
        field: Field::District,
        key: "district",
        zh: "所属镇街",
        en: "District",
        aliases: &[
            "所属区域",
            "区域",
            "镇街",
            "所属街道",
            "街道",
            "所属乡镇",
            "乡镇",
            "所在镇街",
            "镇办",
            "所属镇办",
            "所在地",
            "建设地点",
            "项目地点",
        ],
    },
    Column {
        field: Field::Category, key: "category", zh: "项目类别", en: "Category", aliases: &["类别", "项目类型"]
    },
    Column { field: Field::Level, key: "level", zh: "项目级别", en: "Level", aliases: &["级别", "项目层级"] },
    Column {
        field: Field::Leader,
        key: "leader",
        zh: "分包领导",
        en: "Leader",
        aliases: &[
            "包抓领导",
            "包联领导",
            "责任领导",
            "联系领导",
            "分包县级领导",
            "县级分包领导",
            "挂点领导",
            "挂钩领导",
            "县级领导",
            "包抓县领导",
        ],
    },
    Column {
        field: Field::Unit,
        key: "unit",
        zh: "责任单位",
        en: "Responsible unit",
        aliases: &["牵头单位", "责任部门", "牵头责任单位"],
    },
    Column {
        field: Field::Owner,
        key: "owner",
        zh: "项目业主",
        en: "Owner",
        aliases: &["业主单位", "建设单位", "项目单位", "项目建设单位", "业主名称", "项目业主单位"],
    },
    Column {
        field: Field::Start,
        key: "start",
        zh: "开工时间",
        en: "Start",
        aliases: &["计划开工时间", "开工日期", "拟开工时间"],
    },
    Column {
        field: Field::Deadline,
        key: "deadline",
        zh: "完成时限",
        en: "Deadline",
        aliases: &["计划完成时间", "竣工时间", "计划竣工时间", "完工时间", "完成时间", "拟竣工时间", "拟完工时间"],
    },
    Column {
        field: Field::TotalInvestment,
        key: "total_investment",
        zh: "总投资",
        en: "Total investment",
        aliases: &["项目总投资", "计划总投资"],
    },
    Column {
        field: Field::AnnualPlan,
        key: "annual_plan",
        zh: "年度计划投资",
        en: "Annual plan",
        aliases: &["年度计划", "本年计划投资", "年计划投资", "年度投资计划"],
    },
    Column {
        field: Field::Invested,
        key: "invested",
        zh: "本月完成投资",
        en: "Invested this month",
        aliases: &["当月完成投资", "本月投资", "月完成投资", "本月实际完成投资", "当月实际完成投资"],
    },
    Column {
        field: Field::Percent,
        key: "percent",
        zh: "形象进度",
        en: "Percent complete",
        aliases: &["形象进度百分比", "完成进度", "实际形象进度", "工程形象进度", "形象进度情况"],
    },
    Column {
        field: Field::Stage,
        key: "stage",
        zh: "项目阶段",
        en: "Stage",
        aliases: &["建设阶段", "建设状态", "阶段"],
    },
    Column {
        field: Field::Note,
        key: "note",
        zh: "本月进展",
        en: "Progress this month",
        aliases: &["本月进展情况", "进展情况", "当月进展", "工作进展", "本月工作进展"],
    },
    Column {
        field: Field::Problems,
        key: "problems",
        zh: "存在问题",
        en: "Problems",
        aliases: &["存在的问题", "问题", "存在困难和问题", "困难问题"],
    },
    Column {
        field: Field::Next,
        key: "next",
        zh: "下步打算",
        en: "Next steps",
        aliases: &["下步计划", "下一步工作", "下步工作计划", "下一步计划"],
    },
];

/// The column of a field.
pub fn column(field: Field) -> &'static Column {
    all_columns().find(|c| c.field == field).expect("every field has a column")
}

/// The columns of `data/projects.xlsx` and those read on import only.
pub fn all_columns() -> impl Iterator<Item = &'static Column> + Clone {
    COLUMNS.iter().chain(IMPORT_ONLY.iter())
}

/// A header as compared: no whitespace, no bracketed remark such as `（万元）`, no
/// trailing colon, ASCII lowercased.
pub fn normalize(header: &str) -> String {
    let mut out = String::new();
    let mut depth = 0usize;
    for c in header.chars() {
        match c {
            '(' | '（' | '【' | '[' => depth += 1,
            ')' | '）' | '】' | ']' => depth = depth.saturating_sub(1),
            _ if depth > 0 || c.is_whitespace() => {}
            _ => out.push(c.to_ascii_lowercase()),
        }
    }
    out.trim_end_matches([':', '：']).to_string()
}

/// The settings read from `import.yaml`.
#[derive(Clone, Debug, Default)]
pub struct Mapping {
    /// Read only this sheet.
    pub sheet: Option<String>,
    /// The 1-based row of the headers, when it cannot be found by itself.
    pub header_row: Option<u32>,
    /// Normalised header text → field (`None`: ignore the column).
    pub columns: BTreeMap<String, Option<Field>>,
    /// District names used in the ledger → district id or name in `site.yaml`.
    pub districts: BTreeMap<String, String>,
    /// What every row gets where the ledger has no column or an empty cell for it
    /// (a district, category, level … for a whole workbook).
    pub defaults: BTreeMap<Field, String>,
}

/// The fields `defaults:` in `import.yaml` may give.
pub const DEFAULTABLE: [Field; 8] = [
    Field::District,
    Field::Category,
    Field::Level,
    Field::Leader,
    Field::Unit,
    Field::Owner,
    Field::Start,
    Field::Deadline,
];

/// The mapping file's name in the board folder.
pub const MAPPING_FILE: &str = "import.yaml";

impl Mapping {
    /// What a header means: the mapping file first, then the built-in table.
    pub fn field_of(&self, header: &str) -> Option<Option<Field>> {
        let h = normalize(header);
        if h.is_empty() {
            return None;
        }
        self.columns.get(&h).copied().or_else(|| builtin(&h).map(|m| m.field))
    }

    /// What a column means from its header texts, top to bottom (one per header row,
    /// repeats of a merged cell removed): 「项目业主单位」 over 「负责人」 is the owner's
    /// person, 「2010年实际完成情况」 over 「1-3月实际完成投资」 the 2010 year-to-date figure.
    pub fn header_of(&self, path: &[String]) -> Header {
        let Some(leaf) = path.last() else { return Header::default() };
        let unit = path.iter().rev().find_map(|h| unit_in(h));
        let year = path.iter().rev().find_map(|h| year_of_figures(&normalize(h)));
        let (leaf, parent) = (normalize(leaf), path.len().checked_sub(2).map(|i| normalize(&path[i])));
        let mapped = path.iter().rev().find_map(|h| self.columns.get(&normalize(h)));
        let mapped = mapped.map(|f| Header { field: *f, ..Header::default() });
        let m = mapped.or_else(|| under_group(&leaf, parent.as_deref())).or_else(|| builtin(&leaf)).unwrap_or_default();
        Header { unit: m.unit.or(unit), year: m.year.or(year), ..m }
    }
}

/// What a column holds, read from its headers.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Header {
    /// The field (`None`: not imported).
    pub field: Option<Field>,
    /// The month a figure column is of: 3 for 「1-3月完成投资」 or 「3月完成投资」.
    pub month: Option<u32>,
    /// The year the header names for its figures (「2010年1-7月完成投资」), never the
    /// year of a 「至2009年底累计」 column.
    pub year: Option<i32>,
    /// The money unit the header names.
    pub unit: Option<MoneyUnit>,
    /// The cells hold a person of the unit or owner in the column before.
    pub person_of: Option<Field>,
}

impl Header {
    fn of(field: Field) -> Header {
        Header { field: Some(field), ..Header::default() }
    }
}

/// A unit of money a header names, as a power of ten of yuan.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MoneyUnit(pub u32);

/// The units' words and powers of ten.
const UNITS: [(&str, u32); 5] = [("亿元", 8), ("百万元", 6), ("万元", 4), ("千元", 3), ("元", 0)];

impl MoneyUnit {
    /// 元, 万元, 亿元 (also 千元, 百万元).
    pub fn of(word: &str) -> Option<MoneyUnit> {
        UNITS.iter().find(|(u, _)| word.trim() == *u).map(|(_, p)| MoneyUnit(*p))
    }

    /// The unit's word.
    pub fn word(self) -> &'static str {
        UNITS.iter().find(|(_, p)| *p == self.0).map_or("元", |(u, _)| u)
    }
}

/// The unit of money in a header: 「总投资（亿元）」, 「投资(万元)」.
fn unit_in(header: &str) -> Option<MoneyUnit> {
    let yuan = ["（元）", "(元)", "（元)", "(元）", "单位：元", "单位:元"].iter().any(|u| header.contains(u));
    let named = UNITS.iter().find(|(u, p)| *p > 0 && header.contains(u)).map(|(_, p)| MoneyUnit(*p));
    named.or(yuan.then_some(MoneyUnit(0)))
}

/// A sub-header read with the group header above it: 「负责人」 under 「项目业主单位」,
/// 「单位名称」 under 「市或县挂钩责任单位」, 「联系人」 and 「电话」 anywhere.
fn under_group(leaf: &str, parent: Option<&str>) -> Option<Header> {
    let is_contact = ["联系人", "联络人", "电话", "手机", "邮箱", "传真"].iter().any(|w| leaf.starts_with(w));
    if is_contact {
        return Some(Header::default());
    }
    let groups = [("业主", Field::Owner), ("单位", Field::Unit), ("领导", Field::Leader)];
    let group = groups.into_iter().find(|(w, _)| parent.is_some_and(|p| p.contains(w)))?.1;
    match leaf {
        "名称" | "单位名称" | "业主名称" | "单位" => Some(Header::of(group)),
        "负责人" | "责任人" | "姓名" if group == Field::Leader => Some(Header::of(Field::Leader)),
        "负责人" | "责任人" => Some(Header { person_of: Some(group), ..Header::default() }),
        _ => None,
    }
}

/// The built-in meaning of a normalised header.
fn builtin(h: &str) -> Option<Header> {
    let hit = all_columns()
        .find(|c| normalize(c.zh) == h || normalize(c.en) == h || c.aliases.iter().any(|a| normalize(a) == h));
    let hit = hit.map(|c| Header { month: figure_month(h), ..Header::of(c.field) });
    // `2026年计划投资`, `2026年度计划投资`: the annual plan of a named year.
    let rest = h.trim_start_matches(|c: char| c.is_ascii_digit());
    let named_year =
        matches!(rest, "年计划投资" | "年度计划投资" | "年度计划" | "年投资计划") && h.len() - rest.len() == 4;
    let plan = named_year.then(|| Header::of(Field::AnnualPlan));
    // 「建设单位及责任人」: the unit and its person in one cell.
    let joints = ["及责任人", "及负责人", "和责任人", "和负责人", "及联系人"];
    let joint = joints.iter().find_map(|j| h.strip_suffix(j)).filter(|u| u.contains("单位") || u.contains("业主"));
    let joint = joint.map(|u| Header::of(if u.contains("业主") { Field::Owner } else { Field::Unit }));
    let percent = (h.contains("形象进度") && !h.contains("计划")).then(|| Header::of(Field::Percent));
    let leads = ["挂点领导", "挂钩领导", "包抓领导", "分包领导", "包联领导", "联系领导"];
    let leader = leads.iter().any(|l| h.ends_with(l)).then(|| Header::of(Field::Leader));
    // 「市或县挂钩责任单位」 too.
    let unit = h.ends_with("责任单位").then(|| Header::of(Field::Unit));
    hit.or(plan).or(joint).or(percent).or_else(|| investment(h)).or(leader).or(unit)
}

/// The year a figure header names at its start: 2010 for 「2010年1-7月完成投资」, none for
/// 「至2009年底累计完成投资」 (that year is the one before the figures').
pub fn year_of_figures(h: &str) -> Option<i32> {
    let digits: String = h.chars().take_while(char::is_ascii_digit).collect();
    let rest = &h[digits.len()..];
    let year: i32 = digits.parse().ok().filter(|_| digits.len() == 4)?;
    let is_year_end = ["年底", "年末", "年年底"].iter().any(|w| rest.starts_with(w));
    (rest.starts_with('年') && !is_year_end && (1949..=2100).contains(&year)).then_some(year)
}

/// The month of a year-to-date or month header: 7 for 「1-7月」, 3 for 「3月完成投资」.
fn figure_month(h: &str) -> Option<u32> {
    let (lead, rest) = split_number(after_year(h))?;
    let ranged = ["-", "—", "–", "－", "~", "～", "至", "到"].iter().find_map(|d| rest.strip_prefix(d));
    let (n, rest) = match ranged {
        Some(after) if lead == 1 => split_number(after)?,
        Some(_) => return None,
        None => (lead, rest),
    };
    (rest.starts_with('月') && (1..=12).contains(&n)).then_some(n)
}

/// A header without the 「2010年」 it starts with.
fn after_year(h: &str) -> &str {
    match split_number(h) {
        Some((_, rest)) if h.len() - rest.len() == 4 && rest.starts_with('年') => &rest['年'.len_utf8()..],
        _ => h,
    }
}

fn split_number(s: &str) -> Option<(u32, &str)> {
    let end = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
    Some((s[..end].parse().ok()?, &s[end..]))
}

/// An investment-completed header: year-to-date (1–N月, 年初至报告期, 本年累计), the
/// month's own (本月, 当月, N月) or completed before the year (至2009年底, 开工至上年底).
/// Plans (计划), shares (占年计划%), targets (力争) and whole-year estimates (全年) are not.
fn investment(h: &str) -> Option<Header> {
    let is_figure = h.contains("完成") && (h.contains("投资") || h.contains("完成额"));
    let not_actual =
        ["计划", "占", "力争", "预计", "全年", "比例", "率", "%", "目标", "开工以来", "自开工", "开工累计"];
    if !is_figure || not_actual.iter().any(|w| h.contains(w)) {
        return None;
    }
    let prior = ["上年底", "上一年度底", "上年末", "以前年度", "往年"].iter().any(|w| h.contains(w))
        || h.strip_prefix("截").unwrap_or(h).strip_prefix('至').is_some_and(|r| {
            let y = r.trim_start_matches(|c: char| c.is_ascii_digit());
            r.len() - y.len() == 4 && (y.starts_with("年底") || y.starts_with("年末"))
        });
    if prior {
        return Some(Header::of(Field::PriorInvested));
    }
    let ranged = split_number(after_year(h)).is_some_and(|(n, r)| n == 1 && !r.starts_with('月'));
    match figure_month(h) {
        Some(m) if ranged || m == 1 => Some(Header { month: Some(m), ..Header::of(Field::Ytd) }),
        Some(m) => Some(Header { month: Some(m), ..Header::of(Field::Invested) }),
        None if ["年初至", "本年累计", "本年度累计", "年累计", "累计"].iter().any(|w| h.contains(w)) => {
            Some(Header::of(Field::Ytd))
        }
        None if ["本月", "当月"].iter().any(|w| h.contains(w)) => Some(Header::of(Field::Invested)),
        None => None,
    }
}

/// Reads `import.yaml`; problems go to `diags` with their line and column.
pub fn parse_mapping(text: &str, diags: &mut Diagnostics) -> Mapping {
    let mut m = Mapping::default();
    let node = match yaml::parse(text) {
        Ok(Some(n)) => n,
        Ok(None) => return m,
        Err(e) => {
            diags.error(MAPPING_FILE, e.pos, format!("YAML syntax: {}", e.message));
            return m;
        }
    };
    let ctx = &mut Ctx { file: MAPPING_FILE, diags };
    let Some(mut f) = fields::open_map(ctx, &node, "the mapping file") else { return m };
    m.sheet = f.get("sheet").and_then(|n| fields::text(ctx, n, "sheet"));
    m.header_row = f.get("header_row").and_then(|n| fields::positive_int(ctx, n, "header_row"));
    for (k, v) in pairs(ctx, f.get("columns"), "columns") {
        if let Some(field) = field_name(ctx, v) {
            m.columns.insert(normalize(&k), field);
        }
    }
    for (k, v) in pairs(ctx, f.get("districts"), "districts") {
        if let Some(d) = fields::text(ctx, v, "a district") {
            m.districts.insert(k.trim().to_string(), d);
        }
    }
    for (k, v) in pairs(ctx, f.get("defaults"), "defaults") {
        let Some(field) = DEFAULTABLE.iter().copied().find(|f| column(*f).key == k.trim()) else {
            let help = did_you_mean(&k, DEFAULTABLE.iter().map(|f| column(*f).key), "defaults may give:");
            ctx.error(v.pos, format!("no default for \"{k}\""), Some(help));
            continue;
        };
        if let Some(d) = fields::text(ctx, v, "a default") {
            m.defaults.insert(field, d);
        }
    }
    f.finish(ctx, &["sheet", "header_row", "columns", "districts", "defaults"]);
    m
}

/// The `text: value` pairs of a mapping node (none when it is not there).
fn pairs<'a>(ctx: &mut Ctx<'_>, node: Option<&'a Node>, what: &str) -> Vec<(String, &'a Node)> {
    let Some(node) = node else { return Vec::new() };
    let Value::Map(pairs) = &node.value else {
        ctx.error(node.pos, format!("{what} must be a mapping of `text: value` lines, found {}", node.kind()), None);
        return Vec::new();
    };
    pairs.iter().filter_map(|(k, v)| k.scalar().map(|s| (s.to_string(), v))).collect()
}

/// A field name (or `ignore`) in the `columns` mapping.
fn field_name(ctx: &mut Ctx<'_>, node: &Node) -> Option<Option<Field>> {
    let word = node.scalar().unwrap_or("");
    if word == "ignore" || node.is_null() {
        return Some(None);
    }
    if let Some(c) = all_columns().find(|c| c.key == word) {
        return Some(Some(c.field));
    }
    let help = did_you_mean(word, all_columns().map(|c| c.key).chain(["ignore"]), "use one of:");
    ctx.error(node.pos, format!("unknown column meaning \"{word}\""), Some(help));
    None
}

/// The key most like `word`, else `list` followed by every key.
fn did_you_mean(word: &str, keys: impl Iterator<Item = &'static str> + Clone, list: &str) -> String {
    suggest(word, keys.clone())
        .map_or_else(|| format!("{list} {}", keys.collect::<Vec<_>>().join(", ")), |s| format!("did you mean \"{s}\"?"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_match_with_units_line_breaks_and_aliases() {
        let m = Mapping::default();
        assert_eq!(m.field_of("项目名称"), Some(Some(Field::Name)));
        assert_eq!(m.field_of("总投资\n（万元）"), Some(Some(Field::TotalInvestment)));
        assert_eq!(m.field_of("本月完成 投资(万元)"), Some(Some(Field::Invested)));
        assert_eq!(m.field_of("所属区域"), Some(Some(Field::District)));
        assert_eq!(m.field_of("2026年计划投资"), Some(Some(Field::AnnualPlan)));
        assert_eq!(m.field_of("形象进度（%）"), Some(Some(Field::Percent)));
        assert_eq!(m.field_of("Invested this month"), Some(Some(Field::Invested)));
        assert_eq!(m.field_of("备注"), None);
        assert_eq!(m.field_of(""), None);
    }

    #[test]
    fn every_header_means_one_field() {
        let mut seen = std::collections::BTreeMap::new();
        for c in all_columns() {
            for h in [c.zh, c.en].iter().chain(c.aliases) {
                if let Some(other) = seen.insert(normalize(h), c.field) {
                    panic!("{h} means both {other:?} and {:?}", c.field);
                }
            }
        }
    }

    #[test]
    fn mapping_file_adds_headers_and_reports_mistakes() {
        let mut d = Diagnostics::default();
        let m = parse_mapping("sheet: 台账\ncolumns:\n  包抓县领导: leader\n  建设内容: ignore\n", &mut d);
        assert!(d.is_empty(), "{}", d.render(false));
        assert_eq!(m.sheet.as_deref(), Some("台账"));
        assert_eq!(m.field_of("包抓县领导"), Some(Some(Field::Leader)));
        assert_eq!(m.field_of("建设内容"), Some(None));
        let mut d = Diagnostics::default();
        parse_mapping("columns:\n  包抓县领导: leadr\nsheets: x\n", &mut d);
        let out = d.render(false);
        assert!(out.contains("import.yaml:2:10: error: unknown column meaning \"leadr\""), "{out}");
        assert!(out.contains("did you mean \"leader\"?"), "{out}");
        assert!(out.contains("import.yaml:3:1:"), "{out}");
    }
}
