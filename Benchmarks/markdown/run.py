#!/usr/bin/env python3
"""Long-chapter benchmark: `thesis build` of a project whose one chapter is a generated Markdown
file of SIZE megabytes (make_chapter.py) against cmark-gfm alone on the same file, with the same
extensions (table, strikethrough, footnotes) and without them. Wall-clock medians over RUNS runs,
interleaved, and the peak resident memory of each (from wait4's rusage), as a multiple of the
file size. Usage: run.py [SIZE_MB=50] [RUNS=3] [THESIS_BINARY]   (needs the cmark-gfm program)"""
import os
import pathlib
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = pathlib.Path(__file__).resolve().parent
REPO = HERE.parent.parent
size = float(sys.argv[1]) if len(sys.argv) > 1 else 50
runs = int(sys.argv[2]) if len(sys.argv) > 2 else 3
thesis = sys.argv[3] if len(sys.argv) > 3 else str(REPO / ".build/release/thesis")
cmark = shutil.which("cmark-gfm")
if not cmark:
    sys.exit("cmark-gfm not found: apt-get install cmark-gfm (Scripts/setup.sh installs it)")


def measure(argv, cwd):
    """(seconds, peak RSS in bytes) of one run; stdout discarded."""
    start = time.perf_counter()
    with open(os.devnull, "wb") as null:
        proc = subprocess.Popen(argv, cwd=cwd, stdout=null, stderr=subprocess.PIPE)
        _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    err = proc.stderr.read().decode()
    proc.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"{argv[0]} failed: {err}")
    return seconds, usage.ru_maxrss * 1024


with tempfile.TemporaryDirectory() as work:
    root = pathlib.Path(work)
    (root / "chapters").mkdir()
    chapter = root / "chapters" / "01-long.md"
    subprocess.run([sys.executable, str(HERE / "make_chapter.py"), str(chapter), str(size)], check=True)
    (root / "thesis.toml").write_text('title = "A long chapter"\nauthor = "A. Author"\n')
    file_size = chapter.stat().st_size
    tools = {
        "thesis build (HTML and LaTeX)": [thesis, "build"],
        "cmark-gfm -e table -e strikethrough -e autolink -e footnotes (HTML)":
            [cmark, "-e", "table", "-e", "strikethrough", "-e", "autolink", "-e", "footnotes", str(chapter)],
        "cmark-gfm, no extensions (HTML)": [cmark, str(chapter)],
    }
    times = {name: [] for name in tools}
    memory = {name: 0 for name in tools}
    for _ in range(runs):
        for name, argv in tools.items():
            seconds, rss = measure(argv, root)
            times[name].append(seconds)
            memory[name] = max(memory[name], rss)

peer = statistics.median(times["cmark-gfm -e table -e strikethrough -e autolink -e footnotes (HTML)"])
print(f"## A long chapter ({file_size / 1e6:.1f} MB of generated Markdown, {runs} interleaved runs)\n")
print("| program | median (s) | × cmark-gfm with extensions | peak memory (MB) | × file size |")
print("|---|---:|---:|---:|---:|")
for name in tools:
    median = statistics.median(times[name])
    print(f"| {name} | {median:.2f} | {median / peer:.2f} | {memory[name] / 1e6:.0f} | {memory[name] / file_size:.1f} |")
