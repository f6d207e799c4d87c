#!/usr/bin/env bash
# No-op rebuild of the example thesis with two thesis executables, A and B, in the same run:
# each round times one no-op `thesis build` of A then of B (each on its own copy of the example,
# built once beforehand), so a drifting machine affects both alike. Prints the medians and the
# median of the per-round ratios B/A. Used to check that a change does not slow no-op builds.
# With N, a generated project of N directives (as Benchmarks/noop_rebuild.sh makes) instead.
#   Benchmarks/noop_ab.sh A_THESIS B_THESIS [ROUNDS] [N]
set -euo pipefail
a=$(realpath "$1"); b=$(realpath "$2"); rounds=${3:-21}; generated=${4:-}
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for side in a b; do
  bin=$a; [ $side = b ] && bin=$b
  if [ -n "$generated" ]; then
    # The generator of Benchmarks/noop_rebuild.sh, with this side's executable.
    BIN=$bin; eval "$(sed -n '/^make_project() {/,/^}/p' "$root/Benchmarks/noop_rebuild.sh")"
    make_project "$work/$side" "$generated"
    (cd "$work/$side" && "$bin" build >/dev/null && "$bin" build >/dev/null)
  else
    mkdir -p "$work/$side/data"
    cp -r "$root/chapters" "$root/thesis.toml" "$root/references.bib" "$work/$side/"
    cp -r "$root/data/raw" "$work/$side/data/"
    (cd "$work/$side" && "$bin" example-data data/raw >/dev/null && "$bin" build >/dev/null && "$bin" build >/dev/null)
  fi
done
now_us() { echo $(( $(date +%s%N) / 1000 )); }
for _ in $(seq "$rounds"); do
  s=$(now_us); (cd "$work/a" && "$a" build >/dev/null); e=$(now_us); ta=$((e - s))
  s=$(now_us); (cd "$work/b" && "$b" build >/dev/null); e=$(now_us); tb=$((e - s))
  echo "$ta $tb"
done > "$work/times"
median() { sort -g | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'; }
ma=$(cut -d' ' -f1 "$work/times" | median); mb=$(cut -d' ' -f2 "$work/times" | median)
ratio=$(awk '{printf "%.6f\n", $2/$1}' "$work/times" | median)
n=$(wc -l < "$work/times")
what="the example"; [ -n "$generated" ] && what="a generated project of $generated directives"
awk -v w="$what" -v n="$n" -v a="$ma" -v b="$mb" -v r="$ratio" 'BEGIN {
  printf "no-op rebuild of %s, %d rounds: A median %.1f ms, B median %.1f ms, B/A median ratio %.3f\n", w, n, a/1000, b/1000, r
}'
