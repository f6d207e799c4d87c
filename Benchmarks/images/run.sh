#!/usr/bin/env bash
# Reading an image folder: `thesis build` of one `<<images describe>>` on mnist5k (5,000 28 x 28
# grey PNGs, copied into a scratch project: nothing outside a project is read), cold (every file
# hashed and decoded) and after one image changed (every file stat'ed, the changed one hashed,
# all decoded again), against Pillow opening, converting to "L" and reading every image into numpy
# in the same run.
# Usage: Benchmarks/images/run.sh [ROUNDS]   medians over ROUNDS.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROUNDS=${1:-5}
SHARED=${SHARED:-../shared/data/mnist5k}
BIN=${THESIS_BIN:-$PWD/.build/release/thesis}
[ -x "$BIN" ] || swift build -c release --product thesis >/dev/null
[ -d "$SHARED/train" ] || { echo "images: $SHARED not found; the benchmark needs ../shared/data/mnist5k" >&2; exit 1; }
python3 -c "import PIL, numpy" 2>/dev/null || pip install -q pillow numpy >/dev/null 2>&1
work=$(mktemp -d /tmp/thesis-images.XXXXXX)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/chapters" "$work/data"
cp -r "$SHARED" "$work/data/mnist5k"
rm -f "$work/data/mnist5k/README.md"
cat > "$work/thesis.toml" <<'TOML'
title = "Image folder benchmark"
author = "bench"

[data.digits]
path = "data/mnist5k"
format = "images"
size = [28, 28]
TOML
printf '# Digits\n\n<<images describe data=digits>>\n' > "$work/chapters/01.md"
seconds() { python3 -c 'import sys,time; t=time.perf_counter(); import subprocess; subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL); print(time.perf_counter()-t)' "$@"; }
cold=(); touched=(); peer=()
for _ in $(seq "$ROUNDS"); do
  rm -rf "$work/.thesis" "$work/reports"
  cold+=("$(cd "$work" && seconds "$BIN" build --quiet)")
  cp "$work/data/mnist5k/train/0/$(ls "$work/data/mnist5k/train/0" | head -1)" "$work/data/mnist5k/train/1/zz-extra.png"
  touched+=("$(cd "$work" && seconds "$BIN" build --quiet)")
  rm "$work/data/mnist5k/train/1/zz-extra.png"
  peer+=("$(python3 - "$work/data/mnist5k" <<'PY'
import pathlib, sys, time
import numpy as np
from PIL import Image
t = time.perf_counter()
total = 0.0
for path in sorted(pathlib.Path(sys.argv[1]).glob("*/*/*.png")):
    total += np.asarray(Image.open(path).convert("L"), dtype=np.float32).mean() / 255
print(time.perf_counter() - t)
PY
)")
done
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
c=$(median "${cold[@]}"); t=$(median "${touched[@]}"); p=$(median "${peer[@]}")
echo "## Reading an image folder (mnist5k, 5,000 PNG, median of $ROUNDS)"
echo
echo "| task | median (s) |"
echo "|---|---:|"
printf '| thesis build, cold: hash and decode every image, count them | %.3f |\n' "$c"
printf '| thesis build after one image was added (the rest stat'"'"'ed, all decoded again) | %.3f |\n' "$t"
printf '| Pillow %s: open, convert("L"), numpy, every image (in-process, no hashing) | %.3f |\n' "$(python3 -c 'import PIL; print(PIL.__version__)')" "$p"
