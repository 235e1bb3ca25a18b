#!/usr/bin/env python3
"""Rebuild guatu's default-theme CJK font: a TrueType subset of Noto Sans CJK SC.

Usage (from anywhere; paths default to this repository):

    pip install fonttools
    apt-get install fonts-noto-cjk          # provides the .ttc files
    python3 docs/fonts/subset.py [REGULAR_TTC] [--bold [BOLD_TTC]]

REGULAR_TTC defaults to Debian's
/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc. Face 2 of the
collection is Noto Sans CJK SC. Only the Regular weight is built: guatu's
posters draw bold text with a stroke of the Regular outlines. --bold also
builds NotoSansSC-Bold.ttf (from BOLD_TTC, default the Debian NotoSansCJK-Bold.ttc);
guatu does not use it and it is not shipped.

Writes, deterministically (same inputs give the same bytes):
  docs/fonts/charset.txt                     the code points asked for
  themes/default/fonts/NotoSansSC-Regular.ttf

The character set is the union of: printable ASCII; Latin-1 Supplement;
common punctuation and symbols (dashes, quotes, ellipsis, ‰, №, ℃, ①-⑳,
arrows, the geometric shapes guatu draws); CJK Symbols and Punctuation
U+3000-303F; full-width forms U+FF01-FF5E (and ￥); every 2-byte GB 2312 code
(decoded with Python's 'gb2312' codec); the 8,105 characters of 通用规范汉字表
(docs/fonts/tongyong-guifan-hanzi-8105.txt); and every character in
content/**/*.{yaml,yml,md}, themes/default/i18n/*.json and
themes/default/templates/**. Characters that Noto Sans CJK SC does not have are listed
(in charset.txt and on stdout) and left out.

Subsetting uses the same options as
  pyftsubset --font-number=2 --layout-features=kern,palt,halt --no-hinting
             --name-IDs='*' --name-legacy --name-languages='*'
so the family name stays "Noto Sans CJK SC". The subset's CFF outlines are then
converted to TrueType (quadratic, glyf/loca) outlines, as fontTools' otf2ttf
recipe does: each glyph is drawn through Cu2QuPen (max error 1.0 font unit,
reverse_direction=True, so contours get TrueType's clockwise direction) into
TTGlyphPen; 'CFF ' and 'VORG' are dropped; maxp becomes version 1.0 with
recalculated values; head.glyphDataFormat = 0; post becomes format 3.0 (no
glyph names); sfntVersion 0x00010000. Every other table (name, cmap, OS/2,
hhea/hmtx, vhea/vmtx, BASE, GSUB, GPOS, kern if any) is kept; advance widths
are unchanged, left side bearings are set to each TrueType glyph's xMin.

Why TrueType: ttf_parser (under usvg) re-parses the charset of a CID-keyed
CFF font every time usvg lays out a text element, and with ~9,000 glyphs that
made poster rendering slow; the same subset with glyf outlines renders about
25% faster. The file is larger (about 2.6 MB instead of 2.0 MB).

Standard library + fontTools only.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import unicodedata
from pathlib import Path

from fontTools import subset as ft_subset
from fontTools import version as fonttools_version
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTFont, newTable

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent

DEFAULT_REGULAR = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
DEFAULT_BOLD = "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc"
FACE_INDEX = 2  # Noto Sans CJK SC in the Noto Sans CJK .ttc collections

# CFF -> TrueType conversion (fontTools' otf2ttf recipe).
MAX_ERR = 1.0  # font units (1/1000 em for Noto Sans CJK)
REVERSE_DIRECTION = True  # CFF contours run counter-clockwise, TrueType clockwise
POST_FORMAT = 3.0

PYFTSUBSET_ARGS = [
    f"--font-number={FACE_INDEX}",
    "--layout-features=kern,palt,halt",
    "--no-hinting",
    "--name-IDs=*",
    "--name-legacy",
    "--name-languages=*",
]

# Punctuation and symbols beyond ASCII that guatu's text and theme may use.
EXTRA_SYMBOLS = (
    "°±×÷·"                 # also inside Latin-1 below; listed for clarity
    "‐–—―‖‘’“”…•‰′″‹›※−"    # general punctuation, minus sign
    "№℃㎡"                    # letterlike, square metre
    "●▲■▼✓◆○□△▽★☆"          # geometric shapes guatu draws
    "→←↑↓"                   # arrows
    "✔✗"                     # not in Noto; listed so the gap is reported
)

# Named Unicode ranges for the coverage report (first, last, name).
BLOCKS = [
    (0x0000, 0x007F, "Basic Latin"),
    (0x0080, 0x00FF, "Latin-1 Supplement"),
    (0x0100, 0x024F, "Latin Extended-A/B (pinyin)"),
    (0x0250, 0x02FF, "IPA / spacing modifiers"),
    (0x0370, 0x03FF, "Greek"),
    (0x0400, 0x04FF, "Cyrillic"),
    (0x2000, 0x206F, "General Punctuation"),
    (0x2100, 0x214F, "Letterlike Symbols"),
    (0x2150, 0x218F, "Number Forms"),
    (0x2190, 0x21FF, "Arrows"),
    (0x2200, 0x22FF, "Mathematical Operators"),
    (0x2300, 0x23FF, "Miscellaneous Technical"),
    (0x2460, 0x24FF, "Enclosed Alphanumerics"),
    (0x2500, 0x257F, "Box Drawing"),
    (0x25A0, 0x25FF, "Geometric Shapes"),
    (0x2600, 0x26FF, "Miscellaneous Symbols"),
    (0x2700, 0x27BF, "Dingbats"),
    (0x3000, 0x303F, "CJK Symbols and Punctuation"),
    (0x3040, 0x30FF, "Hiragana / Katakana"),
    (0x3100, 0x312F, "Bopomofo"),
    (0x3200, 0x32FF, "Enclosed CJK Letters and Months"),
    (0x3300, 0x33FF, "CJK Compatibility"),
    (0x3400, 0x4DBF, "CJK Unified Ideographs Ext. A"),
    (0x4E00, 0x9FFF, "CJK Unified Ideographs"),
    (0xF900, 0xFAFF, "CJK Compatibility Ideographs"),
    (0xFE30, 0xFE4F, "CJK Compatibility Forms"),
    (0xFF00, 0xFFEF, "Halfwidth and Fullwidth Forms"),
    (0x20000, 0x3FFFF, "CJK Ext. B and later (SIP/TIP)"),
]


def block_name(cp: int) -> str:
    for first, last, name in BLOCKS:
        if first <= cp <= last:
            return name
    return "Other"


def wanted(ch: str) -> bool:
    """A character worth a glyph: no controls, surrogates or unassigned."""
    cat = unicodedata.category(ch)
    if cat in ("Cc", "Cs", "Co", "Cn"):
        return False
    return ch not in "\ufeff"


def gb2312_chars() -> set[str]:
    out = set()
    for hi in range(0xA1, 0xFF):
        for lo in range(0xA1, 0xFF):
            try:
                out.add(bytes((hi, lo)).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    return out


def tongyong_chars(path: Path) -> set[str]:
    out = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            if len(line) != 1:
                sys.exit(f"{path}: expected one character a line, got {line!r}")
            out.add(line)
    if len(out) != 8105:
        print(f"warning: {path} holds {len(out)} characters, not 8105", file=sys.stderr)
    return out


def chars_in_files(root: Path, patterns: list[str]) -> tuple[set[str], list[str]]:
    out: set[str] = set()
    files = sorted({p for pat in patterns for p in root.glob(pat) if p.is_file()})
    for p in files:
        out |= set(p.read_text(encoding="utf-8"))
    return out, [str(p.relative_to(root)) for p in files]


def build_sources(repo: Path, tongyong: Path) -> dict[str, set[str]]:
    sources: dict[str, set[str]] = {}
    sources["ascii"] = {chr(c) for c in range(0x20, 0x7F)}
    latin1 = {chr(c) for c in range(0xA0, 0x100)}
    sources["punctuation+symbols"] = (
        latin1
        | set(EXTRA_SYMBOLS)
        | {chr(c) for c in range(0x2460, 0x2474)}  # ① .. ⑳
    )
    sources["cjk-punctuation U+3000-303F"] = {chr(c) for c in range(0x3000, 0x3040)}
    sources["fullwidth U+FF01-FF5E"] = {chr(c) for c in range(0xFF01, 0xFF5F)} | {"\uffe5"}
    sources["gb2312"] = gb2312_chars()
    sources["tongyong-8105"] = tongyong_chars(tongyong)
    content, _ = chars_in_files(
        repo,
        [
            "content/**/*.yaml",
            "content/**/*.yml",
            "content/**/*.md",
            "themes/default/i18n/*.json",
        ],
    )
    sources["content+i18n"] = content
    templates, _ = chars_in_files(repo, ["themes/default/templates/**/*"])
    sources["templates"] = templates
    return {k: {c for c in v if wanted(c)} for k, v in sources.items()}


def face_cmap(path: str) -> dict[int, str]:
    font = TTFont(path, fontNumber=FACE_INDEX, lazy=True)
    try:
        return dict(font.getBestCmap())
    finally:
        font.close()


def write_charset(path: Path, sources: dict[str, set[str]], cmap: dict[int, str]) -> list[int]:
    allchars = set().union(*sources.values())
    cps = sorted(ord(c) for c in allchars)
    missing = [cp for cp in cps if cp not in cmap]
    lines = [
        "# Code points asked of Noto Sans CJK SC by docs/fonts/subset.py (generated; do not edit).",
        "# Format: U+XXXX, then the character after '#'; pyftsubset --unicodes-file reads it.",
        f"# {len(cps)} code points; {len(cps) - len(missing)} in the font; {len(missing)} not in Noto Sans CJK SC.",
        "# Sources (characters each; they overlap):",
    ]
    for name, chars in sources.items():
        lines.append(f"#   {name}: {len(chars)}")
    for cp in missing:
        srcs = ",".join(n for n, s in sources.items() if chr(cp) in s)
        lines.append(f"# not in font: U+{cp:04X} {shown(cp)} ({unicodedata.name(chr(cp), '?')}; {srcs})")
    for cp in cps:
        if cp in cmap:
            lines.append(f"U+{cp:04X} # {shown(cp)}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8", newline="\n")
    return missing


def shown(cp: int) -> str:
    ch = chr(cp)
    if unicodedata.category(ch) in ("Zs", "Mn", "Me", "Cf"):
        return f"<{unicodedata.name(ch, 'U+%04X' % cp).lower()}>"
    return ch


def read_charset(path: Path) -> list[int]:
    cps = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            cps.append(int(line.removeprefix("U+"), 16))
    return cps


def subset_one(src: str, unicodes: list[int]) -> TTFont:
    """The pyftsubset-equivalent subset of face FACE_INDEX of `src`, in memory (CFF)."""
    options = ft_subset.Options()
    options.parse_opts(PYFTSUBSET_ARGS)
    font = ft_subset.load_font(src, options, dontLoadGlyphNames=True)
    subsetter = ft_subset.Subsetter(options=options)
    subsetter.populate(unicodes=unicodes)
    subsetter.subset(font)
    return font


def glyphs_to_quadratic(glyph_set, glyph_order: list[str]) -> dict:
    out = {}
    for name in glyph_order:
        tt_pen = TTGlyphPen(glyph_set)
        glyph_set[name].draw(Cu2QuPen(tt_pen, MAX_ERR, reverse_direction=REVERSE_DIRECTION))
        out[name] = tt_pen.glyph()
    return out


def cff_to_truetype(font: TTFont) -> None:
    """Replaces the CFF outlines of `font` by quadratic glyf/loca outlines, in place."""
    if font.sfntVersion != "OTTO" or "CFF " not in font:
        raise SystemExit("expected a CFF-flavoured OpenType font")
    font.recalcBBoxes = True  # glyph boxes, maxp, head and hhea/vhea extremes from the new glyf
    glyph_order = font.getGlyphOrder()
    font["loca"] = newTable("loca")
    font["glyf"] = glyf = newTable("glyf")
    glyf.glyphOrder = glyph_order
    glyf.glyphs = glyphs_to_quadratic(font.getGlyphSet(), glyph_order)
    del font["CFF "]
    if "VORG" in font:
        del font["VORG"]
    glyf.compile(font)  # computes each glyph's bounding box

    # Left side bearing = xMin of the TrueType glyph; advance widths stay as they are.
    hmtx = font["hmtx"]
    for name, glyph in glyf.glyphs.items():
        advance, _ = hmtx.metrics[name]
        hmtx.metrics[name] = (advance, getattr(glyph, "xMin", 0))

    maxp = font["maxp"] = newTable("maxp")
    maxp.tableVersion = 0x00010000
    maxp.maxZones = 1
    maxp.maxTwilightPoints = 0
    maxp.maxStorage = 0
    maxp.maxFunctionDefs = 0
    maxp.maxInstructionDefs = 0
    maxp.maxStackElements = 0
    maxp.maxSizeOfInstructions = 0
    maxp.maxComponentElements = max(
        (len(g.components) for g in glyf.glyphs.values() if hasattr(g, "components")), default=0
    )
    maxp.compile(font)  # numGlyphs, maxPoints, maxContours, ... from glyf

    font["head"].glyphDataFormat = 0

    post = font["post"]
    post.formatType = POST_FORMAT
    post.extraNames = []
    post.mapping = {}
    post.glyphOrder = None

    font.sfntVersion = "\000\001\000\000"


def advance_widths(font: TTFont) -> list[int]:
    """Advance widths in glyph order (glyph names change: post 3.0 has none)."""
    hmtx = font["hmtx"]
    return [hmtx[name][0] for name in font.getGlyphOrder()]


def build_one(src: str, dst: Path, unicodes: list[int]) -> tuple[TTFont, list[int]]:
    """Subsets `src`, converts it to TrueType and writes `dst`; returns the reloaded
    font and the CFF subset's advance widths (in glyph order) to check against."""
    font = subset_one(src, unicodes)
    cff_advances = advance_widths(font)
    cff_to_truetype(font)
    # No timestamp update: the head dates stay those of the source font, so the bytes
    # only depend on the inputs.
    font.recalcTimestamp = False
    font.save(str(dst), reorderTables=True)
    font.close()
    return TTFont(str(dst)), cff_advances


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("regular", nargs="?", default=DEFAULT_REGULAR, help=f"Regular .ttc (default {DEFAULT_REGULAR})")
    ap.add_argument(
        "--bold",
        nargs="?",
        const=DEFAULT_BOLD,
        metavar="BOLD_TTC",
        help=f"also build NotoSansSC-Bold.ttf (not used by guatu; default source {DEFAULT_BOLD})",
    )
    ap.add_argument("--repo", type=Path, default=REPO, help="guatu checkout (default: this script's repository)")
    ap.add_argument("--out-dir", type=Path, help="where the .ttf files go (default REPO/themes/default/fonts)")
    ap.add_argument("--charset-file", type=Path, help="charset to write (default docs/fonts/charset.txt)")
    ap.add_argument(
        "--tongyong",
        type=Path,
        default=HERE / "tongyong-guifan-hanzi-8105.txt",
        help="the 8,105 characters of 通用规范汉字表, one a line",
    )
    args = ap.parse_args()

    repo = args.repo.resolve()
    out_dir = (args.out_dir or repo / "themes/default/fonts").resolve()
    charset_file = (args.charset_file or repo / "docs/fonts/charset.txt").resolve()
    out_dir.mkdir(parents=True, exist_ok=True)

    sources = build_sources(repo, args.tongyong)
    cmap_regular = face_cmap(args.regular)
    if args.bold and set(face_cmap(args.bold)) != set(cmap_regular):
        print("warning: Regular and Bold map different code points", file=sys.stderr)
    missing = write_charset(charset_file, sources, cmap_regular)
    unicodes = read_charset(charset_file)

    print(f"fontTools {fonttools_version}; face {FACE_INDEX}; pyftsubset {' '.join(PYFTSUBSET_ARGS)}")
    print(f"TrueType outlines: Cu2QuPen max_err={MAX_ERR}, reverse_direction={REVERSE_DIRECTION}; post {POST_FORMAT}")
    print(f"charset: {charset_file} ({len(unicodes)} code points in the font)")
    for name, chars in sources.items():
        print(f"  source {name}: {len(chars)}")
    if missing:
        print(f"not in Noto Sans CJK SC ({len(missing)}), left out:")
        for cp in missing:
            srcs = ",".join(n for n, s in sources.items() if chr(cp) in s)
            print(f"  U+{cp:04X} {shown(cp)} {unicodedata.name(chr(cp), '?')} [{srcs}]")

    weights = [("Regular", args.regular)] + ([("Bold", args.bold)] if args.bold else [])
    status = 0
    for weight, src in weights:
        dst = out_dir / f"NotoSansSC-{weight}.ttf"
        font, cff_advances = build_one(src, dst, unicodes)
        cmap = font.getBestCmap()
        lost = [cp for cp in unicodes if cp not in cmap]
        family = font["name"].getDebugName(1)
        digest = hashlib.sha256(dst.read_bytes()).hexdigest()
        outlines = "CFF" if "CFF " in font else "glyf"
        advances = advance_widths(font)
        print(
            f"{dst.relative_to(repo) if dst.is_relative_to(repo) else dst}: {dst.stat().st_size} bytes, "
            f"{font['maxp'].numGlyphs} glyphs, {len(cmap)} mapped code points, {outlines}, "
            f"family {family!r}, sha256 {digest}"
        )
        if lost:
            status = 1
            print(f"  ERROR: {len(lost)} charset code points have no glyph: "
                  + " ".join(f"U+{cp:04X}" for cp in lost[:20]), file=sys.stderr)
        if family != "Noto Sans CJK SC":
            status = 1
            print(f"  ERROR: family name is {family!r}, not 'Noto Sans CJK SC'", file=sys.stderr)
        if advances != cff_advances:
            status = 1
            changed = [g for g, (a, b) in enumerate(zip(advances, cff_advances)) if a != b]
            print(f"  ERROR: advance widths differ from the CFF subset ({len(advances)} vs "
                  f"{len(cff_advances)} glyphs; glyph ids {changed[:10]})", file=sys.stderr)
        if weight == "Regular":
            counts: dict[str, int] = {}
            for cp in cmap:
                counts[block_name(cp)] = counts.get(block_name(cp), 0) + 1
            print("  coverage by block:")
            for _, _, name in BLOCKS + [(0, 0, "Other")]:
                if name in counts:
                    print(f"    {name}: {counts[name]}")
        font.close()
    for stale in ("NotoSansSC-Regular.otf", "NotoSansSC-Bold.otf"):
        if (out_dir / stale).exists():
            print(f"note: {out_dir / stale} is an old CFF build; guatu now ships the .ttf, delete it",
                  file=sys.stderr)
    return status

if __name__ == "__main__":
    sys.exit(main())
