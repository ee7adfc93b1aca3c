#!/bin/sh
# A trainer that follows the command contract (docs/job-contract.md), for the harness's tests:
# validation loss 1/(10 * epoch * lr), one checkpoint per epoch, announced after it is complete.
# Arguments: <learning rate> <epochs>. TRAINER_LOG (outside the harness's directories) records what
# each attempt saw; TRAINER_MODE picks a misbehaviour.
set -eu
lr=$1
epochs=$2
mode=${TRAINER_MODE:-normal}
log=${TRAINER_LOG:-/dev/null}
start=1
if [ -n "${BT_RESUME_FROM:-}" ]; then
  start=$(( $(cat "$BT_RESUME_FROM/epoch") + 1 ))
fi
{
  echo "start $start resume=${BT_RESUME_FROM:-none} checkpoints=$(ls "$BT_CHECKPOINT_DIR" | tr '\n' ' ')"
  echo "argv lr=$lr env lr=$BT_HP_LR env layers=${BT_HP_LAYERS:-} env optimizer=${BT_HP_OPTIMIZER:-} env shuffle=${BT_HP_SHUFFLE:-}"
  echo "file $(cat "$BT_HYPERPARAMETERS_FILE")"
  echo "data $(head -n 1 "$BT_DATA_PATH")"
} >> "$log"

announce() {
  mkdir -p "$BT_CHECKPOINT_DIR/$1"
  echo "$2" > "$BT_CHECKPOINT_DIR/$1/epoch"
  echo "weights of epoch $2" > "$BT_CHECKPOINT_DIR/$1/weights.bin"
  echo "{\"checkpoint\": \"$1\", \"epoch\": $2}" >> "$BT_METRICS_FILE"
}

case "$mode" in
  honour-term) trap 'announce ckpt-term "$e"; echo "term at $e" >> "$log"; exit 0' TERM ;;
  ignore-term) trap 'echo "ignored TERM" >> "$log"' TERM ;;
esac

e=$start
while [ "$e" -le "$epochs" ]; do
  loss=$(awk -v e="$e" -v lr="$lr" 'BEGIN { printf "%.6f", 1 / (10 * e * lr) }')
  metric=val_loss
  [ "$mode" = no-objective ] && metric=loss
  echo "{\"epoch\": $e, \"train_loss\": $loss}" >> "$BT_METRICS_FILE"
  [ "$mode" = malformed ] && echo "progress: epoch $e done {" >> "$BT_METRICS_FILE"
  echo "{\"epoch\": $e, \"$metric\": $loss, \"note\": \"text is ignored\"}" >> "$BT_METRICS_FILE"
  if [ "$mode" = crash-after-2 ] && [ "$e" -eq 3 ] && [ -z "${BT_RESUME_FROM:-}" ]; then
    # Half-written and never announced: killed while saving.
    mkdir -p "$BT_CHECKPOINT_DIR/ckpt-3"
    echo "partial" > "$BT_CHECKPOINT_DIR/ckpt-3/weights.bin"
    exit 75
  fi
  announce "ckpt-$e" "$e"
  if [ "$mode" = honour-term ] || [ "$mode" = ignore-term ]; then
    echo "waiting at $e" >> "$log"
    sleep 30 &
    wait $! || true
    # ignore-term: keep waiting through the signal, as a trainer deaf to it would.
    [ "$mode" = ignore-term ] && sleep 30
  fi
  e=$((e + 1))
done
echo "predictions of lr $lr" > "$BT_OUTPUT_DIR/predictions.txt"
case "$mode" in
  fail) echo "CUDA out of memory (tried to allocate 2.00 GiB)" > "$BT_OUTPUT_DIR/failure"; exit 3 ;;
  bad-data) echo "column 'leaf' is missing" > "$BT_OUTPUT_DIR/failure"; exit 65 ;;
esac
exit 0
