#!/usr/bin/env bash
# `npm run labs`: bring the kindlab cluster up (creating it, or reusing a healthy one), check it,
# then run every lab. Extra arguments go to `kindlab run` (e.g. `npm run labs -- --json`).
# In bash, not Node: it first sets up the Node that everything after it runs on (scripts/node.sh).
set -euo pipefail
cd "$(dirname "$0")/.."

source scripts/node.sh
bash scripts/deps.sh
npm run --silent build
bash scripts/host-setup.sh
node bin/kindlab.js up
node bin/kindlab.js doctor
node bin/kindlab.js run --all "$@"
