#!/usr/bin/env bash
# FAVAR benchmark, Swift (release) vs numpy/statsmodels, in one run, both on one BLAS thread.
#
#   bash Benchmarks/favar/run.sh [replications=1000] [python band repetitions=1]
#
# The Swift side is FAVARBenchmark.run (ThesisModels), driven by a main.swift that prepares the
# FRED-MD panel with ThesisData (not timed), built in release mode in a temporary package outside
# the repository whose targets are symlinks to the repository's sources (the thesis package
# exports only the CLI). The Python side is bench_statsmodels.py. Both print the data checksum
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
mkdir -p "$WORK/Sources/favarbench"
for target in CBLAS ThesisLinearAlgebra ThesisModels ThesisDocument ThesisData; do
    ln -s "$REPO/Sources/$target" "$WORK/Sources/$target"
done
cat > "$WORK/Package.swift" <<'PKG'
// swift-tools-version:6.1
import PackageDescription
let package = Package(
    name: "favarbench",
    targets: [
        .systemLibrary(name: "CBLAS", pkgConfig: "openblas"),
        .target(name: "ThesisDocument"),
        .target(name: "ThesisLinearAlgebra", dependencies: ["CBLAS"]),
        .target(name: "ThesisModels", dependencies: ["ThesisLinearAlgebra"]),
        .target(name: "ThesisData", dependencies: ["ThesisDocument", "ThesisLinearAlgebra", "ThesisModels"]),
        .executableTarget(name: "favarbench", dependencies: ["ThesisData", "ThesisModels"]),
    ],
    swiftLanguageModes: [.v5]
)
PKG
cat > "$WORK/Sources/favarbench/main.swift" <<'MAIN'
import Foundation
import ThesisData
import ThesisDocument
import ThesisLinearAlgebra
import ThesisModels
let file = URL(fileURLWithPath: CommandLine.arguments[1])
let replications = Int(CommandLine.arguments[2])!
let raw = try DataLoader.load(Data(contentsOf: file), file: "2023-06.csv", format: .fredMD)
let sample = Month(year: 1960, month: 1)...Month(year: 2019, month: 12)
let prepared = try Preparation.prepare(raw, sample: sample,
                                       options: PreparationOptions(estimateFactors: false, exclude: ["FEDFUNDS"]))
let codes = prepared.report.codes
let results = try FAVARBenchmark.run(
    panel: try Matrix(columns: prepared.frame.columns), names: prepared.frame.names,
    policyRate: try raw.slice(sample).column(named: "FEDFUNDS")!, codes: prepared.frame.names.map { codes[$0]! },
    repetitions: 21, replications: replications, bandRepetitions: 5)
for key in results.keys.sorted() { print(key, String(format: "%.17g", results[key]!)) }
MAIN
echo "building the Swift side (release) in $WORK" >&2
(cd "$WORK" && swift build -c release --product favarbench >&2)

echo "== Swift (ThesisModels), OPENBLAS_NUM_THREADS=1, band workers = all $(getconf _NPROCESSORS_ONLN) cores" >&2
"$WORK/.build/release/favarbench" "$DATA/fred-md/2023-06.csv" "$REPLICATIONS" | tee "$WORK/swift.txt"
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
