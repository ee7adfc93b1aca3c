#!/bin/sh
# Entry point of the job runtime image. It checks what a job needs from its container before
# the JVM starts (a failure here costs seconds, not a TensorFlow start-up), then execs java so the
# JVM becomes PID 1 and receives SIGTERM from `docker stop` / a Batch spot reclaim directly.
#
# Exit codes follow the job contract (docs/job-contract.md): EX_BAD_INPUT for a job definition
# that cannot work (retrying does not help), EX_TRANSIENT for a host problem (a retry may land on a
# healthy host). Those names, and the mounts each command needs, come from contract.sh, which the
# build renders from the job-contract module: this script holds no copy of them.
#
# Environment (all optional):
#   BT_TMP_DIR            writable scratch dir: java.io.tmpdir, JavaCPP's native cache (default /tmp)
#   BT_JAVA_MAX_RAM_PERCENTAGE  heap share of the container memory limit (default 50: TensorFlow
#                         tensors live outside the heap)
#   JAVA_OPTS             extra JVM options, appended last so they win
#   JAVA_HOME             set by the image: the JVM to exec is $JAVA_HOME/bin/java (else java on PATH)
#   BATCHTRAIN_IMAGE_VARIANT  set by the image: "gpu" requires a visible GPU
set -eu

. "${0%/*}/contract.sh"

fail() {
  code=$1
  shift
  echo "entrypoint: $*" >&2
  exit "$code"
}

is_mount_point() {
  # Field 5 of mountinfo is the mount point; /proc is mounted in every container runtime.
  awk -v dir="$1" '$5 == dir { found = 1 } END { exit !found }' /proc/self/mountinfo
}

tmp_dir=${BT_TMP_DIR:-/tmp}
mkdir -p "$tmp_dir" 2>/dev/null || true
# mktemp, not a name from $$: the shell is PID 1 in every container.
if ! probe=$(mktemp "$tmp_dir/.entrypoint-probe-XXXXXX" 2>/dev/null); then
  fail $EX_BAD_INPUT "scratch dir $tmp_dir is not writable by uid $(id -u); mount a volume there or set BT_TMP_DIR"
fi
rm -f "$probe"
native_cache="$tmp_dir/javacpp-cache"
mkdir -p "$native_cache"
# Native libraries (Fontconfig's cache, for one) write below $HOME; uid 1000 may have none.
if ! { [ -n "${HOME:-}" ] && [ -d "$HOME" ] && [ -w "$HOME" ]; }; then
  export HOME="$tmp_dir"
fi

if [ "${BATCHTRAIN_IMAGE_VARIANT:-cpu}" = gpu ]; then
  command -v nvidia-smi >/dev/null 2>&1 \
    || fail $EX_TRANSIENT "GPU image but nvidia-smi is absent: the NVIDIA container runtime did not expose a GPU"
  gpus=$(nvidia-smi -L 2>&1) || fail $EX_TRANSIENT "nvidia-smi failed: $gpus"
  echo "$gpus" | grep -q '^GPU ' || fail $EX_TRANSIENT "no GPU visible (NVIDIA_VISIBLE_DEVICES=${NVIDIA_VISIBLE_DEVICES:-unset})"
  echo "entrypoint: $gpus" >&2
else
  # ECS sets NVIDIA_VISIBLE_DEVICES to the GPUs it assigned; this image cannot use them.
  case ${NVIDIA_VISIBLE_DEVICES:-none} in
    none|void|"") ;;
    *) echo "entrypoint: WARNING: GPUs assigned ($NVIDIA_VISIBLE_DEVICES) but this is the CPU image: training runs on CPU; use the -gpu image" >&2 ;;
  esac
fi

# On Batch the data cache and the trial's checkpoints are EFS mounts; the command (the job
# definition's command, $1) says which ones it needs. A missing mount would silently put
# checkpoints on the container's disk and lose them on retry.
eval "batch_job_id=\${$BT_BATCH_JOB_ID_VAR:-}"
if [ -n "$batch_job_id" ]; then
  while read -r variable default mode role; do
    [ -n "$variable" ] || continue
    eval "dir=\${$variable:-$default}"
    is_mount_point "$dir" || fail $EX_BAD_INPUT "$dir ($role) is not a mount: the job definition lacks the EFS volume the '${1:-}' command needs"
    if [ "$mode" = rw ]; then
      # A unique name: containers of one sweep share this volume, and $$ is 1 in each of them (two
      # trials starting together removed each other's probe, and one exited 1).
      probe=$(mktemp "$dir/.entrypoint-probe-XXXXXX" 2>/dev/null) \
        || fail $EX_BAD_INPUT "$dir is not writable by uid $(id -u):$(id -g); the EFS access point must own it as that uid"
      rm -f "$probe"
    fi
  done <<MOUNTS
$(bt_command_mounts "${1:-}")
MOUNTS
fi

# The trial's vCPU reservation, when the job says it, is what the JVM sizes its GC and common pools
# by: ECS gives CPU shares, not a limit, so the JVM would otherwise count every core of the host.
# A malformed value is left to the runtime, which rejects it naming the variable.
eval "vcpus=\${$BT_VCPUS_VAR:-}"
processors=
case $vcpus in
  ''|*[!0-9]*) ;;
  *) [ "$vcpus" -ge 1 ] && processors="-XX:ActiveProcessorCount=$vcpus" ;;
esac

# The image's own JVM: JAVA_HOME's, which a trainer image (the harness on the user's base) sets to
# its /opt/java so that the base's PATH, which the user's command needs, stays as it is; else the
# java on PATH.
java=${JAVA_HOME:+$JAVA_HOME/bin/java}
[ -n "$java" ] && [ -x "$java" ] || java=java

# The program the command runs: the contract names it for each job command (the invoke-jobs CLI for
# `drive`, the job runtime for `train` and `stage`); any other word (`--help`, `generate-data`) is
# the image's own main class, which Jib writes next to the application with the classpath.
main=$(bt_command_main "${1:-}")
[ -n "$main" ] || main=$(cat /app/jib-main-class-file)

# JAVA_OPTS is split into words on purpose (several options in one variable, as the job definition
# passes them).
exec "$java" \
  -XX:MaxRAMPercentage="${BT_JAVA_MAX_RAM_PERCENTAGE:-50}" \
  -XX:+ExitOnOutOfMemoryError \
  -Djava.io.tmpdir="$tmp_dir" \
  -Duser.home="$HOME" \
  -Dorg.bytedeco.javacpp.cachedir="$native_cache" \
  $processors \
  ${JAVA_OPTS:-} \
  -cp @/app/jib-classpath-file \
  "$main" \
  "$@"
