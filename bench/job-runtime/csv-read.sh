#!/usr/bin/env bash
# CSV reading speed, before (the hand-written split reader) and after (the datasets module's Jackson
# CSV reader) side by side in one JVM, on a calcloud CSV written by the runtime's generate-data.
# Usage: bench/job-runtime/csv-read.sh [rows=1000000] [repetitions=5]
# (job-runtime's dependencies must be installed: mvn -pl job-runtime -am install -DskipTests)
set -euo pipefail
cd "$(dirname "$0")/../.."
rows="${1:-1000000}"
reps="${2:-5}"
build="${RUNTIME_BUILD_DIR:-/tmp/batchtrain-csv-bench}"
mvn -q -o -B -pl job-runtime install -DskipTests -Druntime.build.dir="$build"
mvn -q -o -B -pl job-runtime dependency:build-classpath -Dmdep.includeScope=test -Druntime.build.dir="$build" \
  -Dmdep.outputFile="$build/bench-classpath.txt"
cp="$build/test-classes:$build/classes:$(cat "$build/bench-classpath.txt")"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
java -cp "$cp" com.batchtrain.runtime.Main generate-data --output "$work/calcloud.csv" --rows "$rows" >/dev/null 2>&1
echo "host: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
java -Xmx4g -cp "$cp" com.batchtrain.runtime.bench.CsvReadBenchmark "$work/calcloud.csv" "$reps" 2>/dev/null
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
