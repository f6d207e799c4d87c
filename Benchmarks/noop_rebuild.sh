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

# median_ms DIR: runs `thesis build` RUNS times in DIR (after one warm-up) and prints the median in ms.
median_ms() {
  local dir=$1 times=()
  (cd "$dir" && "$BIN" build >/dev/null)
  for _ in $(seq "$RUNS"); do
    local start end
    start=$(now_ns)
    (cd "$dir" && "$BIN" build >/dev/null)
    end=$(now_ns)
    times+=($(( (end - start) / 1000 )))
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {printf "%.1f", a[int((NR+1)/2)]/1000}'
}

# make_project DIR N: a project with N directives (3 of 4 tables, 1 of 4 figures) in 10 chapters.
make_project() {
  local dir=$1 n=$2
  rm -rf "$dir"
  "$BIN" init "$dir" >/dev/null
  rm "$dir"/chapters/*.md
  local per=$(( (n + 9) / 10 )) k=0
  for c in $(seq -w 1 10); do
    {
      echo "# Chapter $c"
      echo
      for _ in $(seq "$per"); do
        [ "$k" -ge "$n" ] && break
        local month=$(( k % 12 + 1 ))
        if [ $(( k % 4 )) -eq 0 ]; then
          printf '<<data plot data=example series=output,rate sample=2000-01..2010-%02d id=d%d>>\n\n' "$month" "$k"
        else
          printf '<<data describe data=example sample=2000-01..2010-%02d digits=%d id=d%d>>\n\n' "$month" $(( k % 7 )) "$k"
        fi
        echo "Prose paragraph $k with an inline value: <<= d$(( k - k % 4 + 1 )).output.mean .2f>>."
        echo
        k=$(( k + 1 ))
      done
    } > "$dir/chapters/$c-chapter.md"
  done
}

echo "# No-op rebuild (median of $RUNS runs, wall time)"
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -m)"
echo
echo "| project | directives | no-op build (ms) | per directive (ms) |"
echo "|---|---:|---:|---:|"
example=$(median_ms .)
echo "| example thesis (this repository) | $(grep -c '"location" :' reports/manifest.json) | $example | |"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for n in 100 500 1000 2000; do
  make_project "$work/p$n" "$n"
  ms=$(median_ms "$work/p$n")
  echo "| generated | $n | $ms | $(awk -v t="$ms" -v n="$n" 'BEGIN {printf "%.3f", t/n}') |"
done
