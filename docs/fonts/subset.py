#!/usr/bin/env python3
"""Rebuild guatu's default-theme CJK fonts: subsets of Noto Sans CJK SC.

Usage (from anywhere; paths default to this repository):

    pip install fonttools
    apt-get install fonts-noto-cjk          # provides the two .ttc files
    python3 docs/fonts/subset.py [REGULAR_TTC [BOLD_TTC]]

REGULAR_TTC and BOLD_TTC default to Debian's
/usr/share/fonts/opentype/noto/NotoSansCJK-{Regular,Bold}.ttc. Face 2 of each
collection is Noto Sans CJK SC.

Writes, deterministically (same inputs give the same bytes):
  docs/fonts/charset.txt                     the code points asked for
  themes/default/fonts/NotoSansSC-Regular.otf
  themes/default/fonts/NotoSansSC-Bold.otf

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
so the family name stays "Noto Sans CJK SC" and the outlines stay CFF (.otf).

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
from fontTools.ttLib import TTFont

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent

DEFAULT_REGULAR = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
DEFAULT_BOLD = "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc"
FACE_INDEX = 2  # Noto Sans CJK SC in the Noto Sans CJK .ttc collections

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


def subset_one(src: str, dst: Path, unicodes: list[int]) -> TTFont:
    options = ft_subset.Options()
    options.parse_opts(PYFTSUBSET_ARGS)
    font = ft_subset.load_font(src, options, dontLoadGlyphNames=True)
    subsetter = ft_subset.Subsetter(options=options)
    subsetter.populate(unicodes=unicodes)
    subsetter.subset(font)
    ft_subset.save_font(font, str(dst), options)
    font.close()
    return TTFont(str(dst))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("regular", nargs="?", default=DEFAULT_REGULAR, help=f"Regular .ttc (default {DEFAULT_REGULAR})")
    ap.add_argument("bold", nargs="?", default=DEFAULT_BOLD, help=f"Bold .ttc (default {DEFAULT_BOLD})")
    ap.add_argument("--repo", type=Path, default=REPO, help="guatu checkout (default: this script's repository)")
    ap.add_argument("--out-dir", type=Path, help="where the .otf files go (default REPO/themes/default/fonts)")
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
    cmap_bold = face_cmap(args.bold)
    if set(cmap_regular) != set(cmap_bold):
        print("warning: Regular and Bold map different code points", file=sys.stderr)
    missing = write_charset(charset_file, sources, cmap_regular)
    unicodes = read_charset(charset_file)

    print(f"fontTools {fonttools_version}; face {FACE_INDEX}; pyftsubset {' '.join(PYFTSUBSET_ARGS)}")
    print(f"charset: {charset_file} ({len(unicodes)} code points in the font)")
    for name, chars in sources.items():
        print(f"  source {name}: {len(chars)}")
    if missing:
        print(f"not in Noto Sans CJK SC ({len(missing)}), left out:")
        for cp in missing:
            srcs = ",".join(n for n, s in sources.items() if chr(cp) in s)
            print(f"  U+{cp:04X} {shown(cp)} {unicodedata.name(chr(cp), '?')} [{srcs}]")

    status = 0
    for weight, src in (("Regular", args.regular), ("Bold", args.bold)):
        dst = out_dir / f"NotoSansSC-{weight}.otf"
        font = subset_one(src, dst, unicodes)
        cmap = font.getBestCmap()
        lost = [cp for cp in unicodes if cp not in cmap]
        family = font["name"].getDebugName(1)
        digest = hashlib.sha256(dst.read_bytes()).hexdigest()
        outlines = "CFF" if "CFF " in font else "glyf"
        print(
            f"{dst.relative_to(repo) if dst.is_relative_to(repo) else dst}: {dst.stat().st_size} bytes, "
            f"{font['maxp'].numGlyphs} glyphs, {len(cmap)} mapped code points, {outlines}, "
            f"family {family!r}, sha256 {digest}"
        )
        if lost:
            status = 1
            print(f"  ERROR: {len(lost)} charset code points have no glyph: "
                  + " ".join(f"U+{cp:04X}" for cp in lost[:20]), file=sys.stderr)
        if weight == "Regular":
            counts: dict[str, int] = {}
            for cp in cmap:
                counts[block_name(cp)] = counts.get(block_name(cp), 0) + 1
            print("  coverage by block:")
            for _, _, name in BLOCKS + [(0, 0, "Other")]:
                if name in counts:
                    print(f"    {name}: {counts[name]}")
        font.close()
    return status


if __name__ == "__main__":
    sys.exit(main())
