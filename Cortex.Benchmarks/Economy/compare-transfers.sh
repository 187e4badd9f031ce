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
# HIT_SECONDS=n adds, in every round, a cached balance read through each variant (wrk, one connection, n seconds on
# /api/guilds/2/users/42/balance, as run-economy-bench.sh's `balance hit api-wrk`): P50 and the service's CPU a read.
# Run as root (PostgreSQL runs as the postgres user); wrk is installed when missing; needs redis-server, PostgreSQL 15.
set -euo pipefail
seconds=$1; rounds=$2; migrator=$3; shift 3
variants=("$@")
repo=$(cd "$(dirname "$0")/../.." && pwd)
source "$repo/Cortex.Benchmarks/Economy/throwaway-servers.sh"
need wrk wrk
start_throwaway_servers cortex-transfers-cmp
migrate "$migrator"
seed_transfer_guild
"${psql[@]}" -d economy_bench -c "VACUUM (ANALYZE) economy.users"

declare -A port pid
for v in "${variants[@]}"; do
  IFS='|' read -r name dir vars <<<"$v"
  port[$name]=$(free_port "$pgport" "$redisport" "${port[@]}")
  # Split on spaces before @PG@ is replaced: the connection string has spaces of its own ("Maximum Pool Size").
  read -ra settings <<<"$vars"
  start_economy "${port[$name]}" "$dir" "$name" "${settings[@]//@PG@/$economy_pg}"
  pid[$name]=${pids[-1]}
done
for v in "${variants[@]}"; do
  IFS='|' read -r name _ _ <<<"$v"
  await_economy "${port[$name]}" "$name"
done

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
hit() { # name: a cached balance through the API, one connection
  local svc=${pid[$1]} s0 s1 line n
  s0=$(ticks "$svc")
  line=$(CORTEX_API_KEY="$apikey" API_PATH=/api/guilds/2/users/42/balance wrk -t 1 -c 1 -d "${HIT_SECONDS}s" -s "$repo/Cortex.Benchmarks/Economy/api-get.lua" "http://127.0.0.1:${port[$1]}" | grep '^RESULT')
  s1=$(ticks "$svc")
  [ "$(echo "$line" | sed -n 's/.* refused=\([0-9]*\).*/\1/p')" = 0 ] || { echo "refused: $line" >&2; exit 1; }
  n=$(echo "$line" | sed -n 's/.* n=\([0-9]*\).*/\1/p')
  echo "HIT $(printf '%-12s' "$1") ${line#RESULT } svc=$(( (s1 - s0) * 10000 / n ))µs/read load=$(cut -d' ' -f1 /proc/loadavg)"
}
names=(pgbench); for v in "${variants[@]}"; do names+=("${v%%|*}"); done
echo "== warm-up"; for n in "${names[@]}"; do run "$n"; done
if [ -n "${HIT_SECONDS:-}" ]; then for n in "${names[@]:1}"; do hit "$n" >/dev/null; done; fi
for round in $(seq 1 "$rounds"); do
  echo "== round $round"
  k=${#names[@]}
  for i in $(seq 0 $((k - 1))); do run "${names[$(( (round + i) % k ))]}"; done
  if [ -n "${HIT_SECONDS:-}" ]; then
    for i in $(seq 1 $((k - 1))); do hit "${names[$(( (round + i - 1) % (k - 1) + 1 ))]}"; done
  fi
done
for v in "${variants[@]}"; do echo "${v%%|*}: $(batch_sizes "${port[${v%%|*}]}")"; done
conservation
