#!/usr/bin/env bash
# Cortex's two commands:
#   ./cortex.sh run    the whole app with the Aspire dashboard (on the emulator when no tokens are set)
#   ./cortex.sh test   the whole test suite; ends with a line "N passed, N failed"
#   ./cortex.sh bench <harness> [args]   one benchmark harness of docs/benchmarks.md, Release build
# Each installs what it needs on Debian/Ubuntu (as root directly, else through sudo).
set -euo pipefail
cd "$(dirname "$0")"

DASHBOARD_URL="http://localhost:15080"

say() { printf '\033[1;36m==>\033[0m %s\n' "$*"; }
die() { printf '\033[1;31mcortex:\033[0m %s\n' "$*" >&2; exit 1; }

# Runs a command as root: directly, through sudo, or not at all (with what to do instead).
as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1; then sudo "$@"
  else return 1
  fi
}

apt_install() {
  local packages=("$@")
  command -v apt-get >/dev/null 2>&1 ||
    die "missing: ${packages[*]}. Install them with your package manager, then run this again."
  say "installing ${packages[*]} (apt-get)"
  if ! { as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${packages[@]}" >/dev/null 2>&1 ||
         { as_root apt-get update -qq >/dev/null 2>&1 &&
           as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${packages[@]}" >/dev/null; }; }; then
    die "could not install ${packages[*]}: run 'sudo apt-get install ${packages[*]}' and try again."
  fi
}

postgres_installed() { ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || command -v postgres >/dev/null 2>&1; }

ensure_dotnet() {
  command -v dotnet >/dev/null 2>&1 ||
    die "the .NET 10 SDK is needed: https://learn.microsoft.com/dotnet/core/install/linux-debian"
  local wanted
  wanted=$(sed -n 's/.*"version": *"\([0-9]*\)\..*/\1/p' global.json)
  dotnet --list-sdks | grep -q "^$wanted\." ||
    die "the .NET $wanted SDK is needed (global.json); found: $(dotnet --list-sdks | tr '\n' ' ')"
}

ensure_runtime_prerequisites() {
  ensure_dotnet
  local missing=()
  command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
  postgres_installed || missing+=(postgresql)
  [ ${#missing[@]} -eq 0 ] || apt_install "${missing[@]}"
}

ensure_test_prerequisites() {
  ensure_runtime_prerequisites
  local missing=()
  command -v node >/dev/null 2>&1 || missing+=(nodejs)
  command -v npm >/dev/null 2>&1 || missing+=(npm)
  command -v chromium >/dev/null 2>&1 || missing+=(chromium)
  command -v jq >/dev/null 2>&1 || missing+=(jq)
  command -v curl >/dev/null 2>&1 || missing+=(curl)
  # tests/fidelity/etf-erlpack: npm builds erlpack's native addon with node-gyp (python3, make, a C++ compiler).
  command -v python3 >/dev/null 2>&1 || missing+=(python3)
  command -v make >/dev/null 2>&1 || missing+=(make)
  command -v g++ >/dev/null 2>&1 || missing+=(g++)
  [ ${#missing[@]} -eq 0 ] || apt_install "${missing[@]}"
}

# Processes this checkout started: services and the AppHost (their command line names the
# checkout) and the local Redis and PostgreSQL (their working directory is under .data/).
cortex_processes() {
  local root=$PWD pid cmd cwd
  for pid in $(ps -eo pid= 2>/dev/null); do
    [ "$pid" = "$$" ] && continue
    cmd=$( { tr '\0' ' ' < "/proc/$pid/cmdline"; } 2>/dev/null) || continue
    cwd=$(readlink "/proc/$pid/cwd" 2>/dev/null || true)
    case "$cmd" in *"$root/Cortex."*|*"$root/.data"*) echo "$pid"; continue ;; esac
    case "$cwd" in "$root/.data"*) echo "$pid" ;; esac
  done
}

# Aspire's orchestrator stops the resources after the AppHost has exited; give it time, then insist.
wait_until_stopped() {
  local waited=0 left
  while left=$(cortex_processes) && [ -n "$left" ]; do
    if [ $waited -eq 0 ]; then say "waiting for $(echo "$left" | wc -l) processes to stop"; fi
    if [ $waited -ge 60 ]; then echo "$left" | xargs -r kill -KILL 2>/dev/null || true; break; fi
    if [ $waited -eq 40 ]; then echo "$left" | xargs -r kill -TERM 2>/dev/null || true; fi
    sleep 0.5; waited=$((waited + 1))
  done
  say "stopped"
}

run() {
  ensure_runtime_prerequisites
  say "building"
  dotnet build Cortex.AppHost -nologo -v quiet -clp:NoSummary >/dev/null || dotnet build Cortex.AppHost -nologo
  local token
  token=$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')
  say "dashboard: $DASHBOARD_URL/login?t=$token"
  say "Ctrl+C stops Cortex and everything it started"
  export ASPIRE_DASHBOARD_FRONTEND_BROWSERTOKEN="$token"
  # The AppHost gets its own process group so that Ctrl+C reaches it once, as SIGTERM, from us.
  setsid dotnet run --project Cortex.AppHost --launch-profile http --no-build -- "$@" &
  local apphost=$!
  trap 'kill -TERM -- "-$apphost" 2>/dev/null || true' INT TERM
  local status=0
  wait "$apphost" || status=$?
  if kill -0 "$apphost" 2>/dev/null; then wait "$apphost" || status=$?; fi
  trap - INT TERM
  wait_until_stopped
  # 130 and 143: interrupted by Ctrl+C or stopped by our SIGTERM, a normal stop.
  case "$status" in 130|143) status=0 ;; esac
  return "$status"
}

# Names each failed test and the start of its message, just above the count line, where CI's
# shortened output still shows them.
print_failures() {
  say "failed:"
  awk '
    /<UnitTestResult / && /outcome="Failed"/ {
      match($0, /testName="[^"]*"/); name = substr($0, RSTART + 10, RLENGTH - 11); want = 1 }
    want && /<Message>/ { msg = $0; sub(/.*<Message>/, "", msg); sub(/<\/Message>.*/, "", msg)
      printf "  %s\n    %s\n", name, substr(msg, 1, 400); want = 0 }' "$1"
}

test_suite() {
  ensure_test_prerequisites
  say "building"
  dotnet build Cortex.sln -nologo -v quiet -clp:NoSummary || die "build failed"
  rm -rf TestResults
  say "testing (integration tests start the whole app on real Redis and PostgreSQL)"
  local status=0
  dotnet test Cortex.Tests --no-build -nologo \
    --logger "trx;LogFileName=results.trx" --logger "console;verbosity=normal" \
    --results-directory TestResults --blame-hang-timeout 10m "$@" || status=$?
  local trx=TestResults/results.trx passed=0 failed=0
  if [ -f "$trx" ]; then
    passed=$(grep -o '<Counters [^>]*' "$trx" | sed -n 's/.* passed="\([0-9]*\)".*/\1/p')
    failed=$(grep -o '<Counters [^>]*' "$trx" | sed -n 's/.* failed="\([0-9]*\)".*/\1/p')
  fi
  if [ "${failed:-0}" != 0 ]; then print_failures "$trx"; fi
  echo "${passed:-0} passed, ${failed:-0} failed"
  if [ "$status" -ne 0 ] || [ "${passed:-0}" -eq 0 ] || [ "${failed:-0}" -ne 0 ]; then exit 1; fi
}

# The harnesses of docs/benchmarks.md on a fresh machine: what they start (redis-server, PostgreSQL and pgbench, wrk,
# Node for the peers, whose npm projects each harness installs itself) is installed first, then the Release build.
bench() {
  [ $# -gt 0 ] || die "usage: ./cortex.sh bench <harness> [args]: harnesses and their arguments are in docs/benchmarks.md (e.g. firehose 100000 5 recorded, gateway-throughput 50000 5 4 as-built, economy 10 all 5)"
  ensure_test_prerequisites
  if [ "$1" = economy ]; then
    command -v wrk >/dev/null 2>&1 || apt_install wrk
    shift
    exec Cortex.Benchmarks/Economy/run-economy-bench.sh "$@"
  fi
  say "building (Release)"
  dotnet build -c Release Cortex.Benchmarks -nologo -v quiet -clp:NoSummary >/dev/null || dotnet build -c Release Cortex.Benchmarks -nologo
  exec dotnet Cortex.Benchmarks/bin/Release/net10.0/Cortex.Benchmarks.dll "$@"
}

case "${1:-}" in
  run) shift; run "$@" ;;
  test) shift; test_suite "$@" ;;
  bench) shift; bench "$@" ;;
  *) echo "usage: ./cortex.sh run | test | bench <harness> [args]" >&2; exit 2 ;;
esac
