#!/usr/bin/env bash
# Storage throughput against S3Proxy on loopback: CRT vs Java-based Transfer Manager, and
# DatasetStager end to end. Usage: bench/storage/run.sh [fileMiB=256] [repetitions=3]
set -euo pipefail
cd "$(dirname "$0")/../.."
mvn -q -pl storage -am install -DskipTests
mvn -q -pl storage dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile=target/bench-classpath.txt
java -cp "storage/target/test-classes:storage/target/classes:$(cat storage/target/bench-classpath.txt)" \
  com.batchtrain.storage.StorageBenchmark "$@" 2>/dev/null
