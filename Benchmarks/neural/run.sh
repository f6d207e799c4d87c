#!/usr/bin/env bash
# Neural benchmark: Swift (release) and the Python peers, measured in the same run, 1 BLAS thread.
#   mlp.digits.*         NeuralBenchmark (MLPClassifier)  vs  scikit-learn MLPClassifier((100,))
#   lstm.unemployment.*  NeuralBenchmark (LSTM(32))       vs  numpy LSTM by hand, and JAX (lax.scan)
#   gru.unemployment.*   Swift only (no peer)
# Usage: Benchmarks/neural/run.sh [RUNS] [ROUNDS]   (needs ../shared/data beside the repository;
#        Python with numpy and scikit-learn, JAX optional). EPOCHS=20 epochs per fit by default.
# Each round runs Swift, then the peers; every line is the median over RUNS fits (after a warm-up
# fit) of the time per epoch, on the wall clock and in process CPU time (steadier when the
# machine is shared). The Swift driver is a temporary executable outside the repository.
set -euo pipefail
cd "$(dirname "$0")/../.."
RUNS=${1:-7}
ROUNDS=${2:-2}
EPOCHS=${EPOCHS:-20}
DATA=$(cd "${DATA:-../shared/data}" && pwd)
export OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE:-Haswell}
export OPENBLAS_NUM_THREADS=1
export XLA_FLAGS="--xla_cpu_multi_thread_eigen=false intra_op_parallelism_threads=1"

BIN=.build/release/thesis
[ -x "$BIN" ] || swift build -c release --product thesis >/dev/null
TMP=$(mktemp -d /tmp/thesis-neuralbench.XXXXXX)
trap 'rm -rf "$TMP"' EXIT
OUT="$TMP/results.txt"
echo "# $(date -u +%Y-%m-%dT%H:%M:%SZ) $(uname -m), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); RUNS=$RUNS EPOCHS=$EPOCHS"
for round in $(seq 1 "$ROUNDS"); do
  echo "== round $round"
  "$BIN" bench neural "$DATA" --runs "$RUNS" --epochs "$EPOCHS" | tee -a "$OUT"
  python3 Benchmarks/neural/bench_mlp_sklearn.py "$RUNS" --epochs "$EPOCHS" --data "$DATA" | tee -a "$OUT"
  python3 Benchmarks/neural/bench_lstm_numpy.py "$RUNS" --epochs "$EPOCHS" --data "$DATA" | tee -a "$OUT"
done
echo "== accuracy on the seed-0 75/25 digits split (the same rows on both sides)"
"$BIN" bench neural "$DATA" --accuracy
python3 Benchmarks/neural/bench_mlp_sklearn.py --accuracy --data "$DATA"

echo "== summary: median over rounds of each round's median, ms per epoch; ratio = peer / swift (>1: swift faster)"
printf "%-28s %-8s %10s %10s %12s %12s\n" case side "wall ms" "cpu ms" "wall ratio" "cpu ratio"
awk '$1 == "RESULT" { key = $2 " " $3; n[key]++; wall[key, n[key]] = $4; cpu[key, n[key]] = $5; cases[$3] = 1; sides[key] = 1 }
function med(a, key, count,   i, j, t, v) {
  for (i = 1; i <= count; i++) v[i] = a[key, i]
  for (i = 1; i <= count; i++) for (j = i + 1; j <= count; j++) if (v[j] < v[i]) { t = v[i]; v[i] = v[j]; v[j] = t }
  return count % 2 ? v[(count + 1) / 2] : (v[count / 2] + v[count / 2 + 1]) / 2
}
END {
  for (c in cases) {
    s = "swift " c; sw = med(wall, s, n[s]); sc = med(cpu, s, n[s])
    printf "%-28s %-8s %10.3f %10.3f\n", c, "swift", sw, sc
    split("sklearn numpy jax", peers, " ")
    for (p = 1; p <= 3; p++) { k = peers[p] " " c; if (k in sides) {
      pw = med(wall, k, n[k]); pc = med(cpu, k, n[k])
      printf "%-28s %-8s %10.3f %10.3f %11.2fx %11.2fx\n", c, peers[p], pw, pc, pw / sw, pc / sc } }
  }
}' "$OUT" | sort -k1,1 -s
