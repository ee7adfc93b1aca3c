#!/usr/bin/env bash
# The GPU proof of issue 11: one command-trainer trial of a small PyTorch model (torch_trainer.py)
# under the harness on a GPU machine, results in a file:// store, killed mid-training (SIGKILL of the
# harness and the trainer, as a lost host) and resumed from its last announced checkpoint.
#
#   bench/gpu/command-trainer-gpu.sh prepare   # here: bench/gpu/target/bundle = jlink'ed JRE + the
#                                              # runtime's jars without TensorFlow's and the CRT's natives
#                                              # (< 64 MiB, what the device tool carries), smoke-tested
#                                              # with the shell example trainer
#   bench/gpu/command-trainer-gpu.sh run       # on the GPU machine (CUDA + PyTorch there, no registry):
#                                              # writes $OUT/gpu-proof.md (or bench/gpu/target/) for BENCHMARKS.md
#
# With the device tool: run(command="bash bench/gpu/command-trainer-gpu.sh run", carry=["bench/gpu/target/bundle.tar.xz"]).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BUNDLE="$ROOT/bench/gpu/target/bundle"
MODULES=java.base,java.logging,java.management,java.naming,java.xml,jdk.unsupported

prepare() {
  local lib="$ROOT/job-runtime/target/lib"
  [ -d "$lib" ] || (cd "$ROOT" && mvn -q -B -o -pl job-contract,storage,datasets,reports,job-runtime -am install -DskipTests)
  rm -rf "$BUNDLE"
  mkdir -p "$BUNDLE/lib"
  jlink --add-modules "$MODULES" --strip-debug --strip-native-debug-symbols objcopy="$(command -v objcopy)" \
    --no-header-files --no-man-pages --compress=2 --output "$BUNDLE/jre"
  # TensorFlow's native (161 MB) and the CRT's (24 MB, S3 only) stay behind: a command trial on file://
  # loads neither (TensorFlow's Java classes stay: picocli reflects over every subcommand's fields).
  find "$lib" -name '*.jar' ! -name 'tensorflow-core-native-*-linux-x86_64*.jar' ! -name 'aws-crt-*.jar' -exec cp {} "$BUNDLE/lib/" \;
  cp "$ROOT/bench/gpu/torch_trainer.py" "$BUNDLE/"
  du -sh "$BUNDLE" "$BUNDLE/jre" "$BUNDLE/lib"
  # Smoke test on this machine: the bundle's own JRE runs the harness with the shell example trainer.
  local work; work=$(mktemp -d)
  printf 'total_mb,memory_gb\n100,1\n200,2\n300,3\n400,4\n500,5\n600,6\n' > "$work/data.csv"
  trial "$work" "[\"sh\", \"$ROOT/examples/shell-trainer/train.sh\", \"{lr}\", \"{epochs}\", \"0\"]" '{"lr": 0.1, "epochs": 3}'
  run_harness "$work" 1 > "$work/log" 2>&1 || { cat "$work/log"; exit 1; }
  test -f "$work/results/sweeps/gpu-proof/trials/t0000/manifest.json"
  echo "bundle smoke test: a shell trainer trial published with the bundle's JRE"
  rm -rf "$work"
  # What the device tool carries (64 MiB with the working tree): one compressed file.
  tar -C "$(dirname "$BUNDLE")" -cJf "$BUNDLE.tar.xz" "$(basename "$BUNDLE")"
  du -sh "$BUNDLE.tar.xz"
}

# trial <dir> <command json> <hyperparameters json>: writes the one-trial trials file.
trial() {
  cat > "$1/trials.json" <<JSON
{"sweepId": "gpu-proof", "dataUri": "file://$1/data.csv", "objective": {"metric": "val_loss", "goal": "minimize"},
 "trainer": {"command": $2}, "trials": [{"trialId": "t0000", "hyperparameters": $3}]}
JSON
}

# run_harness <dir> <attempt>: the runtime's train, as the local backend starts it.
run_harness() {
  env BT_TRIALS_URI="file://$1/trials.json" BT_RESULTS_URI="file://$1/results/" AWS_BATCH_JOB_ARRAY_INDEX=0 \
    AWS_BATCH_JOB_ATTEMPT="$2" BT_CHECKPOINT_ROOT="$1/runs" BT_CACHE_DIR="$1/cache" BT_COMMAND_DIR="$BUNDLE" \
    "$BUNDLE/jre/bin/java" -cp "$BUNDLE/lib/*" com.batchtrain.runtime.Main train
}

run() {
  [ -d "$BUNDLE" ] || tar -C "$(dirname "$BUNDLE")" -xJf "$BUNDLE.tar.xz"
  local out="${OUT:-$ROOT/bench/gpu/target}" work; work=$(mktemp -d)
  mkdir -p "$out"
  printf 'x\n0\n' > "$work/data.csv"   # torch_trainer.py makes its own data on the device
  trial "$work" '["python3", "torch_trainer.py", "{lr}", "{epochs}"]' '{"lr": 0.001, "epochs": 8, "width": 2048}'
  nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader > "$work/gpu.txt" 2>&1 || true
  # Attempt 1: killed with SIGKILL (harness and trainer) once epoch 3 is announced.
  run_harness "$work" 1 > "$work/attempt-1.log" 2>&1 &
  local harness=$! state="$work/runs/gpu-proof/t0000/command/state.json" waited=0
  until grep -q '"name":"ckpt-3"' "$state" 2>/dev/null || [ $waited -ge 600 ] || ! kill -0 "$harness" 2>/dev/null; do
    sleep 0.5; waited=$((waited + 1))
  done
  pkill -KILL -P "$harness" || true
  kill -KILL "$harness" || true
  wait "$harness" || true
  # Attempt 2: the retry restores the newest announced checkpoint and finishes.
  local started; started=$(date +%s)
  run_harness "$work" 2 > "$work/attempt-2.log" 2>&1 || true
  local trial="$work/results/sweeps/gpu-proof/trials/t0000"
  {
    echo "## GPU proof: a PyTorch command trainer under the harness ($(date -u +%F))"
    echo
    echo "Command: \`bench/gpu/command-trainer-gpu.sh run\` (device tool, bundle carried as $(du -sh "$BUNDLE.tar.xz" 2>/dev/null | cut -f1 || echo "a directory"))."
    echo
    echo "- GPU (nvidia-smi): $(cat "$work/gpu.txt")"
    echo "- trainer saw: $(cat "$trial/output/device.json" 2>/dev/null || echo 'no device.json (trial not published)')"
    echo "- attempt 1: killed with SIGKILL after announcing: $(grep -o '"name":"ckpt-[0-9]*"' "$state" | tr '\n' ' ')"
    echo "- attempt 2: $(grep -o 'resuming after epoch [0-9]* from [^"]*' "$work/attempt-2.log" | head -1) ($(( $(date +%s) - started )) s)"
    echo "- published: $( [ -f "$trial/manifest.json" ] && echo "manifest with $(grep -c '"path"' "$trial/manifest.json") files" || echo 'NO manifest')"
    echo "- epochs and seconds per epoch (history.json):"
    echo
    echo '```'
    python3 - "$trial/history.json" <<'PY' || echo "no history"
import json, sys
for e in json.load(open(sys.argv[1])):
    m = e["metrics"]
    print(f"epoch {e['epoch']}: val_loss {m.get('val_loss', float('nan')):.5f}  {m.get('epoch_seconds', float('nan')):.2f} s")
PY
    echo '```'
  } > "$out/gpu-proof.md"
  cp "$work"/attempt-*.log "$out/" || true
  cat "$out/gpu-proof.md"
}

case "${1:-}" in
  prepare) prepare ;;
  run) run ;;
  *) echo "usage: $0 prepare|run" >&2; exit 64 ;;
esac
