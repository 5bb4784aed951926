#!/usr/bin/env bash
# The newcomer's path, as CI walks it: the README's first command (`npm run labs`) on a cluster
# created seconds before, then right after the nodes' containers restart (a laptop rebooted before
# class). Each pass must be green; each prints its time. It deletes the kindlab cluster first:
# never run it on a cluster a class or a colleague is using.
set -euo pipefail
cd "$(dirname "$0")/.."

source scripts/node.sh
bash scripts/deps.sh
npm run --silent build

pass() { # $1: what the pass starts from
  local started=$SECONDS
  echo "== first contact: npm run labs on $1"
  npm run --silent labs
  echo "== first contact: green on $1 in $((SECONDS - started)) s"
}

node bin/kindlab.js down
pass "a cluster it creates"

mapfile -t nodes < <(docker ps --filter label=io.x-k8s.kind.cluster=kindlab --format '{{.Names}}')
echo "== restarting the nodes' containers: ${nodes[*]}"
docker restart "${nodes[@]}" >/dev/null
pass "nodes whose containers just restarted"
