#!/usr/bin/env python3
"""Time `guatu serve` from saving one project file to the rebuilt page being served.

Copies the demo board (content/) into a temporary folder, starts
`guatu serve --port 0` on it, then edits one project RUNS times. Each time it
measures, from just before the write, how long until the server reports a new
good build (the same endpoint open pages poll), and checks that the project's
page shows the edit. Prints every time and the median.

    cargo build --release && python3 benches/serve_rebuild.py
    GUATU=path/to/guatu RUNS=20 PROJECT=shuiwu-jiance python3 benches/serve_rebuild.py
    BOARD=/path/to/board RUNS=5 python3 benches/serve_rebuild.py   # e.g. a board made by gen_board.py

BOARD is a folder holding content/ (default: this repository's demo). The edit
goes into the project's description, or adds one when the project has none: text
that only the project's page shows. EDIT=name renames the project instead, which
every list, report and data file shows. ERR=FILE keeps the server's messages
(with GUATU_TIMINGS=1, each rebuild's stages).
"""

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GUATU = os.environ.get("GUATU", os.path.join(REPO, "target", "release", "guatu"))
RUNS = int(os.environ.get("RUNS", "15"))
BOARD = os.environ.get("BOARD", REPO)
EXTRA = os.environ.get("GUATU_ARGS", "").split()
EDIT = os.environ.get("EDIT", "description")
ERR = os.environ.get("ERR")


def get(url, timeout=30):
    with urllib.request.urlopen(url, timeout=timeout) as r:
        return r.read().decode("utf-8")


def main():
    work = tempfile.mkdtemp(prefix="guatu-serve-bench-")
    shutil.copytree(os.path.join(BOARD, "content"), os.path.join(work, "content"))
    projects = sorted(os.listdir(os.path.join(work, "content", "projects")))
    project = os.environ.get("PROJECT", projects[0].removesuffix(".yaml"))
    path = os.path.join(work, "content", "projects", project + ".yaml")
    original = open(path, encoding="utf-8").read()
    cmd = [GUATU, "serve", "--root", work, "--port", "0", "--output", os.path.join(work, "preview")] + EXTRA
    err = open(ERR, "w") if ERR else subprocess.DEVNULL
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=err, text=True)
    try:
        line = proc.stdout.readline()
        url = line.split()[1]
        state = json.loads(get(url + "__guatu/state"))
        times = []
        for i in range(RUNS):
            marker = f"bench-edit-{i}"
            if EDIT == "name":
                name = next(line for line in original.splitlines() if line.startswith("name: "))
                text = original.replace(name, f"name: {marker}", 1)
            elif "\ndescription: |\n" in original:
                text = original.replace("\ndescription: |\n", f"\ndescription: |\n  {marker}\n", 1)
            else:
                text = original.rstrip("\n") + f"\ndescription: |\n  {marker}\n"
            time.sleep(0.3)  # let the previous old site's removal finish, as between two saves
            start = time.perf_counter()
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
            build = state["build"]
            while state["build"] == build:
                state = json.loads(get(f"{url}__guatu/state?since={state['version']}"))
                assert state["error"] is None, state["error"]
            times.append((time.perf_counter() - start) * 1000)
            assert marker in get(f"{url}projects/{project}/"), "the page does not show the edit"
        board = "demo board" if BOARD == REPO else f"board {BOARD}"
        print(f"guatu serve, {board} ({len(projects)} projects), edit of the {EDIT} in content/projects/{project}.yaml")
        print("save → new build served, ms:", " ".join(f"{t:.0f}" for t in times))
        print(f"median {statistics.median(times):.0f} ms, min {min(times):.0f}, max {max(times):.0f} (n={RUNS})")
    finally:
        proc.terminate()
        proc.wait()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
