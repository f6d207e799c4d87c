#!/usr/bin/env bash
# FAVAR benchmark, Swift (release) vs numpy/statsmodels, in one run, both on one BLAS thread.
#
#   bash Benchmarks/favar/run.sh [replications=1000] [python band repetitions=1]
#
# The Swift side is `thesis bench favar` (FAVARBenchmark.run in ThesisModels; the FRED-MD panel is
# prepared with ThesisData first, not timed), release build. The Python side is bench_statsmodels.py. Both print the data checksum
# (Σ panel + Σ FEDFUNDS; the two preparations agree to ~1e-12, not bit for bit) and INDPRO's level
# response at 24 months, which must agree.
set -euo pipefail
REPO="$(cd "$(dirname "$0")/../.." && pwd)"
DATA="${DATA:-$REPO/../shared/data}"
REPLICATIONS="${1:-1000}"
PY_BAND_REPS="${2:-1}"
export OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 MKL_NUM_THREADS=1
export OPENBLAS_CORETYPE="${OPENBLAS_CORETYPE:-Haswell}"

WORK="$(mktemp -d /tmp/thesis-favarbench.XXXXXX)"
trap 'rm -rf "$WORK"' EXIT
BIN="$REPO/.build/release/thesis"
[ -x "$BIN" ] || (cd "$REPO" && swift build -c release --product thesis >&2)

echo "== Swift (thesis bench favar), OPENBLAS_NUM_THREADS=1, band workers = all $(getconf _NPROCESSORS_ONLN) cores" >&2
"$BIN" bench favar "$DATA/fred-md/2023-06.csv" --replications "$REPLICATIONS" | tee "$WORK/swift.txt"
echo "== numpy/statsmodels" >&2
python3 "$REPO/Benchmarks/favar/bench_statsmodels.py" --replications "$REPLICATIONS" \
    --band-repetitions "$PY_BAND_REPS" --data "$DATA" 2>/dev/null | tee "$WORK/python.txt"

python3 - "$WORK/swift.txt" "$WORK/python.txt" <<'CMP'
import sys
def read(path):
    out = {}
    for line in open(path):
        key, value = line.split(None, 1)
        try:
            out[key] = float(value)
        except ValueError:
            out[key] = value.strip()
    return out
swift, py = read(sys.argv[1]), read(sys.argv[2])
print()
for key in ("data_checksum", "check_indpro_level_24"):
    rel = abs(swift[key] - py[key]) / abs(py[key])
    print(f"{key}: swift {swift[key]!r} python {py[key]!r} (relative difference {rel:.1e})")
print(f"{'task':44s} {'python s':>10s} {'swift s':>10s} {'speed-up':>9s}")
rows = [("fit (K = 3, VAR(13), 126 loadings)", "fit"),
        ("responses (20 series, 48 months, level)", "responses"),
        ("fit + responses", "fit_responses"),
        ("bands, residual bootstrap (numpy loop)", "bands_bootstrap"),
        ("bands, Monte Carlo (statsmodels irf_resim)", "bands_mc")]
for label, key in rows:
    print(f"{label:44s} {py[key]:10.4g} {swift[key]:10.4g} {py[key] / swift[key]:8.1f}x")
print(f"{'bands, bootstrap with factor re-extraction':44s} {'-':>10s} {swift['bands_bootstrap_reextract']:10.4g}")
print(f"INDPRO 90% level band width at 24 months: fixed loadings {swift['check_indpro_width_24']:.4f}, "
      f"re-extraction {swift['check_indpro_width_24_reextract']:.4f} (percent)")
CMP
