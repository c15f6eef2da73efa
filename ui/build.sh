#!/usr/bin/env bash
# Builds the web UI into ui/dist (or $1): installs the pinned npm packages when missing or stale,
# then copies sources, vendor scripts and map shapes. Works offline once node_modules exists.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here"
if [ ! -d node_modules/cytoscape ] || [ package.json -nt node_modules/.installed ]; then
  npm ci --no-audit --no-fund --loglevel=error >/dev/null
  touch node_modules/.installed
fi
node build.mjs "${1:-$here/dist}"
