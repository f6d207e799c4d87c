#!/usr/bin/env bash
# Installs the Debian packages that thesis needs (native libraries, fonts, KaTeX).
# Idempotent: skips apt entirely when everything is already installed.
set -euo pipefail
packages=(
  libopenblas-dev liblapacke-dev libcairo2-dev libsqlite3-dev
  libcmark-gfm-dev libcmark-gfm-extensions-dev libssl-dev
  fonts-dejavu-core pkg-config libjs-katex libjs-lunr
  cmark-gfm curl libpng-dev libturbojpeg0-dev
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
echo "setup: installing ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
