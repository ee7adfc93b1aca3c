#!/bin/bash
# Benchmark: local backend parallel efficiency on this machine. Runs the same 4-trial sweep
# (bench/invoke-jobs/parallel.yaml, real job runtime) at --parallel 1 and --parallel 2 and reports
# wall times and efficiency = T(1) / (2 * T(2)). The dataset is generated once, before timing.
#
# Usage: bench/invoke-jobs/local-parallel.sh [max parallel=2]
set -euo pipefail
export LC_ALL=C
root=$(cd "$(dirname "$0")/../.." && pwd)
work=${BENCH_WORK:-/tmp/batchtrain-bench-invoke-jobs}
max=${1:-2}
rm -rf "$work" && mkdir -p "$work"
cli() { "$root/scripts/invoke-jobs" "$@" --results "$work/results" --work-dir "$work/work" --cache-dir "$work/cache"; }
cli --help >/dev/null   # builds if needed, outside the timings
cli sweep "$root/bench/invoke-jobs/parallel.yaml" --dry-run >/dev/null
# Stage the dataset with a 1-trial warm-up sweep (also warms the TF native cache).
sed 's/values: \[0.01, 0.01001, 0.01002, 0.01003\]/value: 0.01/' "$root/bench/invoke-jobs/parallel.yaml" > "$work/warmup.yaml"
cli sweep "$work/warmup.yaml" >/dev/null
echo "cores: $(nproc)  trials: 4  epochs: 3"
printf "%-10s %10s %12s\n" parallel "wall s" efficiency
t1=""
for p in $(seq 1 "$max"); do
  start=$(date +%s.%N)
  cli sweep "$root/bench/invoke-jobs/parallel.yaml" --parallel "$p" > "$work/p$p.log" 2>&1 || { cat "$work/p$p.log"; exit 1; }
  end=$(date +%s.%N)
  wall=$(echo "$end - $start" | bc)
  [[ -z $t1 ]] && t1=$wall
  printf "%-10s %10.1f %12.2f\n" "$p" "$wall" "$(echo "$t1 / ($p * $wall)" | bc -l)"
done
