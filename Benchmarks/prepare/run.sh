#!/usr/bin/env bash
# Preparation benchmark: Swift (release) and the numpy reference, measured in the same run.
# read + transform + outliers + EM + PCA on FRED-MD 2023-06, sample 1960-01..2019-12.
# Usage: Benchmarks/prepare/run.sh [RUNS]      (needs ../shared/data beside the repository)
# Both sides run twice: BLAS pinned to 1 thread, then with OpenBLAS's default thread count.
set -euo pipefail
cd "$(dirname "$0")/../.."
RUNS=${1:-21}
DATA=${DATA:-../shared/data}
export OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE:-Haswell}
OUT=.build/release/thesis
[ -x "$OUT" ] || swift build -c release --product thesis >/dev/null
for threads in ${THREADS:-1 default}; do
  echo "== OPENBLAS_NUM_THREADS=$threads, $RUNS runs =="
  if [ "$threads" = default ]; then unset OPENBLAS_NUM_THREADS; else export OPENBLAS_NUM_THREADS=$threads; fi
  swift_out=$("$OUT" bench prepare "$DATA/fred-md/2023-06.csv" --runs "$RUNS")
  numpy_out=$(python3 Benchmarks/prepare/bench_numpy.py "$RUNS" --data "$DATA")
  echo "$swift_out"
  echo "$numpy_out"
  s=$(echo "$swift_out" | awk '/swift total/ {print $4}')
  n=$(echo "$numpy_out" | awk '/numpy total/ {print $4}')
  awk -v s="$s" -v n="$n" 'BEGIN {printf "total median: swift %.2f ms, numpy %.2f ms, ratio %.1fx\n", s, n, n / s}'
done
