#!/usr/bin/env bash
# VAR benchmark, Swift (release) vs statsmodels, in one run, both on one BLAS thread.
#
#   bash Benchmarks/var/run.sh [replications=1000] [statsmodels band repetitions=1]
#
# The Swift side is `thesis bench var` (VARBenchmark.run in ThesisModels), release build.
# The statsmodels side is bench_statsmodels.py. Both print the data checksum: they must agree.
set -euo pipefail
REPO="$(cd "$(dirname "$0")/../.." && pwd)"
REPLICATIONS="${1:-1000}"
SM_BAND_REPS="${2:-1}"
export OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 MKL_NUM_THREADS=1
export OPENBLAS_CORETYPE="${OPENBLAS_CORETYPE:-Haswell}"

WORK="$(mktemp -d /tmp/thesis-varbench.XXXXXX)"
trap 'rm -rf "$WORK"' EXIT
BIN="$REPO/.build/release/thesis"
[ -x "$BIN" ] || (cd "$REPO" && swift build -c release --product thesis >&2)

echo "== Swift (thesis bench var), OPENBLAS_NUM_THREADS=1, workers = all $(getconf _NPROCESSORS_ONLN) cores" >&2
"$BIN" bench var --replications "$REPLICATIONS" | tee "$WORK/swift.txt"
echo "== statsmodels" >&2
python3 "$REPO/Benchmarks/var/bench_statsmodels.py" --replications "$REPLICATIONS" \
    --band-repetitions "$SM_BAND_REPS" | tee "$WORK/python.txt"

python3 - "$WORK/swift.txt" "$WORK/python.txt" <<'EOF'
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
same = abs(swift["data_checksum"] - py["data_checksum"]) == 0
print(f"data checksum: swift {swift['data_checksum']!r} python {py['data_checksum']!r} -> {'identical' if same else 'DIFFERENT'}")
print(f"{'task':34s} {'statsmodels s':>14s} {'swift s':>11s} {'speed-up':>9s}")
rows = [("fit + IRF(48) + FEVD(48)", "fit_irf_fevd", "fit_irf_fevd"),
        ("bands: statsmodels MC vs Swift MC", "bands_mc", "bands_mc"),
        ("bands: statsmodels MC vs bootstrap", "bands_mc", "bands_bootstrap"),
        ("bands: statsmodels MC vs asympt.", "bands_mc", "bands_asymptotic")]
for label, pk, sk in rows:
    print(f"{label:34s} {py[pk]:14.6g} {swift[sk]:11.6g} {py[pk] / swift[sk]:8.1f}x")
EOF
