#!/usr/bin/env bash
# Soak: memory flat or not under a million interactions and a sustained message flood (docs/benchmarks.md, Soak).
#   Cortex.Benchmarks/Soak/run-soak.sh [interactions] [messages] [messages-per-second] [sample-seconds]
# Starts a throw-away PostgreSQL (initdb as the postgres user), migrates it with Cortex.Migrator, and runs
# `Cortex.Benchmarks -- soak` with SOAK_POSTGRES pointing at it as the AI worker's own role; the harness
# starts its own redis-server and Cortex.Emulator processes. Everything is stopped on exit.
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
bindir=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
work=$(mktemp -d /tmp/cortex-soak.XXXXXX)
chmod 755 "$work"
pgport=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
cleanup() {
  [ -f "$work/pg/postmaster.pid" ] && as_pg "$bindir/pg_ctl" -D "$work/pg" -m fast stop >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

mkdir -p "$work/pg" && { [ "$(id -u)" != 0 ] || chown postgres:postgres "$work/pg"; }
as_pg "$bindir/initdb" -D "$work/pg" -U postgres --auth=trust --encoding=UTF8 --locale=C >/dev/null
as_pg "$bindir/pg_ctl" -D "$work/pg" -l "$work/pg/server.log" -w -o "-p $pgport -c listen_addresses=127.0.0.1 -c unix_socket_directories=$work/pg" start >/dev/null
"$bindir/psql" -h 127.0.0.1 -p "$pgport" -U postgres -v ON_ERROR_STOP=1 -q -c "CREATE DATABASE soak"
owner="Host=127.0.0.1;Port=$pgport;Username=postgres;Database=soak"
password=$(head -c 24 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')
economy="Host=127.0.0.1;Port=$pgport;Username=cortex_economy;Password=$password;Database=soak"
ai="Host=127.0.0.1;Port=$pgport;Username=cortex_ai;Password=$password;Database=soak"

echo "== build (Release)"
dotnet build -c Release "$repo/Cortex.Migrator" -v q -nologo >/dev/null
dotnet build -c Release "$repo/Cortex.Benchmarks" -v q -nologo >/dev/null
echo "== migrate"
env ConnectionStrings__economydb="$owner" "ConnectionStrings__economydb-economy=$economy" "ConnectionStrings__economydb-ai=$ai" \
  dotnet "$repo/Cortex.Migrator/bin/Release/net10.0/Cortex.Migrator.dll" >"$work/migrator.log" 2>&1 || { cat "$work/migrator.log"; exit 1; }
echo "== soak"
SOAK_POSTGRES="$ai" dotnet "$repo/Cortex.Benchmarks/bin/Release/net10.0/Cortex.Benchmarks.dll" soak "$@"
