#!/usr/bin/env bash
# Runs PostgreSQL from the machine's packages for Cortex's local mode, as an Aspire executable.
# usage: postgres-local.sh <data-root> <port> <password-file> [postgres -c options...]
# PostgreSQL refuses to run as root, so as root the server runs as the "postgres" user.
set -euo pipefail
root=$1 port=$2 pwfile=$3
shift 3

bindir=""
for candidate in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
  if [ -x "$candidate/postgres" ]; then bindir=$candidate; break; fi
done
if [ -z "$bindir" ] && command -v postgres >/dev/null; then bindir=$(dirname "$(command -v postgres)"); fi
if [ -z "$bindir" ]; then
  echo "PostgreSQL server not found: install it (Debian/Ubuntu: apt-get install postgresql), or run ./cortex.sh run which does." >&2
  exit 1
fi

data="$root/postgres"
if [ "$(id -u)" = 0 ]; then
  if ! id postgres >/dev/null 2>&1; then
    echo "Running as root needs the 'postgres' user that Debian's postgresql package creates." >&2
    exit 1
  fi
  # The postgres user must be able to reach the data folder (not the case under /root, say).
  if ! runuser -u postgres -- test -x "$root"; then
    data="/var/lib/cortex/$(printf '%s' "$root" | sha256sum | cut -c1-16)/postgres"
    echo "postgres cannot reach $root; keeping its data in $data instead."
  fi
  mkdir -p "$data"
  chown postgres:postgres "$data" "$(dirname "$data")" 2>/dev/null || chown postgres:postgres "$data"
  chmod 700 "$data"
  as_server_user() { runuser -u postgres -- "$@"; }
else
  mkdir -p "$data"
  chmod 700 "$data"
  as_server_user() { "$@"; }
fi

if [ ! -s "$data/PG_VERSION" ]; then
  echo "Initialising a new PostgreSQL cluster in $data"
  # initdb runs as the server user, who cannot read our root-only password file: hand it a copy.
  handoff=$(mktemp)
  trap 'rm -f "$handoff"' EXIT
  cat "$pwfile" > "$handoff"
  [ "$(id -u)" = 0 ] && chown postgres "$handoff"
  as_server_user "$bindir/initdb" -D "$data" -U postgres --pwfile="$handoff" \
    --auth-host=scram-sha-256 --auth-local=peer --encoding=UTF8 --locale=C >/dev/null
  rm -f "$handoff"
fi

echo "Starting PostgreSQL ($bindir) on 127.0.0.1:$port with data in $data"
as_server_user "$bindir/postgres" -D "$data" -p "$port" \
  -c listen_addresses=127.0.0.1 -c unix_socket_directories= -c max_connections=300 "$@" &
server=$!

# Aspire stops executables with SIGTERM; PostgreSQL's fast shutdown is SIGINT (SIGTERM waits for
# every client to leave). Signal the postmaster itself: runuser may not pass signals on.
stop() {
  local postmaster
  postmaster=$(head -n 1 "$data/postmaster.pid" 2>/dev/null || true)
  if [ -n "$postmaster" ]; then kill -INT "$postmaster" 2>/dev/null || true; fi
  kill -INT "$server" 2>/dev/null || true
}
trap stop TERM INT HUP
wait "$server" || true
wait "$server" 2>/dev/null || true
