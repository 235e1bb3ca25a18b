#!/usr/bin/env python3
"""Whole-process timer (standard library only): wall, user, sys seconds and peak RSS.

    python3 benches/measure.py [--runs 5] [--warmup 1] [--fresh PATH]... -- CMD [ARG ...]

Runs CMD WARMUP times untimed, then RUNS times, and prints one JSON object:
every run's wall / user / sys seconds, user+sys ("cpu_s") and peak resident
memory ("peak_mb", in MiB: ru_maxrss of the child as reported by wait4, i.e.
the largest process in its tree that it waited for), plus min / median / max
of each. Wall time is taken around spawn + wait4, so it includes process
start-up and exit (page-cache flushes that the kernel defers are not waited
for, as for any command).

--fresh PATH (repeatable) moves PATH aside before every run, outside the timed
part, so that each run writes a fresh output folder; the folders set aside are
removed after the last run. They are not removed between runs because on ext4
freeing tens of thousands of inodes makes the next run's file creation slow:
the allocator skips inodes freed in the last seconds (minutes while their
inode-table blocks are dirty), and a kernel profile of a 10k-project build
right after such a removal showed over 40 % of its samples in
__ext4_new_inode. --defer-removal=no restores removal before every run;
--defer-removal=caller leaves the folders set aside (PATH.measure-aside-N) for
the caller to remove, so that a later measurement does not start just after
this one's removal. --sync then flushes all
dirty pages (sync(2)), also untimed, so that no run pays for the write-back
of the previous run's output or of the removal. CMD's stdout is
discarded; its stderr is kept in a temporary file and, if a run exits
non-zero, the end of it is shown and measuring stops (exit status 1), unless
--keep-going. The exit status is 0 only if every run exited 0.

Adapted from the team's shared/bench/measure.py: same method and the same JSON
keys, plus cpu_s, repeatable --fresh, --sync and stop-on-failure with the
command's error shown.
"""
import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

KEYS = ("wall_s", "user_s", "sys_s", "cpu_s", "peak_mb")
# ru_maxrss is in KiB on Linux and the BSDs, in bytes on macOS.
MAXRSS_PER_MIB = 1024.0 * 1024.0 if sys.platform == "darwin" else 1024.0


def remove(path):
    if os.path.isdir(path) and not os.path.islink(path):
        shutil.rmtree(path)
    elif os.path.lexists(path):
        os.unlink(path)


ASIDE = []


def set_aside(path, defer):
    if not os.path.lexists(path):
        return
    if not defer:
        remove(path)
        return
    aside = "%s.measure-aside-%d" % (path, len(ASIDE))
    remove(aside)
    os.rename(path, aside)
    ASIDE.append(aside)


def one(cmd, fresh, errfile, sync, defer=True):
    for path in fresh:
        set_aside(path, defer)
    if sync:
        os.sync()
    errfile.seek(0)
    errfile.truncate()
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=errfile)
    _, status, ru = os.wait4(p.pid, 0)
    t1 = time.perf_counter()
    p.returncode = os.waitstatus_to_exitcode(status)  # reaped already; keep Popen from waiting again
    return {"wall_s": t1 - t0, "user_s": ru.ru_utime, "sys_s": ru.ru_stime,
            "cpu_s": ru.ru_utime + ru.ru_stime,
            "peak_mb": ru.ru_maxrss / MAXRSS_PER_MIB, "exit": p.returncode}


def failed(run, cmd, errfile, what):
    errfile.seek(0)
    tail = errfile.read()[-4000:].decode("utf-8", "replace").rstrip()
    print("measure.py: %s exited with status %d: %s" % (what, run["exit"], " ".join(cmd)), file=sys.stderr)
    if tail:
        print("---- its stderr (end) ----\n" + tail + "\n----", file=sys.stderr)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=5, help="timed runs [5]")
    ap.add_argument("--warmup", type=int, default=1, help="untimed runs first [1]")
    ap.add_argument("--fresh", action="append", default=[], metavar="PATH",
                    help="move PATH aside before every run, untimed (repeatable)")
    ap.add_argument("--defer-removal", choices=("yes", "no", "caller"), default="yes",
                    help="remove the folders set aside after the last run [yes], before every run (no), "
                         "or leave them to the caller (caller)")
    ap.add_argument("--sync", action="store_true",
                    help="call sync(2) before every run, untimed, so that no run pays for the "
                         "write-back of the one before")
    ap.add_argument("--keep-going", action="store_true", help="do not stop at a failed run")
    ap.add_argument("cmd", nargs=argparse.REMAINDER)
    a = ap.parse_args()
    cmd = a.cmd[1:] if a.cmd and a.cmd[0] == "--" else a.cmd
    if not cmd:
        ap.error("no command")
    if shutil.which(cmd[0]) is None:
        print("measure.py: cannot run %r: not found or not executable" % cmd[0], file=sys.stderr)
        return 127
    if a.runs < 1 or a.warmup < 0:
        ap.error("--runs must be >= 1 and --warmup >= 0")
    runs = []
    with tempfile.TemporaryFile() as errfile:
        for i in range(a.warmup + a.runs):
            r = one(cmd, a.fresh, errfile, a.sync, a.defer_removal != "no")
            if i >= a.warmup:
                runs.append(r)
            if r["exit"] != 0:
                failed(r, cmd, errfile, "warm-up run %d" % (i + 1) if i < a.warmup else "run %d" % (i - a.warmup + 1))
                if not a.keep_going:
                    break
    if a.defer_removal == "yes":
        for aside in ASIDE:
            remove(aside)
    out = {"cmd": cmd, "warmup": a.warmup, "runs": runs}
    for k in KEYS:
        v = [r[k] for r in runs]
        out[k] = {"min": min(v), "median": statistics.median(v), "max": max(v)} if v else None
    json.dump(out, sys.stdout, indent=1)
    print()
    return 0 if len(runs) == a.runs and all(r["exit"] == 0 for r in runs) else 1


if __name__ == "__main__":
    sys.exit(main())
