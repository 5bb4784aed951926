#!/usr/bin/env bash
# `npm run labs`: bring the kindlab cluster up (creating it, or reusing a healthy one) and check it.
set -euo pipefail
cd "$(dirname "$0")/.."

npm run --silent build
node bin/kindlab.js up
node bin/kindlab.js doctor
