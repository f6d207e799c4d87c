#!/usr/bin/env bash
# Incremental training against a full retrain, on the example's simulated FRED-MD (no peer
# library: the comparison is between the two ways of bringing a model up to date).
#   base         LSTM(16) on the change in unemployment, 1960-2012 (40 epochs)
#   full         the same network trained from scratch on 1960-2017 (40 epochs)
#   incremental  base continued on 2010-2017 only (nn train from=base, EPOCHS_UPDATE epochs; the
#                window starts before 2012 because base held its last 5% out as its test set)
# Both are scored on the same 24 months neither saw, 2018-2019 (model promote's holdout RMSE),
# and timed by the run store (each run's duration, the fit and its test predictions).
# Usage: Benchmarks/incremental/run.sh [ROUNDS] [markdown]   prints the medians over ROUNDS cold
# builds (with `markdown`, as the section of BENCHMARKS.md that Benchmarks/example.sh writes).
set -euo pipefail
cd "$(dirname "$0")/../.."
ROUNDS=${1:-5}
FORMAT=${2:-text}
EPOCHS_UPDATE=${EPOCHS_UPDATE:-10}
export OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE:-Haswell} OPENBLAS_NUM_THREADS=1
BIN=${THESIS_BIN:-$PWD/.build/release/thesis}
[ -x "$BIN" ] || swift build -c release --product thesis >/dev/null
work=$(mktemp -d /tmp/thesis-incremental.XXXXXX)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/chapters" "$work/data/raw"
"$BIN" example-data "$work/data/raw" >/dev/null
cat > "$work/thesis.toml" <<'TOML'
title = "Incremental training benchmark"
author = "bench"

[data.fredmd]
path = "data/raw/fredmd.csv"
format = "fred-md"
TOML
net="data=panel target=UNRATE model=lstm lags=12 hidden=16 batch=32 seed=1 test=0.05"
cat > "$work/chapters/01-bench.md" <<MD
# Bench

<<data prepare data=fredmd sample=1960-01..2019-12 id=panel>>

<<nn train $net epochs=40 sample=1960-01..2012-12 experiment=base id=base>>

<<nn train $net epochs=40 sample=1960-01..2017-12 experiment=full id=full>>

<<nn train $net epochs=$EPOCHS_UPDATE sample=2010-01..2017-12 from=base experiment=incremental id=incremental>>

<<model promote name=bench challenger=incremental champion=full holdout=panel sample=2018-01..2019-12 id=holdout>>

<<model promote name=bench-base challenger=base champion=full holdout=panel sample=2018-01..2019-12 id=stale>>
MD
[ "$FORMAT" = markdown ] || echo "# $(date -u +%Y-%m-%dT%H:%M:%SZ) $(uname -m), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); ROUNDS=$ROUNDS EPOCHS_UPDATE=$EPOCHS_UPDATE"
for round in $(seq "$ROUNDS"); do
  rm -rf "$work/.thesis" "$work/reports" "$work/figures"
  (cd "$work" && "$BIN" build --jobs 1 --quiet >/dev/null 2>"$work/build.log") \
    || { cat "$work/build.log" >&2; echo "incremental: the project did not build" >&2; exit 1; }
  (cd "$work" && "$BIN" runs list --json) > "$work/round-$round.json"
done
python3 - "$work" "$ROUNDS" "$FORMAT" "$EPOCHS_UPDATE" <<'PY'
import json, statistics, sys, pathlib, re
work, rounds, form, epochs = pathlib.Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4]
seconds = {"full": [], "incremental": []}
for r in range(1, rounds + 1):
    for run in json.loads((work / f"round-{r}.json").read_text()):
        if run["experiment"] in seconds:
            seconds[run["experiment"]].append(run["duration_seconds"])
full, inc = statistics.median(seconds["full"]), statistics.median(seconds["incremental"])
# The holdout RMSEs are seeded, the same every round: read them from the manifest.
manifest = json.loads((work / "reports" / "manifest.json").read_text())
def promotion(id_):
    node = find_id(manifest, id_)
    value = lambda k: node[k] if not isinstance(node[k], dict) else next(iter(node[k].values()))
    return float(value("challenger.rmse")), float(value("champion.rmse"))
def find_id(node, id_):
    if isinstance(node, dict):
        if node.get("id") == id_ and "scalars" in node: return node["scalars"]
        for v in node.values():
            if (hit := find_id(v, id_)) is not None: return hit
    if isinstance(node, list):
        for v in node:
            if (hit := find_id(v, id_)) is not None: return hit
incremental, full_rmse = promotion("holdout")
base, _ = promotion("stale")
if form == "markdown":
    print("## Incremental training against a full retrain (simulated FRED-MD, LSTM(16) on UNRATE, one BLAS thread)")
    print()
    print("Benchmarks/incremental/run.sh: a base LSTM fitted on 1960-2012 (40 epochs) is brought up to 2017")
    print("either by a full retrain from scratch on 1960-2017 (40 epochs) or by `nn train from=base` on")
    print("2010-2017 only; all are scored by `model promote` on 2018-2019, which none of them saw. Times")
    print(f"are the runs' durations from the run store (fit and test predictions), medians of {rounds} cold builds.")
    print()
    print("| update | epochs | median (s) | × full retrain | holdout RMSE 2018-2019 |")
    print("|---|---:|---:|---:|---:|")
    print(f"| full retrain, 1960-2017 | 40 | {full:.3f} | 1.0 | {full_rmse:.4f} |")
    print(f"| incremental, 2010-2017 from base | {epochs} | {inc:.3f} | {full / inc:.1f}x faster | {incremental:.4f} |")
    print(f"| base, not updated | – | – | – | {base:.4f} |")
else:
    print(f"full retrain   median {full:8.3f} s")
    print(f"incremental    median {inc:8.3f} s   ({full / inc:.1f}x faster)")
    print(f"holdout RMSE 2018-2019: full {full_rmse:.4f}, incremental {incremental:.4f}, base not updated {base:.4f}")
PY
