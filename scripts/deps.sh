#!/usr/bin/env bash
# Installs kindlab's dependencies (`npm ci`) when node_modules is missing or older than the lock
# file, on the node scripts/node.sh put first on PATH: `npm ci` run by hand on an older system
# Node warns that undici needs a newer one. Warm, it prints nothing.
set -euo pipefail
cd "$(dirname "$0")/.."

installed=node_modules/.package-lock.json
if [ ! -f "$installed" ] || [ package-lock.json -nt "$installed" ] || [ package.json -nt "$installed" ]; then
  echo "installing kindlab's dependencies (npm ci, on Node $(node --version))" >&2
  npm ci --no-audit --no-fund --loglevel=warn >&2
fi
