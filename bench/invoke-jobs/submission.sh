#!/bin/bash
# Benchmark: submitting a 1000-trial sweep as ONE Batch array job versus one SubmitJob per trial,
# and reading its state back, with the real SDK client against the loopback Batch test server
# (invoke-jobs test code). Prints API calls and median wall time.
#
# Usage: bench/invoke-jobs/submission.sh [trials=1000] [repetitions=5]
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
mvn -q -B -Dstyle.color=never -pl invoke-jobs -am package -DskipTests >/tmp/bench-invoke-jobs-build.log 2>&1 \
  || { cat /tmp/bench-invoke-jobs-build.log >&2; exit 1; }
t=invoke-jobs/target
java -cp "$t/test-classes:$t/invoke-jobs.jar:$t/lib/*" com.batchtrain.invoke.bench.SubmissionBenchmark "${1:-1000}" "${2:-5}"
