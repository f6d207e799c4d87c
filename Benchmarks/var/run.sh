#!/usr/bin/env bash
# VAR benchmark, Swift (release) vs statsmodels, in one run, both on one BLAS thread.
#
#   bash Benchmarks/var/run.sh [replications=1000] [statsmodels band repetitions=1]
#
# The Swift side is VARBenchmark.run (ThesisModels), built in release mode in a temporary
# package outside the repository whose targets are symlinks to the repository's CBLAS,
# ThesisLinearAlgebra and ThesisModels sources (the thesis package exports only the CLI).
# The statsmodels side is bench_statsmodels.py. Both print the data checksum: they must agree.
set -euo pipefail
REPO="$(cd "$(dirname "$0")/../.." && pwd)"
REPLICATIONS="${1:-1000}"
SM_BAND_REPS="${2:-1}"
export OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 MKL_NUM_THREADS=1
export OPENBLAS_CORETYPE="${OPENBLAS_CORETYPE:-Haswell}"

WORK="$(mktemp -d /tmp/thesis-varbench.XXXXXX)"
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$WORK/Sources/varbench"
for target in CBLAS ThesisLinearAlgebra ThesisModels; do
    ln -s "$REPO/Sources/$target" "$WORK/Sources/$target"
done
cat > "$WORK/Package.swift" <<'EOF'
// swift-tools-version:6.1
import PackageDescription
let package = Package(
    name: "varbench",
    targets: [
        .systemLibrary(name: "CBLAS", pkgConfig: "openblas"),
        .target(name: "ThesisLinearAlgebra", dependencies: ["CBLAS"]),
        .target(name: "ThesisModels", dependencies: ["ThesisLinearAlgebra"]),
        .executableTarget(name: "varbench", dependencies: ["ThesisModels"]),
    ],
    swiftLanguageModes: [.v5]
)
EOF
cat > "$WORK/Sources/varbench/main.swift" <<'EOF'
import Foundation
import ThesisModels
let replications = CommandLine.arguments.count > 1 ? Int(CommandLine.arguments[1])! : 1000
let results = try VARBenchmark.run(repetitions: 21, replications: replications, bandRepetitions: 5)
for key in results.keys.sorted() { print(key, String(format: "%.17g", results[key]!)) }
EOF
echo "building the Swift side (release) in $WORK" >&2
(cd "$WORK" && swift build -c release --product varbench >&2)

echo "== Swift (ThesisModels), OPENBLAS_NUM_THREADS=1, workers = all $(getconf _NPROCESSORS_ONLN) cores" >&2
"$WORK/.build/release/varbench" "$REPLICATIONS" | tee "$WORK/swift.txt"
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
