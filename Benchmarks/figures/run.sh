#!/usr/bin/env bash
# Figure benchmark, side by side in one run: thesis (Swift + Cairo, release build) and matplotlib
# draw the same 12-panel impulse-response grid with bands as PNG, PDF and SVG, 100 times each.
# Prints the median seconds per figure and the speed-up. Usage: Benchmarks/figures/run.sh [ITERATIONS]
set -euo pipefail
cd "$(dirname "$0")/../.."
N=${1:-100}
BIN=.build/release/thesis
[ -x "$BIN" ] || swift build -c release --product thesis >/dev/null
python3 -c "import matplotlib" 2>/dev/null || pip install -q matplotlib
swift_json=$("$BIN" bench figures --iterations "$N" --json)
python_json=$(python3 Benchmarks/figures/matplotlib_irf_grid.py --iterations "$N")
python3 - "$swift_json" "$python_json" "$N" <<'PY'
import json, sys
swift, mpl, n = json.loads(sys.argv[1]), json.loads(sys.argv[2]), sys.argv[3]
mpl = mpl.get("median_seconds", mpl)
print(f"# 12-panel IRF grid, {n} renders per format, median seconds per figure")
print("| format | matplotlib | thesis | speed-up |")
print("|---|---:|---:|---:|")
for f in ("png", "pdf", "svg"):
    print(f"| {f.upper()} | {mpl[f]:.4f} | {swift[f]:.4f} | {mpl[f] / swift[f]:.0f}x |")
PY
