#!/usr/bin/env bash
# Transfers back to back, for a machine that is never quiet: builds (or settings) of Cortex.Economy started side by side
# against one throw-away PostgreSQL and Redis (10,000 funded users in guild 2, as run-economy-bench.sh seeds), each
# driven in turn by wrk (32 connections, POST /api/guilds/2/transfers), with pgbench calling economy.transfer (32
# clients) in the rotation; after a warm-up of each, [rounds] rounds in rotating order. Per run: transfers/s and the
# CPU per transfer of PostgreSQL (live processes + exited backends reaped by the postmaster), the service, Redis and
# the client, from /proc, with the load average. Only the ratios and the CPU per transfer mean anything under load.
#   compare-transfers.sh seconds rounds path/to/Cortex.Migrator.dll 'name|dir-of-Cortex.Economy.dll|NAME=value ...' ...
# A variant's settings may use @PG@ for the service's connection string, e.g.
#   'mux|Cortex.Economy/bin/Release/net10.0|ConnectionStrings__economydb=@PG@;Multiplexing=true'
# Run as root (PostgreSQL runs as the postgres user); needs wrk, redis-server, PostgreSQL 15.
set -euo pipefail
seconds=$1; rounds=$2; migrator=$3; shift 3
variants=("$@")
repo=$(cd "$(dirname "$0")/../.." && pwd)
bindir=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
work=$(mktemp -d /tmp/cortex-transfers-cmp.XXXXXX); chmod 755 "$work"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
pgport=$(free_port); redisport=$(free_port)
apikey=$(head -c 48 /dev/urandom | base64 | tr -dc A-Za-z0-9)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  [ -f "$work/pg/postmaster.pid" ] && runuser -u postgres -- "$bindir/pg_ctl" -D "$work/pg" -m fast stop >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
mkdir -p "$work/pg" && chown postgres:postgres "$work/pg"
runuser -u postgres -- "$bindir/initdb" -D "$work/pg" -U postgres --auth=trust --encoding=UTF8 --locale=C >/dev/null
runuser -u postgres -- "$bindir/pg_ctl" -D "$work/pg" -l "$work/pg/server.log" -w -o "-p $pgport -c listen_addresses=127.0.0.1 -c unix_socket_directories=$work/pg -c max_connections=300 -c shared_buffers=512MB -c synchronous_commit=off" start >/dev/null
redis-server --port "$redisport" --bind 127.0.0.1 --save "" --appendonly no --daemonize no >"$work/redis.log" 2>&1 &
redispid=$!; pids+=($redispid)
psql=( "$bindir/psql" -h 127.0.0.1 -p "$pgport" -U postgres -v ON_ERROR_STOP=1 -q )
"${psql[@]}" -c "CREATE DATABASE economy_bench"
pg="Host=127.0.0.1;Port=$pgport;Username=postgres;Database=economy_bench;MaxPoolSize=64"
pw=$(head -c 24 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')
economy_pg="Host=127.0.0.1;Port=$pgport;Username=cortex_economy;Password=$pw;Database=economy_bench;MaxPoolSize=64"
env ConnectionStrings__economydb="$pg" "ConnectionStrings__economydb-economy=$economy_pg" "ConnectionStrings__economydb-ai=Host=127.0.0.1;Port=$pgport;Username=cortex_ai;Password=$pw;Database=economy_bench" \
  dotnet "$migrator" >"$work/migrator.log" 2>&1 || { tail -20 "$work/migrator.log"; exit 1; }
PGOPTIONS="-c synchronous_commit=on" "${psql[@]}" -d economy_bench -c "
  INSERT INTO economy.users (guild_id, user_id, balance) SELECT 2, u, 1000000000 FROM generate_series(1, 10000) u;
  INSERT INTO economy.transactions (guild_id, to_user_id, amount, type, actor_id) SELECT 2, u, 1000000000, 'admin_add', 1 FROM generate_series(1, 10000) u;"
"${psql[@]}" -d economy_bench -c "VACUUM (ANALYZE) economy.users"
postmaster=$(head -n 1 "$work/pg/postmaster.pid")

declare -A port pid
for v in "${variants[@]}"; do
  IFS='|' read -r name dir vars <<<"$v"
  port[$name]=$(free_port)
  vars=${vars//@PG@/$economy_pg}
  env ASPNETCORE_URLS="http://127.0.0.1:${port[$name]}" ASPNETCORE_ENVIRONMENT=Production \
    ConnectionStrings__economydb="$economy_pg" ConnectionStrings__redis="127.0.0.1:$redisport,abortConnect=false" \
    Logging__LogLevel__Default=Warning Discord__Token=benchmark-token-never-sent Discord__RestBaseAddress=http://127.0.0.1:9/api/v10/ \
    "Cortex__RateLimiting__Routes__/api__Limit=100000000" Cortex__Surfaces__InternalPort="${port[$name]}" \
    Cortex__Auth__Keys__bench__Key="$apikey" "Cortex__Auth__Keys__bench__Scopes=economy.read economy.write" $vars \
    dotnet "$dir/Cortex.Economy.dll" >"$work/economy-$name.log" 2>&1 &
  pid[$name]=$!; pids+=(${pid[$name]})
done
for v in "${variants[@]}"; do
  IFS='|' read -r name _ _ <<<"$v"
  for i in $(seq 1 120); do curl -sf -m 2 "http://127.0.0.1:${port[$name]}/health" >/dev/null && break; sleep 0.5; done
  curl -sf -m 2 "http://127.0.0.1:${port[$name]}/health" >/dev/null || { echo "$name did not start"; tail -30 "$work/economy-$name.log"; exit 1; }
done

ticks() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0; }
pg_ticks() { # live postgres processes plus what the postmaster reaped (exited backends)
  local sum=0 p
  for p in $(pgrep -u postgres); do sum=$((sum + $(ticks "$p"))); done
  echo $((sum + $(awk '{print $16 + $17}' "/proc/$postmaster/stat")))
}
measure() { # name command...: prints name tps and CPU per transfer (µs) of pg, service, redis, client
  local name=$1; shift
  local svc=${pid[$name]:-} pg0 pg1 s0=0 s1=0 r0 r1 out n client
  pg0=$(pg_ticks); r0=$(ticks $redispid); [ -n "$svc" ] && s0=$(ticks "$svc")
  out=$(/usr/bin/time -f "TIME %U %S" "$@" 2>&1)
  pg1=$(pg_ticks); r1=$(ticks $redispid); [ -n "$svc" ] && s1=$(ticks "$svc")
  if [ -n "$svc" ]; then
    [ "$(echo "$out" | sed -n 's/.* refused=\([0-9]*\).*/\1/p')" = 0 ] || { echo "refused: $out" >&2; exit 1; }
    n=$(echo "$out" | sed -n 's/.* transfers=\([0-9]*\).*/\1/p')
  else
    n=$(echo "$out" | awk '/actually processed/ {print $NF}')
  fi
  client=$(echo "$out" | awk '/^TIME/ {print ($2 + $3) * 1e6}')
  awk -v name="$name" -v n="$n" -v s="$seconds" -v pg=$((pg1 - pg0)) -v svc=$((s1 - s0)) -v r=$((r1 - r0)) -v c="$client" -v load="$(cut -d' ' -f1 /proc/loadavg)" \
    'BEGIN { t = 1e4 / n; printf "RUN %-12s tps=%7.0f  per transfer µs: pg=%4.0f svc=%4.0f redis=%3.0f client=%3.0f total=%4.0f  load=%s\n", name, n / s, pg * t, svc * t, r * t, c / n, (pg + svc + r) * t + c / n, load }'
}
run() { # name
  if [ "$1" = pgbench ]; then
    measure pgbench "$bindir/pgbench" -h 127.0.0.1 -p "$pgport" -U postgres -n -M prepared -c 32 -j 2 -T "$seconds" -f "$repo/Cortex.Benchmarks/Economy/transfer.sql" economy_bench
  else
    CORTEX_API_KEY="$apikey" WRK_CONNECTIONS=32 measure "$1" wrk -t 2 -c 32 -d "${seconds}s" -s "$repo/Cortex.Benchmarks/Economy/transfers.lua" "http://127.0.0.1:${port[$1]}"
  fi
}
names=(pgbench); for v in "${variants[@]}"; do names+=("${v%%|*}"); done
echo "== warm-up"; for n in "${names[@]}"; do run "$n"; done
for round in $(seq 1 "$rounds"); do
  echo "== round $round"
  k=${#names[@]}
  for i in $(seq 0 $((k - 1))); do run "${names[$(( (round + i) % k ))]}"; done
done
"${psql[@]}" -d economy_bench -At -c "SELECT 'conservation: sum=' || sum(balance + bank) || ' expected=' || 10000::numeric * 1000000000 || ' negative=' || count(*) FILTER (WHERE balance < 0) FROM economy.users WHERE guild_id = 2"
