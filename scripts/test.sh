#!/usr/bin/env bash
# `npm test`: make sure the images and the cluster exist (building offline when no registry is
# reachable), then run the unit tests and the end-to-end tests on the real cluster.
set -euo pipefail
cd "$(dirname "$0")/.."

npm run --silent build
node bin/kindlab.js up
npx vitest run
