#!/usr/bin/env bash
# Start a throwaway PostgreSQL server on loopback for the store tests and print its URL.
# Installs Debian's postgresql package when the machine has none (CI machines start bare).
set -euo pipefail
port="${NEWSBOT_PG_PORT:-54329}"
datadir="${NEWSBOT_PG_DIR:-/tmp/newsbot-pg}"

find_bin() {
  local found
  found=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  echo "$found"
}

bindir=$(find_bin)
if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ]; then
  echo "installing postgresql from Debian's packages..." >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq postgresql >&2
  bindir=$(find_bin)
fi

# PostgreSQL refuses to run as root; run it as the postgres user when we are root.
run_as() {
  if [ "$(id -u)" = "0" ]; then
    id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

if ! run_as "$bindir/pg_isready" -h 127.0.0.1 -p "$port" -q 2>/dev/null; then
  rm -rf "$datadir"
  mkdir -p "$datadir"
  [ "$(id -u)" = "0" ] && chown postgres "$datadir"
  run_as "$bindir/initdb" -D "$datadir" -U newsbot --auth=trust -E UTF8 >/dev/null
  run_as "$bindir/pg_ctl" -D "$datadir" -o "-p $port -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off" \
    -l "$datadir/server.log" -w start >/dev/null
  run_as "$bindir/createdb" -h 127.0.0.1 -p "$port" -U newsbot newsbot_test
fi
echo "postgresql+psycopg://newsbot@127.0.0.1:${port}/newsbot_test"
