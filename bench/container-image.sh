#!/bin/bash
# Benchmark of the job runtime image (docs/container.md): build time cold / warm / after a
# code-only change, the size of each layer, and the bytes a push uploads for a full image versus a
# code-only change, measured against a local registry (Debian package docker-registry).
#
# Usage: bench/container-image.sh      (env: BENCH_WORK dir, BENCH_REGISTRY_PORT, default 5055)
# Works on a copy of the sources, so the working tree is never modified.
set -euo pipefail
export LC_ALL=C

root=$(cd "$(dirname "$0")/.." && pwd)
work=${BENCH_WORK:-/tmp/batchtrain-bench-container}
port=${BENCH_REGISTRY_PORT:-5055}
registry_bin=${REGISTRY_BIN:-/usr/bin/docker-registry}
[[ -x $registry_bin ]] || { echo "bench: $registry_bin missing (apt-get install docker-registry)" >&2; exit 1; }

rm -rf "$work"
mkdir -p "$work/src"
tar -C "$root" --exclude=./.git --exclude=target --exclude=node_modules --exclude=cdk.out -cf - . | tar -C "$work/src" -xf -
src=$work/src
probe=$src/job-runtime/src/main/java/com/batchtrain/runtime/BenchCodeChange.java

seconds() { # command... -> wall seconds
  local start end
  start=$(date +%s.%N)
  "$@" >"$work/last.log" 2>&1 || { cat "$work/last.log" >&2; exit 1; }
  end=$(date +%s.%N)
  echo "$end - $start" | bc
}
code_change() { # n: writes a different class each time
  printf 'package com.batchtrain.runtime;\n\nfinal class BenchCodeChange {\n  static final int N = %s;\n}\n' "$1" >"$probe"
}
# A private Jib base-image cache, so "cold" really starts from nothing.
mvn_build() { mvn -q -o -f "$src/pom.xml" -pl container -am package -Dmaven.test.skip=true -Djib.baseImageCache="$work/jib-base-cache" "$@"; }
mvn_push() { mvn -q -nsu -f "$src/pom.xml" -pl container -am package -Dmaven.test.skip=true -Djib.baseImageCache="$work/jib-base-cache" \
  -P push -Dimage.tar.phase=none -Djib.allowInsecureRegistries=true -Dimage.name="127.0.0.1:$port/batchtrain/job-runtime:$1"; }

echo "## Build (mvn -pl container -am package, tests skipped; $(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg))"
cold=$(seconds mvn_build)
warm=$(seconds mvn_build)
code_change 1
changed=$(seconds mvn_build)
printf '| build | seconds |\n|---|---|\n| cold (clean copy: compile, base image, all layers) | %.1f |\n| warm (nothing changed) | %.1f |\n| one class added to job-runtime | %.1f |\n\n' "$cold" "$warm" "$changed"

echo "## Layers (target/jib-image.tar)"
layers=$work/layers
mkdir -p "$layers"
tar -C "$layers" -xf "$src/container/target/jib-image.tar"
python3 - "$layers" <<'PY'
import json, os, subprocess, sys
d = sys.argv[1]
m = json.load(open(os.path.join(d, "manifest.json")))[0]
c = json.load(open(os.path.join(d, m["Config"])))
names = [h.get("comment", h.get("created_by")) for h in c["history"] if not h.get("empty_layer")]
print("| layer | compressed MB | uncompressed MB |\n|---|---|---|")
tc = tu = 0
for name, f in zip(names, m["Layers"]):
    p = os.path.join(d, f)
    comp = os.path.getsize(p)
    cat = ["zcat", p] if f.endswith(".gz") else ["cat", p]
    unc = len(subprocess.run(cat, capture_output=True, check=True).stdout)
    tc += comp; tu += unc
    print(f"| {name.split(':')[0]} | {comp/1e6:.3f} | {unc/1e6:.3f} |")
print(f"| **total** | {tc/1e6:.1f} | {tu/1e6:.1f} |\n")
PY

echo "## Push to a local registry (127.0.0.1:$port, docker-registry $($registry_bin --version | awk '{print $3}'))"
cat >"$work/registry.yml" <<YML
version: 0.1
log:
  level: error
storage:
  filesystem:
    rootdirectory: $work/registry
http:
  addr: 127.0.0.1:$port
YML
"$registry_bin" serve "$work/registry.yml" >"$work/registry.log" 2>&1 &
registry_pid=$!
trap 'kill "$registry_pid" 2>/dev/null || true' EXIT
for _ in $(seq 50); do curl -fs "http://127.0.0.1:$port/v2/" >/dev/null 2>&1 && break; sleep 0.2; done
stored() { du -sb "$work/registry/docker/registry/v2/blobs" 2>/dev/null | cut -f1 || echo 0; }

before=$(stored)
code_change 2
full_time=$(seconds mvn_push bench-full)
full_bytes=$(( $(stored) - before ))
before=$(stored)
code_change 3
code_time=$(seconds mvn_push bench-code)
code_bytes=$(( $(stored) - before ))
printf '| push | new bytes stored by the registry | seconds (build + push) |\n|---|---|---|\n'
printf '| full image, empty registry | %s (%.1f MB) | %.1f |\n' "$full_bytes" "$(echo "$full_bytes/1000000" | bc -l)" "$full_time"
printf '| after a code-only change | %s (%.3f MB) | %.1f |\n' "$code_bytes" "$(echo "$code_bytes/1000000" | bc -l)" "$code_time"
