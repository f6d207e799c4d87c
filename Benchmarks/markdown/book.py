#!/usr/bin/env python3
"""Plain-Markdown book benchmark: a cold `thesis build` (HTML book and LaTeX, cache and outputs
removed before each run) of eight generated chapters without directives, against pandoc on the
same eight files writing a standalone HTML page and a LaTeX file (what the tool writes), and
pandoc writing HTML alone. Chapters come from make_chapter.py (headings, prose with emphasis,
code and links, inline and display math, lists, quotes, fenced code, pipe tables).
Wall-clock medians of RUNS interleaved runs.
Usage: book.py [RUNS=11] [KB_PER_CHAPTER=60] [THESIS_BINARY]   (needs pandoc: apt-get install pandoc)"""
import pathlib
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = pathlib.Path(__file__).resolve().parent
REPO = HERE.parent.parent
runs = int(sys.argv[1]) if len(sys.argv) > 1 else 11
kilobytes = float(sys.argv[2]) if len(sys.argv) > 2 else 60
thesis = sys.argv[3] if len(sys.argv) > 3 else str(REPO / ".build/release/thesis")
pandoc = shutil.which("pandoc")
if not pandoc:
    sys.exit("pandoc not found: apt-get install pandoc")
version = subprocess.run([pandoc, "--version"], capture_output=True, text=True).stdout.splitlines()[0]


with tempfile.TemporaryDirectory() as work:
    root = pathlib.Path(work)
    (root / "chapters").mkdir()
    for n in range(1, 9):
        chapter = root / "chapters" / f"{n:02d}-chapter.md"
        subprocess.run([sys.executable, str(HERE / "make_chapter.py"), str(chapter), str(kilobytes / 1000)], check=True)
        chapter.write_text(f"# Chapter {n}\n\n" + chapter.read_text())
    (root / "thesis.toml").write_text('title = "A plain book"\nauthor = "A. Author"\n')
    chapters = sorted(str(p.relative_to(root)) for p in (root / "chapters").glob("*.md"))
    size = sum((root / c).stat().st_size for c in chapters)

    def clean():
        for name in (".thesis", "reports", "figures"):
            shutil.rmtree(root / name, ignore_errors=True)

    def timed(argvs, before=None):
        """Wall seconds of running argvs one after another in the project (after `before`)."""
        if before:
            before()
        start = time.perf_counter()
        for argv in argvs:
            subprocess.run(argv, cwd=root, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        return time.perf_counter() - start

    html = [pandoc, "-s", "--toc", "--mathml", *chapters, "-o", "book.html"]
    latex = [pandoc, "-s", "--toc", *chapters, "-o", "book.tex"]
    cases = {
        "thesis build, cold (HTML book and LaTeX)": lambda: timed([[thesis, "build", "--quiet"]], clean),
        f"{version}: HTML and LaTeX (two runs)": lambda: timed([html, latex]),
        f"{version}: HTML only": lambda: timed([html]),
    }
    times = {name: [] for name in cases}
    for name, case in cases.items():
        case()  # warm-up
    for _ in range(runs):
        for name, case in cases.items():
            times[name].append(case())

thesis_median = statistics.median(times["thesis build, cold (HTML book and LaTeX)"])
print(f"## A plain Markdown book (8 chapters, {size / 1000:.0f} kB, no directives; {runs} interleaved runs)\n")
print("| program | median (ms) | × thesis build |")
print("|---|---:|---:|")
for name in cases:
    median = statistics.median(times[name])
    print(f"| {name} | {median * 1000:.1f} | {median / thesis_median:.2f} |")
