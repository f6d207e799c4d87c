#!/usr/bin/env bash
# The rolling-origin LSTM evaluation of issue 18: `forecast evaluate model=lstm` on FRED-MD's
# unemployment rate (vintage 2023-06, prepared: UNRATE in first differences), one-step forecasts
# for every month from 2000-01, re-fitted at every origin on an expanding window (281 fits),
# with an LSTM(32) on 12 lags, 100 epochs, batches of 32 (NET overrides the network options).
#
#   Benchmarks/forecast/lstm_evaluation.sh [RUNS] [END]
#
# Each run is a cold `thesis build` of a one-chapter project in a temporary directory, timed with
# `--jobs 1` (one worker: the origins in turn, as before this issue) and `--jobs 2` (the origins
# side by side), and once with warm=true. Reports medians, the ratio, and the RMSE of cold and
# warm starts. END (a month, default: as late as the data allow) shortens the run for a try-out.
# Needs ../shared/data/fred-md/2023-06.csv (not copied into the repository).
set -euo pipefail
RUNS=${1:-1}
NET=${NET:-hidden=32 epochs=100 batch=32}
END=${2:-}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
DATA=${FREDMD:-$ROOT/../shared/data/fred-md/2023-06.csv}
[ -f "$DATA" ] || { echo "no FRED-MD vintage at $DATA" >&2; exit 1; }
THESIS=${THESIS_BIN:-$ROOT/.build/release/thesis}
[ -x "$THESIS" ] || (cd "$ROOT" && swift build -c release --product thesis >/dev/null 2>&1)
export OPENBLAS_NUM_THREADS=1 OPENBLAS_CORETYPE=Haswell
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

project() { # DIR WARM
  mkdir -p "$1/chapters" "$1/data"
  cp "$DATA" "$1/data/fredmd.csv"
  cat > "$1/thesis.toml" <<TOML
title = "LSTM evaluation benchmark"
author = "Benchmark"
[data.fredmd]
path = "data/fredmd.csv"
format = "fred-md"
TOML
  local end=""
  [ -n "$END" ] && end=" end=$END"
  cat > "$1/chapters/01-eval.md" <<MD
# Evaluation

<<data prepare data=fredmd id=panel>>

<<forecast evaluate data=panel target=UNRATE model=lstm lags=12 $NET seed=1 horizon=1 start=2000-01 step=1 warm=$2$end id=e_lstm>>
MD
}

seconds() { # DIR JOBS → wall seconds of a cold build
  rm -rf "$1/.thesis" "$1/reports"
  local t0 t1
  t0=$(date +%s%N)
  (cd "$1" && "$THESIS" build --quiet --jobs "$2" >/dev/null 2>"$1/stderr") || { cat "$1/stderr" >&2; exit 1; }
  t1=$(date +%s%N)
  awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.3f\n", (b - a) / 1e9}'
}
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
rmse() { (cd "$1" && "$THESIS" runs list) | grep -o 'rmse\.1=[0-9.e-]*' | head -1 | cut -d= -f2; }

project "$WORK/cold" false
project "$WORK/warm" true
one=() two=()
for _ in $(seq "$RUNS"); do
  one+=("$(seconds "$WORK/cold" 1)")
  two+=("$(seconds "$WORK/cold" 2)")
done
cold_rmse=$(rmse "$WORK/cold")
warm=$(seconds "$WORK/warm" 2)
warm_rmse=$(rmse "$WORK/warm")
m1=$(printf '%s\n' "${one[@]}" | median)
m2=$(printf '%s\n' "${two[@]}" | median)
printf 'network: %s; %s\n' "$NET" "$(nproc) cores"
printf 'case\tseconds (median of %s)\n' "$RUNS"
printf 'jobs=1 (serial, before)\t%.1f\n' "$m1"
printf 'jobs=2\t%.1f\n' "$m2"
printf 'speed-up\t%.2fx\n' "$(awk -v a="$m1" -v b="$m2" 'BEGIN {print a / b}')"
printf 'warm=true, jobs=2\t%.1f\n' "$warm"
printf 'RMSE cold / warm\t%s / %s\n' "${cold_rmse:-?}" "${warm_rmse:-?}"
