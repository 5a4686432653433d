# Shared by submit/cluster/*.sh: where a cluster's run directory is and how its daemons are recognised.
# shellcheck shell=bash

# One cluster per run directory: PIDs, ports, logs and the Workers' work dirs (executor stdout/stderr) live there.
CLUSTER_DIR="${POLYMOMENTS_CLUSTER_DIR:-$POLYMOMENTS_HOME/run/cluster}"

# Prints the PID recorded in file $1 if that process is alive and is still the Spark daemon class $2 (guards against
# PID reuse); prints nothing otherwise.
cluster_live_pid() {
  local file="$1" class="$2" pid
  [ -f "$file" ] || return 0
  pid="$(cat "$file")"
  [[ "$pid" =~ ^[0-9]+$ ]] || return 0
  # read whole, not piped into 'grep -q': under pipefail an early grep exit would fail the pipeline (SIGPIPE)
  if [ -r "/proc/$pid/cmdline" ] && [[ "$(tr '\0' ' ' < "/proc/$pid/cmdline")" == *"$class"* ]]; then
    echo "$pid"
  fi
}

# The executor JVMs a Worker has started (its children running CoarseGrainedExecutorBackend).
cluster_executor_pids() {
  local worker="$1" child
  for child in $(ps -o pid= --ppid "$worker" 2>/dev/null); do
    if [[ "$(tr '\0' ' ' 2>/dev/null < "/proc/$child/cmdline")" == *CoarseGrainedExecutorBackend* ]]; then
      echo "$child"
    fi
  done
}

MASTER_CLASS=org.apache.spark.deploy.master.Master
WORKER_CLASS=org.apache.spark.deploy.worker.Worker
