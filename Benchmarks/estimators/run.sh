#!/usr/bin/env bash
# Estimators benchmark, Swift (release) vs statsmodels, in one run, both on one BLAS thread:
# OLS with Newey-West errors, ADF and KPSS over every complete FRED-MD series, local projections
# (49 horizons), on FRED-MD 2023-06 (../shared/data beside the repository).
#
#   bash Benchmarks/estimators/run.sh [repetitions=21]
#
# Both sides print their check values (sums of the statistics they computed), which must agree.
set -euo pipefail
REPO="$(cd "$(dirname "$0")/../.." && pwd)"
DATA="${DATA:-$REPO/../shared/data}"
REPETITIONS="${1:-21}"
export OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 MKL_NUM_THREADS=1
export OPENBLAS_CORETYPE="${OPENBLAS_CORETYPE:-Haswell}"
WORK="$(mktemp -d /tmp/thesis-estimatorbench.XXXXXX)"
trap 'rm -rf "$WORK"' EXIT
BIN="$REPO/.build/release/thesis"
[ -x "$BIN" ] || (cd "$REPO" && swift build -c release --product thesis >&2)
FILE="$DATA/fred-md/2023-06.csv"
# The peer, from PyPI when this machine lacks it.
python3 -c "import statsmodels" 2>/dev/null || pip install -q statsmodels >&2

echo "== Swift (thesis bench estimators)" >&2
"$BIN" bench estimators "$FILE" --repetitions "$REPETITIONS" | tee "$WORK/swift.txt" >&2
echo "== statsmodels" >&2
python3 "$REPO/Benchmarks/estimators/bench_statsmodels.py" "$FILE" --repetitions "$REPETITIONS" | tee "$WORK/python.txt" >&2

python3 - "$WORK/swift.txt" "$WORK/python.txt" "$REPETITIONS" <<'CMP'
import sys
read = lambda path: {k: float(v) for k, v in (line.split(None, 1) for line in open(path))}
swift, py, reps = read(sys.argv[1]), read(sys.argv[2]), sys.argv[3]
n = int(swift["series_tested"])
print(f"## Estimators against statsmodels (FRED-MD 2023-06, 1960-01..2019-12, median of {reps} runs, one BLAS thread)")
print()
print("Benchmarks/estimators/run.sh; both sides compute the same statistics (their sums agree: "
      + ", ".join(f"{k[6:]} {abs(swift[k] - py[k]) / abs(py[k]):.0e}" for k in ("check_ols", "check_adf", "check_kpss", "check_lp"))
      + " relative).")
print()
print("| task | statsmodels (ms) | thesis (ms) | speed-up |")
print("|---|---:|---:|---:|")
rows = [("OLS, 37 regressors, 708 rows, Newey-West (12 lags)", "ols_hac"),
        (f"ADF, lags by AIC, {n} series", "adf_all"),
        (f"KPSS, automatic lags, {n} series", "kpss_all"),
        ("local projections, h = 0..48, Newey-West (h + 1 lags)", "lp_irf")]
for label, key in rows:
    print(f"| {label} | {1000 * py[key]:.2f} | {1000 * swift[key]:.2f} | {py[key] / swift[key]:.1f}x |")
CMP
