#!/usr/bin/env bash
# What the host needs beyond Docker, for the labs, a class and the tests (idempotent, quiet):
# - inotify limits kind asks for when many pods run on one machine (its "too many open files" issue);
# - with --browser: Debian's chromium, the real browser the class page is tested in (never a
#   browser downloaded by a test tool).
set -euo pipefail

if [ "$(id -u)" = 0 ]; then
  [ "$(cat /proc/sys/fs/inotify/max_user_instances)" -ge 512 ] || sysctl -q -w fs.inotify.max_user_instances=512
  [ "$(cat /proc/sys/fs/inotify/max_user_watches)" -ge 524288 ] || sysctl -q -w fs.inotify.max_user_watches=524288
fi

if [ "${1:-}" = --browser ] && ! command -v chromium >/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "installing Debian's chromium (the class page's browser tests)"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "chromium is missing: install Debian's package (apt-get install chromium) for the browser tests" >&2
  fi
fi
