#!/usr/bin/env bash
# Training throughput of the calcloud MLP (samples/s at batch 32/256/1024/4096) next to TF Java's
# dense 2048x2048 float32 matmul GFLOP/s on the same machine, in one JVM run.
# Usage: bench/job-runtime/runtime-throughput.sh [bench options, e.g. --rows 100000 --min-seconds 3]
set -euo pipefail
cd "$(dirname "$0")/../.."
build="${RUNTIME_BUILD_DIR:-/tmp/batchtrain-runtime-bench}"
mvn -q -o -pl job-runtime -am install -DskipTests -Druntime.build.dir="$build" \
  || mvn -q -pl job-runtime -am install -DskipTests -Druntime.build.dir="$build"
mvn -q -o -pl job-runtime dependency:build-classpath -Druntime.build.dir="$build" -Dmdep.outputFile="$build/bench-classpath.txt"
nproc_info="$(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo "host: $nproc_info; load average before: $(cut -d" " -f1-3 /proc/loadavg)"
TF_CPP_MIN_LOG_LEVEL=3 java -cp "$build/classes:$(cat "$build/bench-classpath.txt")" \
  com.batchtrain.runtime.Main bench "$@" 2>/dev/null
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg) (other processes on these cores lower both numbers)"
