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
        matches!(self.field, Field::TotalInvestment | Field::AnnualPlan | Field::Invested)
    }
}

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
        aliases: &["包抓领导", "包联领导", "责任领导", "联系领导", "分包县级领导", "县级分包领导"],
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
        aliases: &["业主单位", "建设单位", "项目单位", "项目建设单位"],
    },
    Column {
        field: Field::Start, key: "start", zh: "开工时间", en: "Start", aliases: &["计划开工时间", "开工日期"]
    },
    Column {
        field: Field::Deadline,
        key: "deadline",
        zh: "完成时限",
        en: "Deadline",
        aliases: &["计划完成时间", "竣工时间", "计划竣工时间", "完工时间", "完成时间"],
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
        aliases: &["当月完成投资", "本月投资", "月完成投资"],
    },
    Column {
        field: Field::Percent,
        key: "percent",
        zh: "形象进度",
        en: "Percent complete",
        aliases: &["形象进度百分比", "完成进度"],
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
    COLUMNS.iter().find(|c| c.field == field).expect("every field has a column")
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
}

/// The mapping file's name in the board folder.
pub const MAPPING_FILE: &str = "import.yaml";

impl Mapping {
    /// What a header means: the mapping file first, then the built-in table.
    pub fn field_of(&self, header: &str) -> Option<Option<Field>> {
        let h = normalize(header);
        if h.is_empty() {
            return None;
        }
        if let Some(f) = self.columns.get(&h) {
            return Some(*f);
        }
        builtin(&h).map(Some)
    }
}

/// The built-in meaning of a normalised header.
fn builtin(h: &str) -> Option<Field> {
    let hit = COLUMNS
        .iter()
        .find(|c| normalize(c.zh) == h || normalize(c.en) == h || c.aliases.iter().any(|a| normalize(a) == h));
    if let Some(c) = hit {
        return Some(c.field);
    }
    // `2026年计划投资`, `2026年度计划投资`: the annual plan of a named year.
    let rest = h.trim_start_matches(|c: char| c.is_ascii_digit());
    if h.len() - rest.len() == 4 && matches!(rest, "年计划投资" | "年度计划投资" | "年度计划" | "年投资计划")
    {
        return Some(Field::AnnualPlan);
    }
    None
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
    if let Some(n) = f.get("sheet") {
        m.sheet = fields::text(ctx, n, "sheet");
    }
    if let Some(n) = f.get("header_row") {
        m.header_row = fields::positive_int(ctx, n, "header_row");
    }
    if let Some(n) = f.get("columns") {
        for (k, v) in pairs(ctx, n, "columns") {
            if let Some(field) = field_name(ctx, v) {
                m.columns.insert(normalize(&k), field);
            }
        }
    }
    if let Some(n) = f.get("districts") {
        for (k, v) in pairs(ctx, n, "districts") {
            if let Some(d) = fields::text(ctx, v, "a district") {
                m.districts.insert(k.trim().to_string(), d);
            }
        }
    }
    f.finish(ctx, &["sheet", "header_row", "columns", "districts"]);
    m
}

/// The `text: value` pairs of a mapping node.
fn pairs<'a>(ctx: &mut Ctx<'_>, node: &'a Node, what: &str) -> Vec<(String, &'a Node)> {
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
    if let Some(c) = COLUMNS.iter().find(|c| c.key == word) {
        return Some(Some(c.field));
    }
    let keys: Vec<&str> = COLUMNS.iter().map(|c| c.key).chain(["ignore"]).collect();
    let help = match suggest(word, keys.iter().copied()) {
        Some(s) => format!("did you mean \"{s}\"?"),
        None => format!("use one of: {}", keys.join(", ")),
    };
    ctx.error(node.pos, format!("unknown column meaning \"{word}\""), Some(help));
    None
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
        for c in &COLUMNS {
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
