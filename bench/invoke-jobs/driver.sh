#!/bin/bash
# Benchmark: the driver's own overhead over a long method-bayes sweep (the step from a trial's end to
# the next submission, the journal's size per 1000 trials, reading it back on restart), on a local
# file results store and on S3 through S3Proxy on loopback with the real SDK client. The backend is
# a stand-in (invoke-jobs test code) so that only the driver is timed.
#
# Usage: bench/invoke-jobs/driver.sh [trials=1000] [max_parallel=4]
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
mvn -q -B -Dstyle.color=never -pl invoke-jobs -am package -DskipTests >/tmp/bench-driver-build.log 2>&1 \
  || { cat /tmp/bench-driver-build.log >&2; exit 1; }
mvn -q -B -Dstyle.color=never -pl invoke-jobs dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile=/tmp/bench-driver.cp >/tmp/bench-driver-cp.log 2>&1 || { cat /tmp/bench-driver-cp.log >&2; exit 1; }
t=invoke-jobs/target
java -cp "$t/test-classes:$t/classes:$(cat /tmp/bench-driver.cp)" com.batchtrain.invoke.bench.DriverBenchmark "${1:-1000}" "${2:-4}"
