#!/usr/bin/env python3
"""Synthetic board generator for guatu's benchmarks (content format: SPEC.md §1).

    python3 benches/gen_board.py --projects N --months K --out DIR [--seed S]

Writes a content folder: DIR/site.yaml, DIR/projects/<id>.yaml (N files,
ids xm-00001 ...), DIR/pages/about.md and DIR/reports/<as_of>.md. guatu reads
<root>/content, so to build it pass `--out BOARD/content` and then
`guatu build --root BOARD` (benches/run.sh does this).

Each project has K monthly progress entries ending at the report month
2026-10 (K=10 covers 2026-01..2026-10; K=12 reaches back to 2025-11 and
annual_plan then carries 2025 as well; with K<10 the months of 2026 before
the window are missing, so ytd investment is low and most projects come out
red, as the metric definitions say they should).

Deterministic: the same arguments give the same bytes, on any machine (every
random stream is random.Random seeded from a string or int, which does not
depend on PYTHONHASHSEED). Project i has its own RNG derived from the seed and
its id, so a 1k board is a prefix of the 50k board (for the same K and seed,
and the same id width: widths grow past 99,999 projects).

This is the repository's own copy of the team's shared generator
(shared/bench/gen_content.py); for the same arguments it writes byte-identical
output, so guatu and the Hugo anchor are timed on the same input. Keep it so:
any change to the data it produces breaks that comparison. Standard library
only; the YAML is written by hand: every free-text string is double-quoted and
escaped, months and dates are written bare exactly as in SPEC.md's example
(`start: 2026-02`, `deadline: 2027-06-30`).

The mix is meant to look like a real county board as of 2026-10: most
projects under construction, some still in planning or signed, a few
completed/operating; roughly a third behind schedule (yellow/red), a few
overdue projects and overdue milestones, a few manual status overrides
(督办) in the latest month. All data is valid: percent never decreases,
amounts are >= 0, cumulative investment stays within total_investment,
months are consecutive, deadline is after start.
"""
import argparse
import datetime
import os
import random
import sys

AS_OF = (2026, 10)  # report month; the last progress entry of every project

DISTRICTS = [
    ("jinguyuan", "金谷园街道"), ("wangchenglu", "王城路街道"),
    ("xigong", "西工街道"), ("mangshan", "邙山街道"),
    ("hantunlu", "汉屯路街道"), ("kaixuandonglu", "凯旋东路街道"),
    ("tanggongzhonglu", "唐宫中路街道"), ("hongshan", "红山街道"),
    ("luobei", "洛北街道"), ("dongshahe", "东涧沟街道"),
    ("gaoxin", "高新技术产业园区"), ("wenhua", "文化旅游功能区"),
]
CATEGORIES = ["产业项目", "城建项目", "民生项目", "生态环保项目", "基础设施项目"]
LEVELS = ["省重点", "市重点", "区重点"]
LEVEL_WEIGHTS = [1, 3, 8]

UNITS = [
    "区发改委", "区住建局", "区交通运输局", "区工信局", "区商务局", "区教育局",
    "区卫健委", "区民政局", "区文广旅局", "区城管局", "区水利局", "区农业农村局",
    "区自然资源局", "区生态环境分局", "区科技局", "区财政局", "区人社局",
    "区市场监管局", "区国资中心", "区城投公司", "高新园区管委会", "文旅功能区管委会",
    "区应急管理局", "区园林绿化中心", "区大数据中心",
]
SURNAMES = list("王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文")
GIVEN = list("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国志红玉兰春梅海燕文斌晓东波辉宁鹏飞亮凯新宇浩然振宏庆林彬旭德")
TITLES = ["副区长", "区委常委", "区人大副主任", "区政协副主席", "副区长", "区委常委"]

PLACES = ["洛阳", "西工", "伊洛", "河洛", "王城", "金谷", "邙山", "周王城", "中原", "涧西", "瀍河", "古都"]
PRODUCTS = ["智能装备", "新能源汽车零部件", "高端轴承", "生物医药", "新材料", "电子信息",
            "光电显示", "精密铸造", "智能机器人", "储能电池", "氢能装备", "数字经济",
            "软件信息", "现代物流", "冷链物流", "绿色建材", "高端石化", "农产品深加工",
            "文化创意", "电商直播", "工业互联网", "半导体封装", "航空零部件", "医疗器械"]
IND_SUFFIX = ["产业园", "生产基地项目", "产业化项目", "智能制造项目", "研发中心项目",
              "扩能改造项目", "总部基地项目", "孵化园项目"]
MATERIALS = ["特种钢材", "高性能纤维", "锂电隔膜", "光伏玻璃", "铝合金型材", "环保涂料", "精密轴承"]
ROADS = ["王城大道", "中州中路", "凯旋路", "唐宫路", "纱厂路", "道北路", "红山路", "金谷园路",
         "邙岭大道", "解放路", "史家屯路", "汉屯路", "九都路", "西苑路", "春都路", "建设路"]
RIVERS = ["涧河", "洛河", "瀍河", "秦岭防洪渠", "铁路防洪渠", "金水河"]
AREAS = ["老城东", "王城公园周边", "西工小街", "道北", "红山", "邙山南麓", "纱厂路沿线",
         "金谷园", "唐宫路东段", "洛北", "火车站南广场", "凯旋路西段"]
SCHOOLS = ["西工区第一实验小学", "唐宫路小学", "金谷园中学", "王城路小学", "邙山镇中学",
           "西工区第二实验中学", "红山小学", "道北路小学", "西工区职业技术学校", "洛北幼儿园"]
COMPANY_HEAD = ["洛阳", "河南", "中原", "豫西", "伊洛", "河洛", "西工"]
COMPANY_MID = ["恒信", "宏达", "中科", "华远", "兴业", "瑞丰", "鼎盛", "正大", "华创", "建投",
               "金谷", "天宇", "博远", "众合", "新天地", "顺达", "盛世", "卓越", "联创", "国信"]
COMPANY_TAIL = ["科技有限公司", "实业有限公司", "置业有限公司", "建设发展有限公司",
                "投资集团有限公司", "新材料股份有限公司", "智能装备有限公司", "城市发展集团"]

MILESTONE_NAMES = ["土地摘牌", "施工许可办理", "桩基施工完成", "主体封顶", "钢结构吊装",
                   "二次结构完成", "设备安装", "外立面装饰", "室外配套完成", "竣工验收",
                   "试生产", "正式投产"]
WORKS = ["场地平整", "桩基施工", "土方开挖", "基础垫层", "地下室底板浇筑", "主体结构施工",
         "钢结构安装", "屋面防水", "外墙保温", "设备基础施工", "机电安装", "管网铺设",
         "道路基层施工", "沥青摊铺", "绿化种植", "路灯安装", "装饰装修", "室外配套",
         "设备调试", "联合试运转"]
PROBLEMS = ["临时用电手续待办理", "征地拆迁进度滞后", "环评批复尚未取得", "项目资金到位不足",
            "施工许可证办理中", "管线迁改协调难度大", "雨季影响施工进度", "土地组卷报批未完成",
            "设计方案调整待审定", "周边群众诉求需协调", "原材料价格上涨, 施工方资金紧张",
            "用地规划许可待核发", "高压线迁改未完成", "招标程序尚未完成"]
OVERRIDE_NOTES = ["拆迁安置未完成, 督查局挂牌督办", "连续两月投资为零, 区政府约谈业主",
                  "安全生产检查发现隐患, 责令整改", "群众投诉较多, 纳入重点督办",
                  "进度明显滞后, 列入区委督查室督办事项"]
STAGES = ["planning", "signed", "started", "construction", "completed", "operating"]


def q(s):
    """A YAML double-quoted scalar (safe for any text, Chinese included)."""
    s = str(s)
    out = ['"']
    for ch in s:
        if ch == "\\":
            out.append("\\\\")
        elif ch == '"':
            out.append('\\"')
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif ord(ch) < 0x20:
            out.append("\\x%02x" % ord(ch))
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def ym(y, m):
    return "%04d-%02d" % (y, m)


def add_months(y, m, k):
    t = y * 12 + (m - 1) + k
    return t // 12, t % 12 + 1


def last_day(y, m):
    if m == 12:
        return 31
    return (datetime.date(y, m + 1, 1) - datetime.timedelta(days=1)).day


def person(rng):
    n = rng.choice(SURNAMES) + rng.choice(GIVEN)
    if rng.random() < 0.6:
        n += rng.choice(GIVEN)
    return n


def company(rng):
    return rng.choice(COMPANY_HEAD) + rng.choice(COMPANY_MID) + rng.choice(COMPANY_TAIL)


def project_name(rng, category, district_name):
    r = rng.random()
    if category == "产业项目":
        if r < 0.45:
            n = rng.choice(PLACES) + rng.choice(PRODUCTS) + rng.choice(IND_SUFFIX)
        elif r < 0.7:
            n = "年产%d万%s%s项目" % (rng.choice([1, 2, 3, 5, 8, 10, 20, 30, 50]),
                                   rng.choice(["吨", "套", "件", "平方米"]), rng.choice(MATERIALS))
        else:
            n = rng.choice(COMPANY_MID) + rng.choice(PRODUCTS) + rng.choice(IND_SUFFIX)
    elif category == "城建项目":
        if r < 0.35:
            n = rng.choice(ROADS) + rng.choice(["道路改造工程", "提升改造工程", "雨污分流改造工程", "快速化改造工程"])
        elif r < 0.65:
            n = rng.choice(AREAS) + rng.choice(["片区城市更新项目", "棚户区改造项目", "安置房建设项目", "城中村改造项目"])
        else:
            n = district_name + rng.choice(["老旧小区改造项目", "背街小巷整治工程", "智慧停车场建设项目", "口袋公园建设项目"])
    elif category == "民生项目":
        if r < 0.4:
            n = rng.choice(SCHOOLS) + rng.choice(["新建工程", "改扩建工程", "教学楼建设项目", "综合楼建设项目"])
        elif r < 0.6:
            n = "区人民医院" + rng.choice(["门诊医技楼建设项目", "住院楼改扩建项目", "传染病区建设项目", "急救中心建设项目"])
        else:
            n = district_name + rng.choice(["社区养老服务中心", "社区卫生服务中心", "全民健身中心", "便民服务中心", "保障性租赁住房项目"]) + ("" if rng.random() < 0.5 else "建设项目")
    elif category == "生态环保项目":
        n = rng.choice(RIVERS) + rng.choice(["综合治理工程", "生态修复工程", "水系连通工程", "沿岸绿化提升工程"]) if r < 0.6 else \
            rng.choice(["邙山", "洛北", "红山", "金谷园"]) + rng.choice(["污水处理厂提标改造项目", "生活垃圾转运站建设项目", "国土绿化项目", "矿山生态修复项目"])
    else:
        n = rng.choice(["110千伏", "220千伏", "35千伏"]) + rng.choice(AREAS) + "输变电工程" if r < 0.3 else \
            rng.choice(ROADS) + rng.choice(["综合管廊工程", "供热管网改造工程", "燃气管网改造工程", "5G基站建设项目"]) if r < 0.7 else \
            rng.choice(AREAS) + rng.choice(["停车场建设项目", "公交首末站建设项目", "充电桩建设项目", "供水管网改造工程"])
    if rng.random() < 0.25:
        n += rng.choice(["（一期）", "（二期）", "（三期）"])
    return n


def site_yaml():
    lines = [
        "title: " + q("西工区重点项目建设进度公示"),
        "organization: " + q("西工区重点项目管理办公室"),
        "language: zh-CN",
        "base_url: /",
        "as_of: " + ym(*AS_OF),
        "money_unit: " + q("万元"),
        "contact: " + q("监督电话 0379-12345678"),
        "districts:",
    ]
    for did, name in DISTRICTS:
        lines.append("  - { id: %s, name: %s }" % (did, q(name)))
    lines.append("categories: [%s]" % ", ".join(q(c) for c in CATEGORIES))
    lines.append("levels: [%s]" % ", ".join(q(l) for l in LEVELS))
    lines += [
        "status:",
        "  yellow: 10",
        "  red: 30",
        "poster: { sizes: [A0-landscape], rows_per_sheet: 20 }",
        "display: { seconds_per_slide: 15, reload_check_seconds: 60 }",
    ]
    return "\n".join(lines) + "\n"


def gen_project(rng, pid, months, unit_leaders):
    """Return the YAML text of one project."""
    did, dname = rng.choice(DISTRICTS)
    category = rng.choices(CATEGORIES, weights=[5, 3, 3, 1, 2])[0]
    level = rng.choices(LEVELS, weights=LEVEL_WEIGHTS)[0]
    unit = rng.choice(UNITS)
    leader = unit_leaders[unit] if rng.random() < 0.7 else person(rng)
    name = project_name(rng, category, dname)
    y0, m0 = months[0]
    K = len(months)

    # lifecycle kind
    r = rng.random()
    if r < 0.07 and K >= 3:
        kind = "finishing"     # completes inside the window
    elif r < 0.22:
        kind = "new"           # planning/signed first, starts inside the window (maybe late)
    elif r < 0.25:
        kind = "stalled"       # still planning/signed at the end (late start)
    else:
        kind = "ongoing"       # under construction throughout

    # total investment, log-uniform 3,000 .. 600,000 万元, rounded
    total = int(round(3000 * (200 ** rng.random()), -2))
    # execution factor: how much of the annual plan gets done (drives lag/status)
    ef = rng.choices([rng.uniform(0.95, 1.3), rng.uniform(0.75, 0.95), rng.uniform(0.2, 0.65)],
                     weights=[68, 24, 8])[0]

    # planned start and deadline
    if kind in ("new", "stalled"):
        s_off = rng.randint(0, K - 1) if kind == "new" else rng.randint(max(0, K - 6), K - 1)
        start = add_months(y0, m0, s_off - rng.choice([0, 0, 0, 1, 2, 4]))
    else:
        start = add_months(y0, m0, -rng.randint(1, 30))
    if kind == "finishing":
        fin_off = rng.randint(max(1, K // 3), K - 1)   # month index of completion
        dl = add_months(*months[fin_off], rng.choice([0, 0, 1, 2, -1]))
    else:
        dl = add_months(AS_OF[0], AS_OF[1], rng.randint(2, 30))
        if kind == "ongoing" and rng.random() < 0.06:      # overdue project
            dl = add_months(AS_OF[0], AS_OF[1], -rng.randint(1, 8))
    if dl <= start:
        dl = add_months(*start, 6)
    if rng.random() < 0.5:
        deadline = ym(*dl)
    else:
        deadline = "%s-%02d" % (ym(*dl), last_day(*dl) if rng.random() < 0.7 else rng.randint(1, 28))

    # progress simulation
    if kind == "ongoing":
        pct = rng.randint(10, 60)
    elif kind == "finishing":
        pct = rng.randint(40, 80)
    else:
        pct = 0
    entries = []
    stage = None
    if kind == "new":
        start_idx = s_off + rng.choice([0, 0, 0, 1, 2])
    elif kind == "stalled":
        start_idx = K + 5
    else:
        start_idx = -1
    years = sorted({y for y, _ in months})
    plans = {}
    for y in years:
        frac = rng.uniform(0.15, 0.5)
        plans[y] = max(100, int(round(total * frac, -2)))
    remaining = total
    per_month = {}
    for y in years:
        per_month[y] = plans[y] / 12.0
        if kind == "new" and y == AS_OF[0]:
            # a project starting this year spreads its plan over the months after its start
            sy, sm = months[min(start_idx, K - 1)]
            if sy == y:
                per_month[y] = plans[y] / float(13 - sm)
    sum_by_year = {}
    for i, (y, m) in enumerate(months):
        e = {"month": ym(y, m)}
        # stage
        if kind == "ongoing":
            new_stage = "construction"
        elif kind == "finishing":
            new_stage = "construction" if i < fin_off else ("completed" if i < fin_off + 2 else "operating")
        else:
            if i < start_idx:
                new_stage = "planning" if i < start_idx - 3 else "signed"
            elif i == start_idx:
                new_stage = "started"
            else:
                new_stage = "construction"
        if stage is None or new_stage != stage or rng.random() < 0.03:
            e["stage"] = new_stage
        stage = new_stage
        # percent
        if stage in ("completed", "operating"):
            pct = 100
        elif stage in ("started", "construction"):
            step = rng.choice([0, 1, 2, 3, 4, 5, 6, 8]) * (ef if ef < 1 else 1)
            if kind == "finishing":
                step = max(step, (95 - pct) / max(1, fin_off - i))
            pct = min(99, pct + int(round(step)))
        elif stage == "signed":
            pct = min(pct + rng.choice([0, 0, 1]), 3)
        e["percent"] = int(pct)
        # invested in this month
        if stage in ("planning",):
            inv = 0
        elif stage == "signed":
            inv = int(round(per_month[y] * rng.uniform(0, 0.3) * ef, -1))
        elif stage == "operating":
            inv = int(round(per_month[y] * rng.uniform(0, 0.2), -1))
        else:
            inv = int(round(per_month[y] * ef * rng.uniform(0.7, 1.3), -1))
            if rng.random() < 0.05:
                inv = 0
        inv = max(0, min(inv, remaining))
        remaining -= inv
        e["invested"] = inv
        # texts
        if stage == "planning":
            e["note"] = rng.choice(["开展前期手续办理", "完成项目备案", "推进土地组卷报批", "完成可研报告编制", "开展方案设计"])
        elif stage == "signed":
            e["note"] = rng.choice(["完成项目签约", "推进施工图设计", "开展施工招标", "办理用地规划许可"])
        elif stage in ("completed", "operating"):
            e["note"] = rng.choice(["完成竣工验收", "设备试运行正常", "已正式投产运营", "完成竣工决算审计"])
        else:
            w = rng.sample(WORKS, 2)
            e["note"] = "完成%s, 推进%s" % (w[0], w[1]) if rng.random() < 0.6 else \
                "%s完成%d%%, 本月完成投资%d万元" % (w[0], rng.randint(20, 100), inv)
        if ef < 0.85 or rng.random() < 0.15:
            if rng.random() < 0.7:
                e["problems"] = rng.choice(PROBLEMS)
        if rng.random() < 0.8:
            ny, nm = add_months(y, m, 1)
            e["next"] = "%d月底前完成%s" % (nm, rng.choice(WORKS))
        entries.append(e)
    # manual override in the latest month for a few
    if rng.random() < 0.02:
        entries[-1]["status"] = rng.choice(["red", "red", "yellow"])
        entries[-1]["status_note"] = rng.choice(OVERRIDE_NOTES)

    # milestones
    milestones = []
    nms = rng.randint(1, 3)
    names = sorted(rng.sample(range(len(MILESTONE_NAMES)), nms))
    for j, ni in enumerate(names):
        due = add_months(AS_OF[0], AS_OF[1], rng.randint(-8, 10) + j * 2)
        due_s = "%s-%02d" % (ym(*due), last_day(*due))
        ms = {"name": MILESTONE_NAMES[ni], "due": due_s}
        if due <= AS_OF and rng.random() < 0.9:   # ~10% of past-due ones are overdue
            dd = add_months(*due, rng.choice([-1, 0, 0, 0, 1]))
            if dd > AS_OF:
                dd = AS_OF
            ms["done"] = "%s-%02d" % (ym(*dd), rng.randint(1, 28))
        milestones.append(ms)

    owner = company(rng) if rng.random() < 0.8 else None
    area = rng.randint(20, 800)

    out = []
    out.append("name: " + q(name))
    out.append("district: " + did)
    out.append("category: " + q(category))
    out.append("level: " + q(level))
    out.append("leader: " + q(leader))
    out.append("unit: " + q(unit))
    if owner:
        out.append("owner: " + q(owner))
    out.append("start: " + ym(*start))
    out.append("deadline: " + deadline)
    out.append("total_investment: %d" % total)
    out.append("annual_plan: { %s }" % ", ".join("%d: %d" % (y, plans[y]) for y in years))
    out.append("milestones:")
    for ms in milestones:
        parts = ["name: " + q(ms["name"]), "due: " + ms["due"]]
        if "done" in ms:
            parts.append("done: " + ms["done"])
        out.append("  - { %s }" % ", ".join(parts))
    out.append("progress:")
    for e in entries:
        out.append("  - month: " + e["month"])
        if "stage" in e:
            out.append("    stage: " + e["stage"])
        out.append("    percent: %d" % e["percent"])
        out.append("    invested: %d" % e["invested"])
        out.append("    note: " + q(e["note"]))
        if "problems" in e:
            out.append("    problems: " + q(e["problems"]))
        if "next" in e:
            out.append("    next: " + q(e["next"]))
        if "status" in e:
            out.append("    status: " + e["status"])
            out.append("    status_note: " + q(e["status_note"]))
    out.append("description: |")
    desc = [
        "项目位于%s, 占地约 %d 亩, 总投资 %d 万元, 由%s负责推进。" % (dname, area, total, unit),
        "",
        "**主要建设内容**:",
        "",
        "- %s" % rng.choice(["建设标准厂房及配套用房", "改造道路及地下管网", "新建教学楼、综合楼及运动场",
                               "建设住院楼及医技楼", "实施河道清淤、护岸及绿化", "建设变电站及配套线路"]),
        "- 建筑面积约 %.1f 万平方米" % (rng.randint(5, 300) / 10.0),
        "- 配套建设%s" % rng.choice(["停车场与绿化", "消防及给排水设施", "智慧化管理平台", "供电及燃气设施"]),
        "",
        "项目建成后预计%s。" % rng.choice(["年产值 %d 亿元, 新增就业 %d 人" % (rng.randint(1, 50), rng.randint(50, 2000)),
                                         "惠及群众 %d 万人" % rng.randint(1, 30),
                                         "新增学位 %d 个" % (rng.randint(6, 60) * 45),
                                         "日处理能力 %d 万吨" % rng.randint(1, 20)]),
    ]
    for line in desc:
        out.append(("  " + line) if line else "")
    return "\n".join(out) + "\n"


def write(path, text):
    # newline="\n": the same bytes on every platform
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--projects", type=int, required=True, help="number of projects N")
    ap.add_argument("--months", type=int, required=True, help="monthly entries per project K (ending 2026-10)")
    ap.add_argument("--out", required=True, help="the content folder to write (the one holding site.yaml)")
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args(argv)
    if a.projects < 1 or a.months < 1:
        ap.error("--projects and --months must be >= 1")
    rng = random.Random(a.seed)
    months = [add_months(AS_OF[0], AS_OF[1], -(a.months - 1 - i)) for i in range(a.months)]
    unit_leaders = {u: person(rng) + "" for u in UNITS}
    for sub in ("projects", "pages", "reports"):
        os.makedirs(os.path.join(a.out, sub), exist_ok=True)
    write(os.path.join(a.out, "site.yaml"), site_yaml())
    width = max(5, len(str(a.projects)))
    ids = set()
    for i in range(1, a.projects + 1):
        pid = "xm-%0*d" % (width, i)
        ids.add(pid + ".yaml")
        # one RNG per project, derived from the seed: output of project i does
        # not depend on N, so a 1k board is a prefix of the 50k board
        prng = random.Random("%d/%s" % (a.seed, pid))
        write(os.path.join(a.out, "projects", pid + ".yaml"), gen_project(prng, pid, months, unit_leaders))
    write(os.path.join(a.out, "pages", "about.md"),
          "# 关于本平台\n\n本平台按月公示西工区重点项目建设进度, 数据由各责任单位报送, "
          "区重点项目管理办公室审核发布。\n\n- 时序进度 = 报告月份 / 12\n- 投资完成率 = 年度累计完成投资 / 年度计划投资\n")
    write(os.path.join(a.out, "reports", ym(*AS_OF) + ".md"),
          "%d月份全区重点项目总体推进有序, 个别项目进度滞后, 请责任单位抓紧整改。\n" % AS_OF[1])
    # Files are overwritten, never deleted: say so if an earlier, bigger board left some behind.
    stale = sorted(n for n in os.listdir(os.path.join(a.out, "projects")) if n not in ids)
    if stale:
        print("gen_board.py: warning: %s/projects holds %d file(s) this board did not write (e.g. %s); "
              "start from an empty --out for an N-project board" % (a.out, len(stale), stale[0]), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
