#!/usr/bin/env bash
# No-op rebuild benchmark (issue: build pipeline).
#
# Measures the wall time of `thesis build` when nothing changed, for the example thesis in this
# repository and for generated projects with N directives (N = 100, 500, 1000, 2000), to show
# that no-op time is linear in the number of directives. Prints medians of RUNS runs.
# Usage: Benchmarks/noop_rebuild.sh [RUNS]   (expects .build/release/thesis; `make bench` builds it)
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-11}
BIN=${THESIS_BIN:-$PWD/.build/release/thesis}
[ -x "$BIN" ] || { echo "build first: swift build -c release --product thesis" >&2; exit 1; }

now_ns() { date +%s%N; }

# median_ms DIR [full]: runs `thesis build` RUNS times in DIR and prints the median in ms. First
# a warm-up build, then (after the stamp's two-second guard) one that writes the build stamp;
# with `full`, the stamp is removed before each timed run, so the whole pipeline runs (parse,
# keys, cache look-ups, reports) as it does when something outside the stamp's listing changed.
median_ms() {
  local dir=$1 mode=${2:-} times=()
  # A build that fails is not a no-op: stop (for the example, `make thesis` first).
  (cd "$dir" && "$BIN" build >/dev/null 2>&1) || { echo "noop_rebuild.sh: $dir does not build" >&2; exit 1; }
  sleep 2.1
  (cd "$dir" && "$BIN" build >/dev/null 2>&1)
  for _ in $(seq "$RUNS"); do
    local start end
    [ "$mode" = full ] && rm -f "$dir/.thesis/last-build.json"
    start=$(now_ns)
    (cd "$dir" && "$BIN" build >/dev/null 2>&1)
    end=$(now_ns)
    times+=($(( (end - start) / 1000 )))
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {printf "%.1f", a[int((NR+1)/2)]/1000}'
}

# shellcheck source=lib/generated_project.sh
source Benchmarks/lib/generated_project.sh

echo "# No-op rebuild (median of $RUNS runs, wall time)"
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -m)"
echo
echo "A no-op compares the file listing with the last build's stamp (BuildStamp); \"full pipeline\" removes the"
echo "stamp first, so every directive is parsed, keyed and looked up in the cache and the reports are rendered."
echo
echo "| project | directives | no-op build (ms) | per directive (ms) | full pipeline (ms) |"
echo "|---|---:|---:|---:|---:|"
example=$(median_ms .)
example_full=$(median_ms . full)
echo "| example thesis (this repository) | $(grep -c '"location" :' reports/manifest.json) | $example | | $example_full |"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for n in 100 1000 10000; do
  make_project "$work/p$n" "$n"
  ms=$(median_ms "$work/p$n")
  full=$(median_ms "$work/p$n" full)
  echo "| generated | $n | $ms | $(awk -v t="$ms" -v n="$n" 'BEGIN {printf "%.3f", t/n}') | $full |"
done
