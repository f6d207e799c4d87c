#!/usr/bin/env bash
# Example-thesis benchmark (make bench): cold build, no-op rebuild and rebuild after a data update
# of the example in this repository, medians over several runs, written to BENCHMARKS.md with the
# machine described; then the no-op scaling benchmark (Benchmarks/noop_rebuild.sh) is appended.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${THESIS_BIN:-$PWD/.build/release/thesis}
[ -x "$BIN" ] || swift build -c release --product thesis >/dev/null
COLD=${COLD:-3} NOOP=${NOOP:-11} UPDATE=${UPDATE:-3}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# Work on a copy so the repository's own outputs and cache are left alone.
for item in chapters appendix front data references.bib thesis.toml analysis images; do
  [ -e "$item" ] && cp -r "$item" "$work/"
done
"$BIN" example-data "$work/data/raw" >/dev/null
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
# A build that fails is not a time: stop with its errors.
timed() {
  local s e; s=$(now_ms)
  (cd "$work" && "$BIN" build >/dev/null) || { echo "example.sh: the example did not build" >&2; exit 1; }
  e=$(now_ms); echo $((e - s))
}

cold=$(for _ in $(seq "$COLD"); do rm -rf "$work/.thesis" "$work/figures" "$work/reports"; timed; done | median)
noop=$(for _ in $(seq "$NOOP"); do timed; done | median)
update=$(for i in $(seq "$UPDATE"); do
  "$BIN" example-data "$work/data/raw" --seed $((3000 + i)) >/dev/null   # a new vintage
  timed
done | median)
"$BIN" example-data "$work/data/raw" >/dev/null

{
  echo "# Benchmarks"
  echo
  echo "Made by \`make bench\` (Benchmarks/example.sh, Benchmarks/noop_rebuild.sh); wall-clock medians."
  echo
  echo "Absolute times move with the load of this shared machine (the same tool measured 116 ms and 207 ms for the 100-directive project on two days); to compare two versions, use Benchmarks/noop_ab.sh OLD NEW, which runs them interleaved and reports the median ratio."
  echo
  echo "Machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')), $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -sr); $(swift --version 2>/dev/null | head -1); release build; OpenBLAS pinned to 1 thread."
  echo
  echo "## The example thesis (ten chapters, $(grep -c '"location" :' "$work/reports/manifest.json") directives)"
  echo
  echo "| build | runs | median (ms) |"
  echo "|---|---:|---:|"
  echo "| cold (empty cache) | $COLD | $cold |"
  echo "| no-op rebuild | $NOOP | $noop |"
  echo "| after a data update (a new simulated vintage, new images too) | $UPDATE | $update |"
  echo
  bash Benchmarks/noop_rebuild.sh 5 | sed 's/^# /## /'
  echo
  python3 Benchmarks/markdown/run.py 50 3 "$BIN"
  if command -v pandoc >/dev/null 2>&1; then
    echo
    python3 Benchmarks/markdown/book.py 11 60 "$BIN"
  fi
  echo
  THESIS_BIN="$BIN" bash Benchmarks/slurm/ingest.sh 1 100 1000 | sed 's/^# /## /'
  echo
  THESIS_BIN="$BIN" bash Benchmarks/incremental/run.sh 5 markdown
  if command -v chromium >/dev/null 2>&1; then
    echo
    bash Benchmarks/serve/run.sh "$BIN" "$work" 15
  fi
  if [ -d ../shared/data/mnist5k/train ]; then
    echo
    THESIS_BIN="$BIN" bash Benchmarks/images/run.sh 5
    if python3 -c "import jax, PIL" 2>/dev/null; then
      echo
      THESIS_BIN="$BIN" bash Benchmarks/cnn/run.sh 3 2>/dev/null
    fi
  fi
  if [ -f ../shared/data/fred-md/2023-06.csv ]; then
    echo
    bash Benchmarks/estimators/run.sh 21 2>/dev/null
  fi
} > BENCHMARKS.md
cat BENCHMARKS.md
