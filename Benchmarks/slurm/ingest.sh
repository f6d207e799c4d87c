#!/usr/bin/env bash
# The Slurm executor's costs without a cluster, on generated projects of N directives
# (N = 100, 1000, 10000 by default):
#   - a cold local build (the 10,000-directive cold build of the speed issue);
#   - the workers' side: `thesis exec --key …` filling the shared store (.thesis/store) with every
#     result, 1,000 keys per process as a job array task would take them past 1,000 tasks, two
#     processes at once (this machine's cores), so each process plans the project once;
#   - the coordinator's side: `thesis build --executor slurm` with an empty cache and a full store,
#     which submits nothing and ingests every result into the cache ("slurm ingest" of --timings),
#     then draws and writes.
# Medians of RUNS runs. Usage: Benchmarks/slurm/ingest.sh [RUNS=3] [N…]
set -euo pipefail
cd "$(dirname "$0")/../.."
RUNS=${1:-3}; shift || true
SIZES=("$@"); [ ${#SIZES[@]} -gt 0 ] || SIZES=(100 1000 10000)
BIN=${THESIS_BIN:-$PWD/.build/release/thesis}
[ -x "$BIN" ] || { echo "build first: swift build -c release --product thesis" >&2; exit 1; }
# shellcheck source=../lib/generated_project.sh
source Benchmarks/lib/generated_project.sh
export OPENBLAS_NUM_THREADS=1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

echo "# The Slurm executor without a cluster: worker throughput and the coordinator's ingest (median of $RUNS runs)"
echo
echo "Generated projects (Benchmarks/lib/generated_project.sh: 3 of 4 directives tables, 1 of 4 figures)."
echo "The generator repeats directives, so a project has fewer distinct results (cache keys) than directives; \"fill the store\""
echo "is \`thesis exec --key …\` for every distinct key, 1,000 keys per process, 2 processes at once: each process plans the whole project."
echo "\"ingest\": \`thesis build --executor slurm\` with an empty cache and a full store (nothing to submit);"
echo "its \"slurm ingest\" stage stores every result, its run and provenance in the SQLite cache; the build then draws and writes."
echo
echo "| directives | distinct results | cold local build (ms) | fill the store (ms) | ingest (ms) | per directive (ms) | build with ingest (ms) |"
echo "|---:|---:|---:|---:|---:|---:|---:|"
for n in "${SIZES[@]}"; do
  dir="$work/p$n"
  make_project "$dir" "$n"
  cold=(); fill=(); ingest=(); whole=()
  for _ in $(seq "$RUNS"); do
    rm -rf "$dir/.thesis" "$dir/reports" "$dir/figures"
    s=$(now_ms); (cd "$dir" && "$BIN" build --quiet >/dev/null); e=$(now_ms); cold+=($((e - s)))
    python3 -c 'import json,sys; print("\n".join(e["key"] for e in json.load(open(sys.argv[1]))["directives"] if e.get("key")))' \
      "$dir/reports/manifest.json" > "$work/all-keys"
    sort -u "$work/all-keys" > "$work/keys"   # directives with the same inputs share one result
    rm -rf "$dir/.thesis/store"
    s=$(now_ms)
    (cd "$dir" && sed 's/^/--key\n/' "$work/keys" | xargs -d '\n' -n 2000 -P 2 "$BIN" exec >/dev/null)
    e=$(now_ms); fill+=($((e - s)))
    [ "$(find "$dir/.thesis/store/results" -name '*.json' | wc -l)" -eq "$(wc -l < "$work/keys")" ] \
      || { echo "ingest.sh: the store does not hold every result" >&2; exit 1; }
    rm -rf "$dir/.thesis/cache.sqlite"* "$dir/.thesis/runs.sqlite"* "$dir/.thesis/last-build.json" "$dir/reports" "$dir/figures"
    s=$(now_ms)
    out=$(cd "$dir" && "$BIN" build --executor slurm --quiet --timings 2>&1)
    e=$(now_ms); whole+=($((e - s)))
    grep -q ", $(wc -l < "$work/all-keys") results ingested" <<<"$out" || { echo "ingest.sh: not every result was ingested: $out" >&2; exit 1; }
    ingest+=("$(awk '/slurm ingest/ {printf "%d", $3}' <<<"$out")")
  done
  c=$(printf '%s\n' "${cold[@]}" | median); f=$(printf '%s\n' "${fill[@]}" | median)
  i=$(printf '%s\n' "${ingest[@]}" | median); w=$(printf '%s\n' "${whole[@]}" | median)
  printf '| %d | %d | %d | %d | %d | %.2f | %d |\n' "$n" "$(wc -l < "$work/keys")" "$c" "$f" \
    "$i" "$(awk -v t="$i" -v n="$n" 'BEGIN {print t/n}')" "$w"
done
