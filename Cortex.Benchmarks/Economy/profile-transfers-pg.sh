#!/usr/bin/env bash
# Where PostgreSQL's CPU goes in a transfer: pgbench calling economy.transfer (32 clients) against Cortex's batches
# (wrk, 32 connections, one batch statement in flight), on one throw-away server as compare-transfers.sh sets it up,
# with pg_stat_statements tracking the statements inside the function (track=all). Per contestant, after a warm-up:
#   - pg_stat_statements of the measured run, per transfer: calls, execution and planning time of every statement;
#   - perf record -g of the whole machine over the middle of the run, PostgreSQL's processes only, by symbol;
#   - CPU per transfer of PostgreSQL, the service and Redis from /proc.
#   profile-transfers-pg.sh seconds path/to/Cortex.Migrator.dll dir-of-Cortex.Economy.dll [NAME=value ...]
# Run as root; perf (linux-perf) and wrk are installed when missing; needs redis-server, PostgreSQL 15 (pg_stat_statements ships with it).
set -euo pipefail
seconds=$1; migrator=$2; economy=$3; shift 3
repo=$(cd "$(dirname "$0")/../.." && pwd)
export BENCH_PG_OPTIONS="-c shared_preload_libraries=pg_stat_statements -c pg_stat_statements.track=all -c pg_stat_statements.track_planning=on"
source "$repo/Cortex.Benchmarks/Economy/throwaway-servers.sh"
need wrk wrk; need perf linux-perf
start_throwaway_servers cortex-transfers-pg
migrate "$migrator"
seed_transfer_guild
"${psql[@]}" -d economy_bench -c "VACUUM (ANALYZE) economy.users" -c "CREATE EXTENSION pg_stat_statements"
apiport=$(free_port "$pgport" "$redisport")
start_economy "$apiport" "$economy" profile "$@"
await_economy "$apiport" profile

pgbench_run() { "$bindir/pgbench" -h 127.0.0.1 -p "$pgport" -U postgres -n -M prepared -c 32 -j 2 -T "$1" -f "$repo/Cortex.Benchmarks/Economy/transfer.sql" economy_bench 2>&1 | awk '/actually processed/ {print $NF}'; }
wrk_run() { CORTEX_API_KEY="$apikey" WRK_CONNECTIONS=32 wrk -t 2 -c 32 -d "$1s" -s "$repo/Cortex.Benchmarks/Economy/transfers.lua" "http://127.0.0.1:$apiport" | sed -n 's/.* transfers=\([0-9]*\).*/\1/p'; }
statements() { # transfers: the top statements per transfer
  "${psql[@]}" -d economy_bench -P pager=off -c "
    SELECT calls, round(calls::numeric / $1, 2) AS per_transfer, round((total_exec_time * 1000 / $1)::numeric, 1) AS exec_us_per_transfer,
           round((total_plan_time * 1000 / $1)::numeric, 1) AS plan_us_per_transfer, left(regexp_replace(query, '\s+', ' ', 'g'), 110) AS query
    FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = 'economy_bench')
    ORDER BY total_exec_time DESC LIMIT 12"
}
profile() { # name, runner
  local name=$1 runner=$2 n pg0 pg1 s0 s1 r0 r1
  "$runner" "$seconds" >/dev/null   # warm-up
  "${psql[@]}" -d economy_bench -c "SELECT pg_stat_statements_reset()" >/dev/null
  pg0=$(pg_ticks); s0=$(ticks "${pids[-1]}"); r0=$(ticks "$redispid")
  (sleep $((seconds / 3)); perf record -q -a -g -o "$work/perf-$name.data" -- sleep $((seconds / 3)) >/dev/null 2>&1) &
  n=$("$runner" "$seconds"); wait $!
  pg1=$(pg_ticks); s1=$(ticks "${pids[-1]}"); r1=$(ticks "$redispid")
  echo "== $name: $n transfers in ${seconds}s, load $(cut -d' ' -f1 /proc/loadavg); CPU µs per transfer: PostgreSQL $(( (pg1 - pg0) * 10000 / n )), service $(( (s1 - s0) * 10000 / n )), Redis $(( (r1 - r0) * 10000 / n ))"
  statements "$n"
  echo "-- perf, PostgreSQL's processes, self time by symbol (top 25):"
  perf report -i "$work/perf-$name.data" --comm postgres --no-children --sort symbol --stdio -g none --percent-limit 0.7 2>/dev/null | grep -v '^#' | grep -v '^$' | head -25
  echo "-- perf, PostgreSQL's processes, with callees (top 25 by inclusive time):"
  perf report -i "$work/perf-$name.data" --comm postgres --children --sort symbol --stdio -g none --percent-limit 3 2>/dev/null | grep -v '^#' | grep -v '^$' | head -25
}
profile pgbench pgbench_run
profile cortex wrk_run
conservation
