#!/bin/sh
# A trainer in POSIX sh and awk (it runs on the job image's busybox too): linear regression of
# memory_gb on total_mb by full-batch gradient descent, following batchtrain's command contract
# (docs/job-contract.md, "Command trainers"): metrics lines, a checkpoint per epoch announced once
# complete, resume from BT_RESUME_FROM, SIGTERM honoured at the next epoch boundary, exit 65 with a
# reason in BT_OUTPUT_DIR/failure when the data lacks a column.
# Usage: train.sh <learning rate> <epochs> <seconds to pause after each epoch>
set -eu
lr=$1
epochs=$2
pause=$3
data=$BT_DATA_PATH
if [ -d "$data" ]; then
  data=$(ls "$data"/*.csv | head -n 1)
fi

w=0
b=0
start=1
if [ -n "${BT_RESUME_FROM:-}" ]; then
  # shellcheck disable=SC1090,SC1091
  . "$BT_RESUME_FROM/model.env"
  start=$((epoch + 1))
  echo "resuming after epoch $epoch from $BT_RESUME_FROM"
fi
stop=0
trap 'stop=1' TERM

e=$start
while [ "$e" -le "$epochs" ]; do
  # Every fifth row is the validation split.
  if ! out=$(awk -F, -v w="$w" -v b="$b" -v lr="$lr" -v target=memory_gb -v feature=total_mb '
      NR == 1 { for (i = 1; i <= NF; i++) { if ($i == target) t = i; if ($i == feature) f = i }
                if (!t || !f) { print "missing column " (t ? feature : target) " in the header"; exit 65 } next }
      NF == 0 { next }
      { x = $f / 1000; err = w * x + b - $t
        if (NR % 5 == 0) { vl += err * err; m++ } else { gw += err * x; gb += err; tl += err * err; n++ } }
      END { if (!n || !m) { print "too few rows"; exit 65 }
            printf "%.10g %.10g %.10g %.10g\n", w - lr * gw / n, b - lr * gb / n, tl / n, vl / m }' "$data"); then
    echo "$data: $out" > "$BT_OUTPUT_DIR/failure"
    exit 65
  fi
  # shellcheck disable=SC2086
  set -- $out
  w=$1 b=$2
  echo "{\"epoch\": $e, \"train_loss\": $3, \"val_loss\": $4}" >> "$BT_METRICS_FILE"
  mkdir -p "$BT_CHECKPOINT_DIR/ckpt-$e"
  printf 'epoch=%s\nw=%s\nb=%s\n' "$e" "$w" "$b" > "$BT_CHECKPOINT_DIR/ckpt-$e/model.env"
  echo "{\"checkpoint\": \"ckpt-$e\", \"epoch\": $e}" >> "$BT_METRICS_FILE"
  echo "epoch $e: train_loss $3 val_loss $4"
  if [ "$pause" != 0 ] && [ "$e" -lt "$epochs" ]; then
    sleep "$pause" &
    wait $! || true
  fi
  if [ "$stop" = 1 ]; then
    echo "SIGTERM: stopping after the announced checkpoint of epoch $e"
    exit 0
  fi
  e=$((e + 1))
done
printf '{"total_mb_per_1000": %s, "bias": %s}\n' "$w" "$b" > "$BT_OUTPUT_DIR/model.json"
