#!/bin/bash
# Size of the invoke-jobs CLI's distribution (invoke-jobs.jar + invoke-jobs/target/lib, what
# scripts/invoke-jobs runs and a user who only submits to AWS needs) and, for comparison, of the job
# runtime's own (job-runtime/target/lib, which the local backend starts trials from). Builds both
# first (offline, tests skipped), then prints bytes, MiB, jar counts and the largest jars.
#
# Usage: bench/invoke-jobs/distribution-size.sh [largest=10]
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
mvn -q -o -B -Dstyle.color=never -pl job-runtime,invoke-jobs -am package -Dmaven.test.skip=true \
  >/tmp/bench-distribution-build.log 2>&1 || { cat /tmp/bench-distribution-build.log >&2; exit 1; }
n=${1:-10}
report() {
  local name=$1; shift
  local bytes
  bytes=$(du -cb "$@" | tail -1 | cut -f1)
  printf '%s: %d bytes = %.1f MiB in %d files\n' "$name" "$bytes" "$(echo "$bytes / 1048576" | bc -l)" "$#"
  du -b "$@" | sort -rn | head -"$n" | while read -r b f; do
    printf '  %8.2f MiB  %s\n' "$(echo "$b / 1048576" | bc -l)" "$(basename "$f")"
  done
}
report "invoke-jobs (CLI)" invoke-jobs/target/invoke-jobs.jar invoke-jobs/target/lib/*
report "job-runtime (local trials)" job-runtime/target/lib/*
if ls invoke-jobs/target/lib | grep -Eq '^(job-runtime|tensorflow|javacpp)'; then
  echo "FAIL: the CLI's lib holds the runtime or TensorFlow" >&2
  exit 1
fi
