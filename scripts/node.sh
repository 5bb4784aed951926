# Sourced first by scripts/test.sh and scripts/labs.sh: makes `node` on PATH one kindlab supports.
# In bash, not Node, because it runs before a good Node exists.
# - the node on PATH meets package.json's engines.node: nothing to do;
# - otherwise the tested release (devEngines.runtime.version) is installed once with npm into
#   kindlab's cache (<cache>/node/<version>, the folder of cacheDir() in src/core/paths.ts) and its
#   bin folder goes first on PATH, so node, npm, npx and every `#!/usr/bin/env node` run on it.
# Warm, it touches no network and prints nothing.

kindlab_node_version_at_least() { # $1: a version (v20.20.2), $2: a floor (22.19)
  local have=${1#v} floor=$2
  local have_major=${have%%.*} floor_major=${floor%%.*}
  local have_minor=${have#*.} floor_minor=${floor#*.}
  have_minor=${have_minor%%.*} floor_minor=${floor_minor%%.*}
  ((have_major > floor_major || (have_major == floor_major && have_minor >= floor_minor)))
}

kindlab_node_install() { # $1: version, $2: folder; installs atomically (a killed run leaves no half)
  local version=$1 target=$2 staging
  mkdir -p "$(dirname "$target")" && staging=$(mktemp -d "$target.partial.XXXXXX") &&
    chmod 755 "$staging" || return 1
  # The npm package `node` fetches the official binary in its preinstall script: approved here, for
  # this version only, so npm's install-script policy neither warns nor skips it.
  printf '{ "private": true, "dependencies": { "node": "%s" }, "allowScripts": { "node@%s": true } }\n' \
    "$version" "$version" >"$staging/package.json"
  if ! npm install --prefix "$staging" --no-audit --no-fund --loglevel=error >"$staging/install.log" 2>&1 ||
    [ "$("$staging/node_modules/.bin/node" --version 2>/dev/null)" != "v$version" ]; then
    echo "kindlab: could not install Node $version with npm (log below)." >&2
    echo "  fix: check that npm reaches its registry, or install Node $version yourself and put it first on PATH" >&2
    grep -v '^npm error  *at ' "$staging/install.log" >&2 # npm's own stack frames say nothing here
    rm -rf "$staging"
    return 1
  fi
  rm -rf "$target"
  # Another run may have finished first: theirs is as good as ours.
  mv -T "$staging" "$target" 2>/dev/null || rm -rf "$staging"
}

kindlab_node_setup() {
  local root package floor tested current cache target bin
  root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
  package="$root/package.json"
  if ! current=$(node --version 2>/dev/null); then
    echo "kindlab: no node on PATH. fix: install Node.js (engines.node in $package) and npm" >&2
    return 1
  fi
  # Written for any Node, however old: it only reads package.json.
  read -r floor tested < <(node -p 'var p = require(process.argv[1]); p.engines.node.replace(">=", "") + " " + p.devEngines.runtime.version' "$package" 2>/dev/null)
  if [ -z "$tested" ]; then
    echo "kindlab: no engines.node or devEngines.runtime.version in $package. fix: restore them" >&2
    return 1
  fi
  kindlab_node_version_at_least "$current" "$floor" && return 0

  cache=${KINDLAB_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/kindlab}
  [[ $cache == /* ]] || cache="$PWD/$cache" # on PATH, a relative folder would move with cd
  target="$cache/node/$tested"
  bin="$target/node_modules/.bin"
  if [ "$("$bin/node" --version 2>/dev/null)" != "v$tested" ]; then
    echo "kindlab: this node is $current, kindlab needs $floor or later: installing Node $tested into $target (once)" >&2
    kindlab_node_install "$tested" "$target" || return 1
  fi
  export PATH="$bin:$PATH"
  # An npm that ran this script exported its node and its global prefix (where that node lives,
  # whose bin folder `npx` puts first on PATH): children get the new node; npm finds the prefix again.
  [ -z "${NODE:-}" ] || export NODE="$bin/node"
  [ -z "${npm_node_execpath:-}" ] || export npm_node_execpath="$bin/node"
  unset npm_config_prefix npm_config_global_prefix
}

kindlab_node_setup && kindlab_node_ready=yes
unset -f kindlab_node_version_at_least kindlab_node_install kindlab_node_setup
[ -n "${kindlab_node_ready:-}" ] && unset kindlab_node_ready # the status of this line is the script's
