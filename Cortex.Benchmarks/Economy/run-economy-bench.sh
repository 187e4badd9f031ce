#!/usr/bin/env bash
# Economy benchmarks, side by side with pgbench on the same throw-away servers in the same run.
#   Cortex.Benchmarks/Economy/run-economy-bench.sh [seconds-per-run] [all|transfers] [rounds]
# ECONOMY_PG_OPTIONS (e.g. "Multiplexing=true") is appended to the service's connection string only.
# ECONOMY_ENV (e.g. "DOTNET_ThreadPool_UnfairSemaphoreSpinLimit=0x46": DOTNET_ values are hexadecimal, 0x46 = 70 spins) adds
# NAME=value settings to the service's environment only.
# Starts its own PostgreSQL (initdb as the postgres user) and redis-server on free ports, migrates
# with Cortex.Migrator, seeds 1,000,000 users, starts Cortex.Economy (Release) against them, then:
#   1. leaderboard top 100 at 1,000,000 users: pgbench (same query) / data layer / API (.NET client, and wrk with
#      one connection, a C client as pgbench is), P50 and P99; the API answers from its page cache (Economy:Caching:
#      LeaderboardTtl, 1 s: one query a second), the data layer runs the query every time,
#      [rounds] interleaved rounds after one unmeasured round of each, medians of the rounds' P50 and P99
#   2. balance read: cache hit and miss through the data layer, hit through the API (.NET client, then wrk: one
#      unmeasured run and [rounds] measured, the median of their P50 and P99)
#   3. transfers per second with 32 clients, [rounds] interleaved rounds after one unmeasured round of each:
#      pgbench calling Cortex's own economy.transfer (the like-for-like ceiling), Cortex's API driven by
#      wrk, pgbench TPC-B-like; ratios per round and their medians; the .NET generator for reference
# Everything it started is stopped on exit. Results: RESULT lines on stdout, summarised in docs/benchmarks.md.
set -euo pipefail
seconds=${1:-10}
only=${2:-all}   # "transfers": skip the 1,000,000-user seed and sections 1 and 2
rounds=${3:-5}   # interleaved pgbench / Cortex rounds in sections 1 and 3 (at least 5 for a median)
repo=$(cd "$(dirname "$0")/../.." && pwd)
source "$repo/Cortex.Benchmarks/Economy/throwaway-servers.sh"
start_throwaway_servers cortex-econ-bench
apiport=$(free_port "$pgport" "$redisport")
echo "== PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') on :$pgport, Redis on :$redisport, API on :$apiport"
"${psql[@]}" -c "CREATE DATABASE pgbench_tpcb"

echo "== build (Release)"
dotnet build -c Release "$repo/Cortex.Migrator" -v q -nologo >/dev/null
dotnet build -c Release "$repo/Cortex.Benchmarks" -v q -nologo >/dev/null

echo "== migrate"
migrate "$repo/Cortex.Migrator/bin/Release/net10.0/Cortex.Migrator.dll"

echo "== seed: 1,000,000 users in guild 1 (leaderboard), 10,000 users in guild 2 (transfers)"
PGOPTIONS="-c synchronous_commit=on" "${psql[@]}" -d economy_bench -c "
  INSERT INTO economy.users (guild_id, user_id, balance) SELECT 1, u, (random() * 1e9)::bigint FROM generate_series(1, CASE WHEN '$only' = 'all' THEN 1000000 ELSE 1000 END) u;"
seed_transfer_guild
"${psql[@]}" -d economy_bench -c "VACUUM (ANALYZE) economy.users"
echo "-- plan:"
"${psql[@]}" -d economy_bench -c "EXPLAIN (ANALYZE, BUFFERS) $(cat "$repo/Cortex.Benchmarks/Economy/leaderboard.sql")" | grep -E "Index Only Scan|Heap Fetches|Execution Time"

echo "== start Cortex.Economy (Release) on :$apiport (rate limit raised for the load test${ECONOMY_ENV:+; environment: $ECONOMY_ENV})"
start_economy "$apiport" "$repo/Cortex.Economy/bin/Release/net10.0" bench \
  ConnectionStrings__economydb="$economy_pg${ECONOMY_PG_OPTIONS:+;$ECONOMY_PG_OPTIONS}" ${ECONOMY_ENV:-}
await_economy "$apiport" bench

# The load generator is a .NET process too, and the data-layer lines run Cortex's code in it: the service's spin limit
# (Cortex.Economy.csproj; DOTNET_ values are hexadecimal, 0xA = 10).
bench() { DOTNET_ThreadPool_UnfairSemaphoreSpinLimit=0xA dotnet "$repo/Cortex.Benchmarks/bin/Release/net10.0/Cortex.Benchmarks.dll" economy "$@" --pg "$pg" --redis "$redis" --api "http://127.0.0.1:$apiport" --key "$apikey" --seconds "$seconds"; }
median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
field() { sed -n "s/.* $1=\([0-9.]*\).*/\1/p"; } # the value of name=value in a RESULT line
percentiles() { # pgbench per-transaction log: column 3 is the latency in microseconds
  cat "$@" | awk '{print $3}' | sort -n | awk '{a[NR]=$1} END {p50=a[int(NR*0.5+0.5)]; p99=a[int(NR*0.99+0.5)]; printf "n=%d p50=%.3f ms p99=%.3f ms\n", NR, p50/1000, p99/1000}'
}

need wrk wrk
# The API's latency through a C client with one connection, as pgbench's is taken: the .NET generator's line (bench) stays
# for reference, but its own hand-over of each response to a pool thread is the client's cost, not the service's.
wrk_get() { # result name, path
  local line
  line=$(CORTEX_API_KEY="$apikey" API_PATH="$2" wrk -t 1 -c 1 -d "${seconds}s" -s "$repo/Cortex.Benchmarks/Economy/api-get.lua" "http://127.0.0.1:$apiport" | grep '^RESULT')
  [ "$(echo "$line" | field refused)" = 0 ] || { echo "wrk: requests were refused: $line" >&2; exit 1; }
  echo "RESULT $1 ${line#RESULT }"
}

if [ "$only" = all ]; then
echo "== 1. leaderboard top 100 at 1,000,000 users (1 client): 1 unmeasured + $rounds interleaved rounds"
pgbench_leaderboard() {
  rm -f "$work"/lb.*
  (cd "$work" && "$bindir/pgbench" -h 127.0.0.1 -p "$pgport" -U postgres -n -M prepared -c 1 -j 1 -T "$seconds" -f "$repo/Cortex.Benchmarks/Economy/leaderboard.sql" -l --log-prefix=lb economy_bench >/dev/null)
  echo "RESULT leaderboard pgbench $(percentiles "$work"/lb.*)"
}
leaderboard_api_wrk() { wrk_get "leaderboard api-wrk" /api/guilds/1/leaderboard; }
pgbench_leaderboard >/dev/null; bench leaderboard >/dev/null; leaderboard_api_wrk >/dev/null   # warm-up alike: caches, JIT tiers, pools
: >"$work/leaderboard.txt"
for round in $(seq 1 "$rounds"); do
  { pgbench_leaderboard; bench leaderboard; leaderboard_api_wrk; } | tee -a "$work/leaderboard.txt" | sed "s/^RESULT /RESULT round $round: /"
done
for name in "leaderboard pgbench" "leaderboard data-layer" "leaderboard api" "leaderboard api-wrk"; do
  p50=$(grep "^RESULT $name " "$work/leaderboard.txt" | field p50 | median)
  p99=$(grep "^RESULT $name " "$work/leaderboard.txt" | field p99 | median)
  echo "RESULT median of $rounds rounds: $name p50=$p50 ms p99=$p99 ms"
done

echo "== 2. balance read"
bench balance
# The hit through the API again, from a C client (the .NET run above left user 42 cached): one unmeasured run, then
# [rounds] runs and the median of their P50 and P99, as for the other figures (one run alone moved by a third between days).
wrk_get "balance hit api-wrk" /api/guilds/1/users/42/balance >/dev/null
: >"$work/hit.txt"
for round in $(seq 1 "$rounds"); do
  wrk_get "balance hit api-wrk" /api/guilds/1/users/42/balance | tee -a "$work/hit.txt" | sed "s/^RESULT /RESULT round $round: /"
done
echo "RESULT median of $rounds rounds: balance hit api-wrk p50=$(field p50 <"$work/hit.txt" | median) ms p99=$(field p99 <"$work/hit.txt" | median) ms"
fi

echo "== 3. transfers per second, 32 clients: 1 unmeasured + $rounds interleaved rounds of pgbench economy.transfer, Cortex (wrk), pgbench TPC-B"
# Rounds rotate the three so that the load of a shared machine falls on all alike; ratios are taken per round
# and their medians reported. wrk is a C client like pgbench (-j 2 / -t 2, 32 connections each).
"$bindir/pgbench" -h 127.0.0.1 -p "$pgport" -U postgres -i -q -s 32 pgbench_tpcb >/dev/null 2>&1
# A refused request (a 401, a 429, a 5xx) makes the figure meaningless: stop rather than print a rate.
wrk_transfers() {
  local line
  line=$(CORTEX_API_KEY="$apikey" WRK_CONNECTIONS=32 wrk -t 2 -c 32 -d "${seconds}s" -s "$repo/Cortex.Benchmarks/Economy/transfers.lua" "http://127.0.0.1:$apiport" | grep '^RESULT')
  [ "$(echo "$line" | field refused)" = 0 ] || { echo "wrk: requests were refused: $line" >&2; exit 1; }
  echo "$line" | field tps
}
pgbench_transfer() { "$bindir/pgbench" -h 127.0.0.1 -p "$pgport" -U postgres -n -M prepared -c 32 -j 2 -T "$seconds" -f "$repo/Cortex.Benchmarks/Economy/transfer.sql" economy_bench | awk '/^tps/ {print $3}'; }
pgbench_tpcb() { "$bindir/pgbench" -h 127.0.0.1 -p "$pgport" -U postgres -n -M prepared -c 32 -j 2 -T "$seconds" pgbench_tpcb | awk '/^tps/ {print $3}'; }
pgbench_transfer >/dev/null; wrk_transfers >/dev/null; pgbench_tpcb >/dev/null   # warm-up alike: JIT tiers, PGO, pools, caches
vs_transfer=(); vs_tpcb=()
for round in $(seq 1 "$rounds"); do
  declare -A tps=()
  contestants=(pgbench_transfer wrk_transfers pgbench_tpcb)
  for i in 0 1 2; do c=${contestants[$(( (round + i) % 3 ))]}; tps[$c]=$($c); done
  vs_transfer+=("$(awk -v c="${tps[wrk_transfers]}" -v t="${tps[pgbench_transfer]}" 'BEGIN {printf "%.2f", c / t}')")
  vs_tpcb+=("$(awk -v c="${tps[wrk_transfers]}" -v t="${tps[pgbench_tpcb]}" 'BEGIN {printf "%.2f", c / t}')")
  echo "RESULT round $round: pgbench economy.transfer tps=${tps[pgbench_transfer]} | Cortex API (wrk) tps=${tps[wrk_transfers]} | pgbench TPC-B tps=${tps[pgbench_tpcb]} | Cortex/economy.transfer=${vs_transfer[-1]} Cortex/TPC-B=${vs_tpcb[-1]} | load $(cut -d' ' -f1 /proc/loadavg)"
  unset tps
done
echo "RESULT transfers Cortex / pgbench economy.transfer median=$(printf '%s\n' "${vs_transfer[@]}" | median) rounds: ${vs_transfer[*]}"
echo "RESULT transfers Cortex / pgbench TPC-B median=$(printf '%s\n' "${vs_tpcb[@]}" | median) rounds: ${vs_tpcb[*]}"
batch_sizes "$apiport"
# For reference, the .NET load generator (shares the two cores with the service, costs more per request).
bench transfers --clients 32
conservation
