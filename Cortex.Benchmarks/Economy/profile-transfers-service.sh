#!/usr/bin/env bash
# Where the service's CPU goes in a transfer: Cortex.Economy under wrk's 32 connections (as compare-transfers.sh drives
# it), sampled by perf with its managed frames named. The runtime writes /tmp/perf-<pid>.map (DOTNET_PerfMapEnabled=1),
# and W^X is off (DOTNET_EnableWriteXorExecute=0): with it on, JIT code runs from a double-mapped memfd that perf cannot
# match to the map, which is why the seventh and eighth passes saw no managed frame. Prints, over the middle of the run:
#   - CPU µs per transfer of the service, PostgreSQL and Redis from /proc (perf's own cost included: compare runs of one
#     sitting, not this script's rate with compare-transfers.sh's);
#   - the samples by component: the leaf-most frame that names an assembly other than CoreLib (kernel and native
#     frames under no managed one apart);
#   - the leaf-most Cortex frame of each sample (what Cortex's own methods cost, with the framework they call);
#   - self time by symbol.
#   profile-transfers-service.sh seconds path/to/Cortex.Migrator.dll dir-of-Cortex.Economy.dll [NAME=value ...]
# Run as root; perf (linux-perf) and wrk are installed when missing; needs redis-server, PostgreSQL 15, python3.
set -euo pipefail
seconds=$1; migrator=$2; economy=$3; shift 3
repo=$(cd "$(dirname "$0")/../.." && pwd)
source "$repo/Cortex.Benchmarks/Economy/throwaway-servers.sh"
need wrk wrk; need perf linux-perf
start_throwaway_servers cortex-transfers-svc
migrate "$migrator"
seed_transfer_guild
"${psql[@]}" -d economy_bench -c "VACUUM (ANALYZE) economy.users"
apiport=$(free_port "$pgport" "$redisport")
start_economy "$apiport" "$economy" profile DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0 "$@"
service=${pids[-1]}
await_economy "$apiport" profile

wrk_run() { CORTEX_API_KEY="$apikey" WRK_CONNECTIONS=32 wrk -t 2 -c 32 -d "$1s" -s "$repo/Cortex.Benchmarks/Economy/transfers.lua" "http://127.0.0.1:$apiport" | sed -n 's/.* transfers=\([0-9]*\).*/\1/p'; }
wrk_run "$seconds" >/dev/null   # warm-up: the JIT's tiers settle under the load
pg0=$(pg_ticks); s0=$(ticks "$service"); r0=$(ticks "$redispid")
(sleep $((seconds / 3)); perf record -q -F 1999 -g -p "$service" -o "$work/perf.data" -- sleep $((seconds / 3)) >/dev/null 2>&1) &
n=$(wrk_run "$seconds"); wait $!
pg1=$(pg_ticks); s1=$(ticks "$service"); r1=$(ticks "$redispid")
echo "== $n transfers in ${seconds}s, load $(cut -d' ' -f1 /proc/loadavg); CPU µs per transfer: service $(( (s1 - s0) * 10000 / n )), PostgreSQL $(( (pg1 - pg0) * 10000 / n )), Redis $(( (r1 - r0) * 10000 / n ))"
perf script -i "$work/perf.data" -F ip,sym 2>/dev/null | python3 -c '
import collections, re, sys
samples, stack = [], []
for line in sys.stdin:
    frame = line.strip().split(None, 1)
    if not frame:
        if stack: samples.append(stack)
        stack = []
    else:
        stack.append(frame[1] if len(frame) > 1 else "[unknown]")
if stack: samples.append(stack)
def assembly(frame):
    found = re.search(r"\[([A-Za-z][\w.]+)\] ", frame)
    return found.group(1) if found else None
def method(frame):
    return re.sub(r"\(.*", "", frame).split("] ")[-1]
def table(title, counter, limit):
    print(f"-- {title} ({len(samples)} samples):")
    for name, count in counter.most_common(limit): print(f"{100 * count / len(samples):6.1f} %  {name}")
components, cortex, symbols = collections.Counter(), collections.Counter(), collections.Counter()
for stack in samples:
    named = [a for a in map(assembly, stack) if a and a not in ("System.Private.CoreLib", "System.Runtime")]
    components[named[0] if named else ("(kernel and native, under CoreLib)" if any(map(assembly, stack)) else "(kernel and native only)")] += 1
    cortex[next((method(f) for f in stack if "[Cortex." in f), "(no Cortex frame)")] += 1
    symbols[method(stack[0])] += 1
table("by component, the leaf-most frame naming one", components, 25)
table("by the leaf-most Cortex frame", cortex, 25)
table("self time by symbol", symbols, 25)
'
conservation
