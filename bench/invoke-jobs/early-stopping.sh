#!/usr/bin/env bash
# Early stopping, measured: the same 32-trial random sweep of the calcloud-memory-bin preset (same
# seed, so the same 32 configurations) with and without ASHA (grace 1, reduction 3, 9 epochs: rungs at
# epochs 1 and 3), on the local backend. Prints the epochs trained (the sum of every trial's history)
# and the best objective of each, side by side, for BENCHMARKS.md. Counts, not seconds: a loaded
# machine changes how long it takes, not what it measures (only the order trials reach a rung in).
#   bench/invoke-jobs/early-stopping.sh [parallel, default 2]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
PARALLEL=${1:-2}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

spec() {
  cat <<YAML
name: $1
preset: calcloud-memory-bin
data: builtin:calcloud
objective: {metric: val_loss, goal: minimize}
method: random
max_trials: 32
seed: 11
retries: 0
timeout: 30m
$2
parameters:
  learning_rate: {min: 0.0001, max: 0.03, distribution: log_uniform}
  hidden_units: {values: [[16], [32, 32], [64, 64]]}
  batch_size: {value: 512}
  epochs: {value: 9}
YAML
}

run() {
  local name=$1 rule=$2
  spec "$name" "$rule" > "$WORK/$name.yaml"
  "$ROOT/scripts/invoke-jobs" sweep "$WORK/$name.yaml" --results "$WORK/results" --work-dir "$WORK/work-$name" \
    --cache-dir "$WORK/cache" --parallel "$PARALLEL" > "$WORK/$name.out" 2>&1 || { cat "$WORK/$name.out"; exit 1; }
  local id; id=$(sed -n 's/^sweep: //p' "$WORK/$name.out" | head -n 1)
  python3 - "$WORK/results/sweeps/$id" "$name" <<'PY'
import json, os, sys
root, name = sys.argv[1], sys.argv[2]
epochs = pruned = 0
best = None
for t in sorted(os.listdir(os.path.join(root, "trials"))):
    d = os.path.join(root, "trials", t)
    m = json.load(open(os.path.join(d, "manifest.json")))
    epochs += len(json.load(open(os.path.join(d, "history.json"))))
    pruned += 1 if m.get("pruned") else 0
    v = m["metrics"]["val_loss"]
    best = v if best is None else min(best, v)
print(f"{name}\t{epochs}\t{pruned}\t{best:.5f}")
PY
}

echo -e "sweep\tepochs trained\tpruned\tbest val_loss"
full=$(run full "")
asha=$(run asha "early_stopping: {method: asha, grace: 1, reduction: 3, max: 9}")
echo "$full"
echo "$asha"
python3 - "$full" "$asha" <<'PY'
import sys
f, a = (line.split("\t") for line in sys.argv[1:])
print(f"epochs: {int(f[1]) / int(a[1]):.2f}x fewer with ASHA; best val_loss {100 * (float(a[3]) - float(f[3])) / float(f[3]):+.2f}% vs the full sweep")
PY
