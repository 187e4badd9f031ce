#!/usr/bin/env bash
# Start-up cost of each tokenizer in fresh processes: median of N runs (default 7).
# usage: Cortex.Benchmarks/Ai/startup.sh [runs]   (after a Release build of Cortex.Benchmarks)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
runs=${1:-7}
bench="$here/../bin/Release/net10.0/Cortex.Benchmarks"
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
for library in sharptoken ml; do
  printf '%s median %s ms\n' "$library" "$(for _ in $(seq "$runs"); do "$bench" tokenizer-startup "$library" | awk '{print $2}'; done | median)"
done
printf 'tiktoken-npm median %s ms\n' "$(for _ in $(seq "$runs"); do node "$here/node/bench.mjs" startup | awk '{print $2}'; done | median)"
