#!/usr/bin/env bash
# Serving benchmark: `thesis serve` answering POST /v1/models/production@champion:predict for an
# MLP the tool trained, beside the same MLP (its weights read from the tool's model file) served
# by FastAPI on uvicorn with scikit-learn, measured by wrk on loopback in the same run.
#   Benchmarks/serving/run.sh [SECONDS=15]
# Three loads per server: one row per request paced at about 1,000 requests/s (10 connections,
# 10 ms apart), one row as fast as possible, and 1,000 rows per request as fast as possible.
# Prints a Markdown section (throughput, p50, p99) and first checks both servers agree.
set -euo pipefail
cd "$(dirname "$0")/../.."
SECONDS_PER_LOAD=${1:-15}
export OPENBLAS_NUM_THREADS=1 OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE:-Haswell}
command -v wrk >/dev/null || { apt-get install -y -q wrk >/dev/null 2>&1 || sudo apt-get install -y -q wrk >/dev/null; }
python3 -c "import sklearn, fastapi, uvicorn" 2>/dev/null || pip install -q scikit-learn fastapi uvicorn >/dev/null 2>&1
BIN=$(pwd)/.build/release/thesis
[ -x "$BIN" ] || swift build -c release --product thesis >/dev/null
TMP=$(mktemp -d /tmp/thesis-servebench.XXXXXX)
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$TMP"' EXIT

# A project with the example's production perceptron (its tuning's inputs, 32 units).
mkdir -p "$TMP/chapters"
"$BIN" example-data "$TMP/data/raw" >/dev/null
cat > "$TMP/thesis.toml" <<'TOML'
title = "Serving benchmark"
author = "Benchmark"

[data.fredmd]
path = "data/raw/fredmd.csv"
format = "fred-md"
TOML
cat > "$TMP/chapters/01-mlp.md" <<'MD'
# A perceptron

<<data prepare data=fredmd sample=1960-01..2019-12 id=panel>>

<<nn train data=panel target=INDPRO features=IPFINAL,CUMFNS,PAYEMS,CE16OV,RPI,HOUST hidden=32 lr=0.01 epochs=60 id=mlp>>
MD
(cd "$TMP" && "$BIN" build --quiet >/dev/null)
MODEL=$(ls "$TMP/.thesis/models/" | head -1)
(cd "$TMP" && "$BIN" models register production --from "${MODEL%.json}" --alias champion >/dev/null)

# Request bodies: rows drawn around the model's input scaling (seeded).
python3 - "$TMP/.thesis/models/$MODEL" "$TMP" <<'PY'
import json, random, sys
model = json.load(open(sys.argv[1]))
columns, scaling = model["input"]["columns"], model["weights"]["input_scaling"]
rng = random.Random(7)
def rows(n):
    return [{c: m + s * rng.gauss(0, 1) for c, m, s in zip(columns, scaling["mean"], scaling["scale"])} for _ in range(n)]
for name, n in [("one", 1), ("thousand", 1000)]:
    json.dump({"rows": rows(n)}, open("%s/%s.json" % (sys.argv[2], name), "w"))
PY

port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
TPORT=$(port)
(cd "$TMP" && exec "$BIN" serve --port "$TPORT" --quiet >/dev/null 2>&1) & pids+=($!)
PPORT=$(port)
python3 Benchmarks/serving/peer_server.py "$TMP/.thesis/models/$MODEL" "$PPORT" & pids+=($!)
TURL="http://127.0.0.1:$TPORT/v1/models/production@champion:predict" PURL="http://127.0.0.1:$PPORT/predict"
for url in "$TURL" "$PURL"; do
  for _ in $(seq 1 300); do curl -sf -o /dev/null -X POST -H 'Content-Type: application/json' --data-binary @"$TMP/one.json" "$url" && break; sleep 0.1; done
done

# Both servers predict the same numbers.
curl -sf -X POST --data-binary @"$TMP/thousand.json" "$TURL" > "$TMP/t.out"
curl -sf -X POST -H 'Content-Type: application/json' --data-binary @"$TMP/thousand.json" "$PURL" > "$TMP/p.out"
AGREE=$(python3 - "$TMP/t.out" "$TMP/p.out" <<'PY'
import json, sys
t, p = (json.load(open(f))["predictions"] for f in sys.argv[1:3])
key = [k for k in t[0] if k.startswith("predicted_")][0]
print("%.1e" % max(abs(a[key] - b[key]) for a, b in zip(t, p)))
PY
)

load() {  # url body delay_ms -> "rps p50_ms p99_ms non2xx"
  local connections=10
  [ "$3" -gt 0 ] && connections=12  # 12 connections, 10 ms after each answer: about 1,000/s
  BODY="$TMP/$2.json" DELAY_MS=$3 wrk -t1 -c"$connections" -d"${SECONDS_PER_LOAD}s" --latency -s Benchmarks/serving/request.lua "$1" | python3 -c '
import re, sys
text = sys.stdin.read()
def ms(label):
    m = re.search(r"^\s*%s\s+([\d.]+)(us|ms|s)\b" % label, text, re.M)
    return float(m.group(1)) * {"us": 1e-3, "ms": 1.0, "s": 1e3}[m.group(2)]
errors = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
print("%.0f %.3f %.3f %s" % (float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1)), ms("50%"), ms("99%"), errors.group(1) if errors else "0"))'
}
echo "## Model serving (wrk on loopback, ${SECONDS_PER_LOAD} s per load, one wrk thread, 2 cores)"
echo
echo "POST of JSON rows to an MLP (6 inputs, 32 ReLU units) the tool trained: \`thesis serve\`"
echo "(Hummingbird) beside FastAPI $(python3 -c 'import fastapi; print(fastapi.__version__)') on uvicorn with scikit-learn $(python3 -c 'import sklearn; print(sklearn.__version__)') serving the same weights read"
echo "from the tool's model file, in the same run (Benchmarks/serving/run.sh). The two agree to $AGREE on"
echo "1,000 rows. Paced: 12 connections, each sending a request 10 ms after its last answer (about 1,000/s)."
echo
echo "| load | server | requests/s | p50 (ms) | p99 (ms) | errors |"
echo "|---|---|---:|---:|---:|---:|"
for spec in "1 row, paced ~1,000/s:one:10" "1 row, unpaced:one:0" "1,000 rows, unpaced:thousand:0"; do
  IFS=: read -r label body delay <<<"$spec"
  read -r rps p50 p99 errs <<<"$(load "$TURL" "$body" "$delay")"
  echo "| $label | thesis serve | $rps | $p50 | $p99 | $errs |"
  read -r rps p50 p99 errs <<<"$(load "$PURL" "$body" "$delay")"
  echo "| $label | FastAPI + scikit-learn | $rps | $p50 | $p99 | $errs |"
done
echo
