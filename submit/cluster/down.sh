#!/usr/bin/env bash
# Stops the cluster of submit/cluster/up.sh: the Workers (and the executors they started), then the Master, by the
# PIDs recorded in its run directory only; SIGTERM first, SIGKILL after 30 s for whatever is left.
# Environment: POLYMOMENTS_CLUSTER_DIR as for up.sh.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$HERE/../lib/env.sh"
source "$HERE/lib.sh"

if [ ! -f "$CLUSTER_DIR/master.pid" ]; then
  echo "polymoments cluster: nothing recorded in $CLUSTER_DIR; no cluster to stop" >&2
  exit 0
fi

daemons=()
executors=()
for f in "$CLUSTER_DIR"/worker*.pid; do
  [ -f "$f" ] || continue
  pid="$(cluster_live_pid "$f" "$WORKER_CLASS")"
  if [ -n "$pid" ]; then
    daemons+=("$pid")
    # A Worker stops its executors on SIGTERM; these are checked afterwards in case one survives.
    for e in $(cluster_executor_pids "$pid"); do executors+=("$e"); done
  fi
done
pid="$(cluster_live_pid "$CLUSTER_DIR/master.pid" "$MASTER_CLASS")"
[ -n "$pid" ] && daemons+=("$pid")

# Sends signal $1 to the PIDs that follow, then waits up to $2 half-seconds for them to exit; prints the survivors.
signal_and_wait() {
  local sig="$1" rounds="$2" v left
  shift 2
  [ $# -eq 0 ] && return 0
  kill "-$sig" "$@" 2> /dev/null || true
  for _ in $(seq 1 "$rounds"); do
    left=()
    for v in "$@"; do kill -0 "$v" 2> /dev/null && left+=("$v"); done
    [ ${#left[@]} -eq 0 ] && return 0
    sleep 0.5
  done
  echo "${left[@]}"
}

left="$(signal_and_wait TERM 60 ${daemons[@]+"${daemons[@]}"})"
alive_executors=()
for e in ${executors[@]+"${executors[@]}"}; do kill -0 "$e" 2> /dev/null && alive_executors+=("$e"); done
left="$left $(signal_and_wait TERM 10 ${alive_executors[@]+"${alive_executors[@]}"})"
# shellcheck disable=SC2086
if [ -n "${left// /}" ]; then
  echo "polymoments cluster: killing PIDs$left that ignored SIGTERM" >&2
  kill -KILL $left 2> /dev/null || true
fi
rm -f "$CLUSTER_DIR"/master.pid "$CLUSTER_DIR"/worker*.pid "$CLUSTER_DIR/master.url" "$CLUSTER_DIR/watchdog.pid"
echo "polymoments cluster: stopped (${#daemons[@]} daemons, ${#executors[@]} executors) in $CLUSTER_DIR" >&2
