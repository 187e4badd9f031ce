# Sourced by run-economy-bench.sh and compare-transfers.sh: one throw-away PostgreSQL (initdb as the postgres user,
# synchronous_commit=off for every client alike) and one redis-server on free ports, in a fresh directory; everything
# started is stopped and the directory removed on exit. After `start_throwaway_servers <name>`:
#   $work, $bindir, $pgport, $redisport, $redispid, $apikey, "${psql[@]}" (superuser, -d to pick a database),
#   $pg (superuser connection string to economy_bench), $economy_pg (the economy's least-privilege role), $redis,
#   pids+=(...) for processes to stop, free_port, migrate <Cortex.Migrator.dll>, seed_transfer_guild, conservation, batch_sizes <port>,
#   start_economy <port> <dir of Cortex.Economy.dll> <name> [NAME=value ...], await_economy <port> <name>,
#   ticks <pid> and pg_ticks (CPU ticks of a process, of PostgreSQL), need <command> <Debian package>.
bindir=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
# A port nothing listens on, other than the ports given: a port handed out but not yet bound by its server (PostgreSQL,
# Redis and the services start after all their ports are picked) is free to the kernel and could come back.
free_port() { python3 - "$@" <<'PY'
import socket, sys
while True:
    s = socket.socket(); s.bind(("127.0.0.1", 0)); port = s.getsockname()[1]; s.close()
    if str(port) not in sys.argv[1:]:
        print(port); break
PY
}
# A load generator or profiler the script runs, installed from Debian when missing (as root), so a clean machine can rerun it.
need() { command -v "$1" >/dev/null || { [ "$(id -u)" = 0 ] && apt-get install -y -qq "$2" >/dev/null; } || { echo "needs $1 (apt-get install $2)" >&2; exit 1; }; }
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  [ -f "$work/pg/postmaster.pid" ] && as_pg "$bindir/pg_ctl" -D "$work/pg" -m fast stop >/dev/null 2>&1 || true
  rm -rf "$work"
}

start_throwaway_servers() { # name of the work directory under /tmp
  work=$(mktemp -d "/tmp/$1.XXXXXX"); chmod 755 "$work"
  trap cleanup EXIT
  pgport=$(free_port); redisport=$(free_port "$pgport")
  # The load generator is the operator here: a throw-away key with both economy scopes.
  apikey=$(head -c 48 /dev/urandom | base64 | tr -dc A-Za-z0-9)
  mkdir -p "$work/pg"; [ "$(id -u)" = 0 ] && chown postgres:postgres "$work/pg"
  as_pg "$bindir/initdb" -D "$work/pg" -U postgres --auth=trust --encoding=UTF8 --locale=C >/dev/null
  # Same server for Cortex and pgbench. synchronous_commit=off for both: the disk is shared with
  # other work on this machine, and the comparison is about CPU per transaction, not fsync latency.
  # BENCH_PG_OPTIONS adds server settings (profile-transfers-pg.sh loads pg_stat_statements with it).
  as_pg "$bindir/pg_ctl" -D "$work/pg" -l "$work/pg/server.log" -w -o "-p $pgport -c listen_addresses=127.0.0.1 -c unix_socket_directories=$work/pg -c max_connections=300 -c shared_buffers=512MB -c synchronous_commit=off${BENCH_PG_OPTIONS:+ $BENCH_PG_OPTIONS}" start >/dev/null
  redis-server --port "$redisport" --bind 127.0.0.1 --save "" --appendonly no --daemonize no >"$work/redis.log" 2>&1 &
  redispid=$!; pids+=($redispid)
  # Stop here if Redis did not come up on its port: the service would fall back to PostgreSQL and measure no cache.
  for _ in $(seq 50); do [ "$(redis-cli -p "$redisport" ping 2>/dev/null)" = PONG ] && break; sleep 0.1; done
  [ "$(redis-cli -p "$redisport" ping 2>/dev/null)" = PONG ] || { echo "redis-server did not start on :$redisport" >&2; cat "$work/redis.log" >&2; exit 1; }
  psql=( "$bindir/psql" -h 127.0.0.1 -p "$pgport" -U postgres -v ON_ERROR_STOP=1 -q )
  "${psql[@]}" -c "CREATE DATABASE economy_bench"
  pg="Host=127.0.0.1;Port=$pgport;Username=postgres;Database=economy_bench;Maximum Pool Size=64"
  # The economy runs as its own least-privilege role, as deployed; the migrator provisions both service roles.
  login_password=$(head -c 24 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')
  economy_pg="Host=127.0.0.1;Port=$pgport;Username=cortex_economy;Password=$login_password;Database=economy_bench;Maximum Pool Size=64"
  redis="127.0.0.1:$redisport,abortConnect=false"
}

migrate() { # path to Cortex.Migrator.dll
  env ConnectionStrings__economydb="$pg" "ConnectionStrings__economydb-economy=$economy_pg" \
    "ConnectionStrings__economydb-ai=Host=127.0.0.1;Port=$pgport;Username=cortex_ai;Password=$login_password;Database=economy_bench" \
    dotnet "$1" >"$work/migrator.log" 2>&1 || { tail -n 20 "$work/migrator.log"; exit 1; }
}

# Guild 2's 10,000 members, each funded with 1,000,000,000 through the ledger: what the transfer runs move around.
# Seeded with a durable commit: VACUUM can only mark pages all-visible once the inserting commit is flushed (hint
# bits), which synchronous_commit=off delays.
seed_transfer_guild() {
  PGOPTIONS="-c synchronous_commit=on" "${psql[@]}" -d economy_bench -c "
    INSERT INTO economy.users (guild_id, user_id, balance) SELECT 2, u, 1000000000 FROM generate_series(1, 10000) u;
    INSERT INTO economy.transactions (guild_id, to_user_id, amount, type, actor_id) SELECT 2, u, 1000000000, 'admin_add', 1 FROM generate_series(1, 10000) u;"
}

# Cortex.Economy (Release, Production) against the servers, as the harnesses run it: one port for both surfaces, the
# /api rate limit raised so that a load test measures the API rather than refusals (the limiter's script still runs
# on every request), logs to $work/economy-<name>.log. Settings after the name are added last and win.
start_economy() { # port, directory of Cortex.Economy.dll, name, NAME=value ...
  local port=$1 dir=$2 name=$3; shift 3
  env ASPNETCORE_URLS="http://127.0.0.1:$port" ASPNETCORE_ENVIRONMENT=Production \
    ConnectionStrings__economydb="$economy_pg" ConnectionStrings__redis="$redis" Logging__LogLevel__Default=Warning \
    Discord__Token=benchmark-token-never-sent Discord__RestBaseAddress=http://127.0.0.1:9/api/v10/ \
    "Cortex__RateLimiting__Routes__/api__Limit=100000000" Cortex__Surfaces__InternalPort="$port" \
    Cortex__Auth__Keys__bench__Key="$apikey" "Cortex__Auth__Keys__bench__Scopes=economy.read economy.write metrics.read" "$@" \
    dotnet "$dir/Cortex.Economy.dll" >"$work/economy-$name.log" 2>&1 &
  pids+=($!)
}

await_economy() { # port, name
  for _ in $(seq 1 120); do curl -sf -m 2 "http://127.0.0.1:$1/health" >/dev/null && return; sleep 0.5; done
  echo "Cortex.Economy ($2) did not start:"; tail -n 40 "$work/economy-$2.log"; exit 1
}

# How much batching the service did (its own histogram, as the dashboard shows it): transfers per PostgreSQL round trip,
# the mean and the cumulative buckets, since the service started.
batch_sizes() { # port
  { curl -sf -m 5 -H "Authorization: Bearer $apikey" "http://127.0.0.1:$1/metrics" || true; } | awk '
    /^cortex_economy_transfer_batch_size_bucket/ { match($0, /le="[^"]*"/); buckets = buckets " " substr($0, RSTART + 4, RLENGTH - 5) ":" $NF }
    /^cortex_economy_transfer_batch_size_sum/ { sum = $NF }
    /^cortex_economy_transfer_batch_size_count/ { count = $NF }
    END { printf "RESULT transfers per round trip: mean=%.1f round-trips=%d buckets (le:count)%s\n", count ? sum / count : 0, count, buckets }'
}

# Money conservation in guild 2 after the runs: the sum as seeded, no balance below zero.
conservation() {
  "${psql[@]}" -d economy_bench -At -c "SELECT 'RESULT transfers conservation: sum=' || sum(balance + bank) || ' expected=' || 10000::numeric * 1000000000 || ' negative=' || count(*) FILTER (WHERE balance < 0) FROM economy.users WHERE guild_id = 2"
}

# CPU ticks (user + system, 1/100 s) of a process; of PostgreSQL: its live processes plus the exited backends the postmaster reaped.
ticks() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0; }
pg_ticks() {
  local sum=0 p
  for p in $(pgrep -u postgres); do sum=$((sum + $(ticks "$p"))); done
  echo $((sum + $(awk '{print $16 + $17}' "/proc/$(head -n 1 "$work/pg/postmaster.pid")/stat")))
}
