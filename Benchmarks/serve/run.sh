#!/usr/bin/env bash
# Save-to-reload latency of `thesis serve` beside `mkdocs serve` (its livereload) in the same run,
# both measured end to end in headless Chromium by serve_reload.py; prints a Markdown section.
#   Benchmarks/serve/run.sh BIN PROJECT [RUNS=15] [CHAPTER=chapters/03-data.md]
# PROJECT should have been built once (a warm cache), as an author's project is.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
BIN=$1 PROJECT=$2 RUNS=${3:-15} CHAPTER=${4:-chapters/03-data.md}
MKDOCS=1.6.1
python3 -c "import mkdocs" 2>/dev/null || pip install -q "mkdocs==$MKDOCS" >/dev/null 2>&1 || true
peer=()
python3 -c "import mkdocs" 2>/dev/null && peer=(--peer mkdocs)
out=$(python3 "$here/serve_reload.py" --thesis "$BIN" --project "$PROJECT" --chapter "$CHAPTER" --runs "$RUNS" "${peer[@]}")
python3 - "$out" "$RUNS" "$CHAPTER" "$MKDOCS" <<'PY'
import json, sys
out, runs, chapter, version = json.loads(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
print("## Live preview: save to reload (headless Chromium, %s edits each, one run)" % runs)
print()
print("A sentence is appended to %s and the clock runs until the open page shows it: the file watcher," % chapter)
print("the rebuild, the event, the reload, load and render (Benchmarks/serve/serve_reload.py). mkdocs serve")
print("gets the same chapters as plain Markdown (directives unexecuted) in the same run.")
print()
print("| preview | median (ms) | p90 (ms) | × thesis serve |")
print("|---|---:|---:|---:|")
t = out["thesis"]
print("| thesis serve (draft rebuild through the cache, all pages, HTML and LaTeX) | %.1f | %.1f | 1.00 |" % (t["median_ms"], t["p90_ms"]))
if "mkdocs" in out:
    m = out["mkdocs"]
    print("| mkdocs serve %s (livereload) | %.1f | %.1f | %.2f |" % (version, m["median_ms"], m["p90_ms"], m["median_ms"] / t["median_ms"]))
print()
print("The reload kept the page's scroll position: %s." % ("yes" if t.get("scroll_kept") else "no"))
PY
