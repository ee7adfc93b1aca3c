#!/bin/bash
# Benchmark: what the reference 64-trial GPU sweep costs, naive (on-demand, a whole p3.8xlarge per
# trial, every epoch) versus the defaults (spot, 4 trials per p3.8xlarge, ASHA), through the cost library
# (invoke-jobs com.batchtrain.invoke.cost): the estimate before and the actuals of simulated attempts
# (spot reclaims and retries) after. Prints its inputs and markdown tables for BENCHMARKS.md.
#
# Usage: bench/invoke-jobs/cost.sh [SWEEP_DIR | measure]
#   SWEEP_DIR  a local sweep's results/sweeps/<id>: CPU seconds per epoch from its metrics/epoch-*.json
#   measure    runs examples/calcloud-memory-bin.yaml locally first (a minute or two) and uses that
#   (none)     the seconds per epoch measured for BENCHMARKS.md (built into CostSimulation)
# SKIP_BUILD=1 uses the classes already built (mvn -pl invoke-jobs test-compile).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
if [[ "${SKIP_BUILD:-}" != 1 ]]; then
  mvn -q -B -Dstyle.color=never -pl invoke-jobs -am package -DskipTests >/tmp/bench-invoke-jobs-build.log 2>&1 \
    || { cat /tmp/bench-invoke-jobs-build.log >&2; exit 1; }
fi
arg=${1:-}
if [[ "$arg" == measure ]]; then
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  scripts/invoke-jobs sweep examples/calcloud-memory-bin.yaml --results "$work/results" --work-dir "$work/work" \
    > "$work/sweep.out" 2>&1 || { cat "$work/sweep.out" >&2; exit 1; }
  arg="$work/results/sweeps/$(sed -n 's/^sweep: //p' "$work/sweep.out" | head -n 1)"
fi
t=invoke-jobs/target
java -cp "$t/test-classes:$t/classes:$t/lib/*" com.batchtrain.invoke.bench.CostSimulation ${arg:+"$arg"}
