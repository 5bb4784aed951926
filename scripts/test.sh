#!/usr/bin/env bash
# `npm test`: make sure the images and the cluster exist (building offline when no registry is
# reachable), then run the unit tests (TypeScript and the Go programs kindlab ships) and the
# end-to-end tests on the real cluster.
# In bash, not Node: it first sets up the Node that everything after it runs on (scripts/node.sh).
set -euo pipefail
cd "$(dirname "$0")/.."

source scripts/node.sh
bash scripts/deps.sh
npm run --silent build
bash scripts/host-setup.sh --browser
node bin/kindlab.js up --wait
if command -v go >/dev/null; then
  for module in images/recipes/demo images/recipes/node-net images/recipes/netpol images/recipes/registry; do
    (cd "$module" && go test ./...)
  done
else
  echo "go is not installed: skipping the Go tests of images/recipes (the offline path needs Go anyway)"
fi
npx vitest run
