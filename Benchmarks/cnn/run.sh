#!/usr/bin/env bash
# CNN training on mnist5k (4,000 train / 1,000 test 28 x 28 grey PNGs): the small network of the
# image-classification issue (conv 3x3 16 same ReLU, 2x2 max pool, conv 3x3 32 same ReLU, 2x2 max
# pool, dense 10; Adam 1e-3, batches of 64, 10 epochs, float32), trained by `thesis bench cnn` and
# by the same network in JAX (Benchmarks/cnn/jax_cnn.py), in the same run:
#   thesis, one core (shards=1)   vs  JAX, one thread (XLA pinned to one intra-op thread and one CPU)
#   thesis, two cores (shards=2)  vs  JAX, two threads
# Seconds per epoch are medians over the epochs of each fit (JAX leaves out epoch 1, which holds its
# compilation); the summary takes the median over ROUNDS fits of each. Also printed: test accuracy
# after the last epoch, OpenBLAS sgemm GFLOP/s on 1024^3 and the convolutions' share of it.
# Usage: Benchmarks/cnn/run.sh [ROUNDS]   (needs ../shared/data/mnist5k; Python with jax, pillow).
set -euo pipefail
cd "$(dirname "$0")/../.."
ROUNDS=${1:-3}
EPOCHS=${EPOCHS:-10}
DATA=$(cd "${DATA:-../shared/data/mnist5k}" && pwd)
export OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE:-Haswell}
export OPENBLAS_NUM_THREADS=1
BIN=${THESIS_BIN:-.build/release/thesis}
[ -x "$BIN" ] || swift build -c release --product thesis >/dev/null
python3 -c "import jax, PIL" 2>/dev/null || pip install -q "jax[cpu]" pillow >/dev/null 2>&1
TMP=$(mktemp -d /tmp/thesis-cnnbench.XXXXXX)
trap 'rm -rf "$TMP"' EXIT
# The JSON lines of each fit go to stderr; stdout is the Markdown summary (make bench appends it
# to BENCHMARKS.md).
echo "# $(date -u +%Y-%m-%dT%H:%M:%SZ) $(uname -m), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); ROUNDS=$ROUNDS EPOCHS=$EPOCHS" >&2
for round in $(seq 1 "$ROUNDS"); do
  echo "== round $round" >&2
  for shards in 1 2; do
    "$BIN" bench cnn "$DATA" --epochs "$EPOCHS" --shards "$shards" | tee -a "$TMP/thesis.jsonl" >&2
  done
  for threads in 1 2; do
    python3 Benchmarks/cnn/jax_cnn.py "$DATA" --epochs "$EPOCHS" --threads "$threads" | tee -a "$TMP/jax.jsonl" >&2
  done
done
python3 - "$TMP" <<'PY'
import json, statistics, sys, pathlib
tmp = pathlib.Path(sys.argv[1])
ours = [json.loads(l) for l in open(tmp / "thesis.jsonl")]
peer = [json.loads(l) for l in open(tmp / "jax.jsonl")]
rounds = len(peer) // 2
print("## CNN training on mnist5k (conv 16, pool, conv 32, pool, dense 10; Adam, batch 64, %d epochs, %d rounds)" % (ours[0]["epochs"], rounds))
print()
print("Benchmarks/cnn/run.sh: `thesis bench cnn` (float32, im2col over OpenBLAS sgemm; two cores: each batch in two")
print("parts trained side by side, `shards=2`) and the same network in JAX %s (jit, NHWC; one thread: XLA pinned to one" % peer[0]["version"])
print("intra-op thread and one CPU), in the same run. Seconds per epoch: the median epoch of each fit (JAX's first epoch,")
print("which compiles, left out), then the median over rounds; accuracy on the 1,000 test images after the last epoch.")
print()
print("| cores | thesis (s/epoch) | JAX (s/epoch) | JAX / thesis | thesis accuracy | JAX accuracy |")
print("|---:|---:|---:|---:|---:|---:|")
for n in (1, 2):
    a = statistics.median(r["secondsPerEpoch"] for r in ours if r["shards"] == n)
    b = statistics.median(r["seconds_per_epoch_median"] for r in peer if r["threads"] == n)
    acc_a = statistics.median(r["testAccuracy"] for r in ours if r["shards"] == n)
    acc_b = statistics.median(r["test_accuracy"] for r in peer if r["threads"] == n)
    print("| %d | %.3f | %.3f | %.2f | %.3f | %.3f |" % (n, a, b, b / a, acc_a, acc_b))
one = [r for r in ours if r["shards"] == 1]
two = [r for r in ours if r["shards"] == 2]
peak = statistics.median(r["sgemmGFLOPS"] for r in one)
conv = statistics.median(r["convolutionGFLOPS"] for r in one)
work = one[0]["convolutionGFLOPPerEpoch"]
epoch = statistics.median(r["secondsPerEpoch"] for r in one)
speedup = epoch / statistics.median(r["secondsPerEpoch"] for r in two)
print()
print("Two cores against one: %.2fx. OpenBLAS sgemm on 1024 x 1024 matrices, one thread: %.1f GFLOP/s. The second" % (speedup, peak))
print("convolution alone (16 to 32 channels on 14 x 14, forward, weight and input gradients, batches of 64) runs at")
print("%.1f GFLOP/s, %.0f%% of that peak; over a whole epoch the convolutions' %.1f GFLOP of GEMM work take %.0f%% of the" % (conv, 100 * conv / peak, work, 100 * work / epoch / peak))
print("time the peak would need (the rest is im2col, col2im, pooling, the layout swaps and Adam).")
PY
