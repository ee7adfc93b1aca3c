#!/bin/bash
# Benchmark: which sampler `method: bayes` uses. Random search, TPE (independent and multivariate)
# and a GP minimise Branin (2-D) and Hartmann6 (6-D), one trial in flight and four (asynchronous),
# over 20 seeds; prints the median best value after 8/16/32/64 trials as a markdown table, the goal
# check (bayes within 32 trials reaches random's median best of 64) and the time of one proposal
# with 64 and 500 finished trials (invoke-jobs test code: SearchBenchmark).
#
# Usage: bench/invoke-jobs/search.sh [seeds=20]
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
mvn -q -B -Dstyle.color=never -pl invoke-jobs -am package -DskipTests >/tmp/bench-invoke-jobs-build.log 2>&1 \
  || { cat /tmp/bench-invoke-jobs-build.log >&2; exit 1; }
t=invoke-jobs/target
java -cp "$t/test-classes:$t/invoke-jobs.jar:$t/lib/*" com.batchtrain.invoke.bench.SearchBenchmark "${1:-20}"
