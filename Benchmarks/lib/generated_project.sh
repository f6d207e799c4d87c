# Sourced by the benchmarks that need a generated project (noop_rebuild.sh, slurm/ingest.sh).
# Expects BIN, the thesis binary.

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
