#!/usr/bin/env bash
# Starts a Spark standalone cluster on 127.0.0.1 from the Maven-resolved Spark jars (spark-job/target/spark-home, not
# $SPARK_HOME): one Master and two Workers, each its own JVM (docs/platform.md §4), and waits until both Workers are
# registered with the Master. Executor logs: <run dir>/work<i>/<app id>/<executor id>/stderr.
#   submit/cluster/up.sh && submit/cluster/submit.sh moments --input data/ --order 3 --whiten --out sketch/
#   submit/cluster/down.sh
# Sized for a 2-core / 24 GiB machine: daemons -Xmx512m, each Worker offers 1 core and 4g (executors of 2g fit).
# Environment (defaults in brackets):
#   POLYMOMENTS_CLUSTER_DIR     run directory: PIDs, ports, logs, work dirs [<repo>/run/cluster]
#   POLYMOMENTS_CLUSTER_PORT    first of 2 + 2*workers consecutive ports [a free block chosen at random]
#   POLYMOMENTS_WORKERS [2]  POLYMOMENTS_WORKER_CORES [1]  POLYMOMENTS_WORKER_MEMORY [4g]  POLYMOMENTS_DAEMON_MEMORY [512m]
#   POLYMOMENTS_CLUSTER_TIMEOUT seconds to wait for the Workers to register [240]
#   POLYMOMENTS_CLUSTER_WATCH_PID  stop the cluster (down.sh) as soon as this process exits (tests use it)
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$HERE/../lib/env.sh"
source "$HERE/../lib/spark-home.sh"
source "$HERE/lib.sh"

WORKERS="${POLYMOMENTS_WORKERS:-2}"
TIMEOUT="${POLYMOMENTS_CLUSTER_TIMEOUT:-240}"
command -v curl > /dev/null || { echo "polymoments cluster: curl is needed to poll the Master's web UI" >&2; exit 1; }

if pid="$(cluster_live_pid "$CLUSTER_DIR/master.pid" "$MASTER_CLASS")" && [ -n "$pid" ]; then
  echo "polymoments cluster: already running in $CLUSTER_DIR (Master PID $pid, $(cat "$CLUSTER_DIR/master.url"));" \
    "stop it with submit/cluster/down.sh" >&2
  exit 1
fi

polymoments_build_if_needed
# Always the jars this build was tested with, whatever SPARK_HOME says (that may be another Spark version).
unset SPARK_HOME SPARK_CONF_DIR
polymoments_use_maven_spark_home
export SPARK_LOCAL_IP=127.0.0.1
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
CP="$SPARK_HOME/conf:$SPARK_HOME/jars/*"
NPORTS=$((2 + 2 * WORKERS))

port_in_use() { (exec 3<> "/dev/tcp/127.0.0.1/$1") 2> /dev/null; }

# A block of NPORTS consecutive ports nobody listens on (several people may run clusters on one machine).
pick_ports() {
  local tries base p busy
  for tries in $(seq 1 50); do
    base=$((20000 + (RANDOM % 4000) * 10))
    busy=0
    for p in $(seq "$base" $((base + NPORTS - 1))); do
      if port_in_use "$p"; then busy=1; break; fi
    done
    if [ "$busy" = 0 ]; then echo "$base"; return 0; fi
  done
  echo "polymoments cluster: found no free block of $NPORTS ports; set POLYMOMENTS_CLUSTER_PORT" >&2
  return 1
}

# Daemon JVM options. spark.port.maxRetries=0: a taken port is an error here, not a silent move to the next port
# (which would be the next daemon's). The REST submission server is off: it would bind 6066 for everybody.
# shellcheck disable=SC2206
DAEMON_JAVA=("$JAVA" -Xmx"${POLYMOMENTS_DAEMON_MEMORY:-512m}" $SPARK_JAVA_OPENS -cp "$CP"
  -Dlog4j2.configurationFile="$HERE/log4j2-daemons.properties"
  -Dspark.port.maxRetries=0 -Dspark.master.rest.enabled=false)

alive_workers() {
  curl -sf --max-time 5 "http://127.0.0.1:$MASTER_UI/json/" 2> /dev/null \
    | grep -Eo '"aliveworkers" *: *[0-9]+' | grep -Eo '[0-9]+$' || echo 0
}

all_alive() {
  local f
  for f in "$CLUSTER_DIR"/master.pid "$CLUSTER_DIR"/worker*.pid; do
    kill -0 "$(cat "$f")" 2> /dev/null || return 1
  done
}

# Starts the daemons detached (setsid: Ctrl-C or a closed terminal does not reach them) and waits until the Workers
# are registered. $! is the JVM's PID: setsid execs without forking as a background job is no group leader.
start_cluster() {
  local base="$1" i
  MASTER_PORT=$base
  MASTER_UI=$((base + 1))
  # only what a previous run of this script left (the run directory may be one the user named)
  rm -rf "$CLUSTER_DIR"/logs "$CLUSTER_DIR"/work[0-9]* "$CLUSTER_DIR"/*.pid "$CLUSTER_DIR/master.url" \
    "$CLUSTER_DIR/cluster.env"
  mkdir -p "$CLUSTER_DIR/logs"
  setsid "${DAEMON_JAVA[@]}" "$MASTER_CLASS" --host 127.0.0.1 --port "$MASTER_PORT" --webui-port "$MASTER_UI" \
    > "$CLUSTER_DIR/logs/master.log" 2>&1 < /dev/null &
  echo $! > "$CLUSTER_DIR/master.pid"
  for i in $(seq 1 "$WORKERS"); do
    mkdir -p "$CLUSTER_DIR/work$i"
    setsid "${DAEMON_JAVA[@]}" "$WORKER_CLASS" --host 127.0.0.1 --port $((base + 2 * i)) --webui-port $((base + 2 * i + 1)) \
      --cores "${POLYMOMENTS_WORKER_CORES:-1}" --memory "${POLYMOMENTS_WORKER_MEMORY:-4g}" \
      --work-dir "$CLUSTER_DIR/work$i" "spark://127.0.0.1:$MASTER_PORT" \
      > "$CLUSTER_DIR/logs/worker$i.log" 2>&1 < /dev/null &
    echo $! > "$CLUSTER_DIR/worker$i.pid"
  done
  echo "spark://127.0.0.1:$MASTER_PORT" > "$CLUSTER_DIR/master.url"
  cat > "$CLUSTER_DIR/cluster.env" << ENV
MASTER_URL=spark://127.0.0.1:$MASTER_PORT
MASTER_WEBUI=http://127.0.0.1:$MASTER_UI
SPARK_HOME=$SPARK_HOME
WORKERS=$WORKERS
TOTAL_CORES=$((WORKERS * ${POLYMOMENTS_WORKER_CORES:-1}))
ENV
  local start=$SECONDS
  while [ $((SECONDS - start)) -lt "$TIMEOUT" ]; do
    if ! all_alive; then
      return 1
    fi
    # Our Master's own log first: only then is it our Master that answers on the web UI port.
    if grep -qs "I have been elected leader" "$CLUSTER_DIR/logs/master.log" \
        && [ "$(alive_workers)" -ge "$WORKERS" ]; then
      echo "polymoments cluster: Master spark://127.0.0.1:$MASTER_PORT (web UI http://127.0.0.1:$MASTER_UI) with" \
        "$WORKERS Workers registered in $((SECONDS - start)) s; run dir $CLUSTER_DIR" >&2
      return 0
    fi
    sleep 1
  done
  echo "polymoments cluster: the Workers did not register within $TIMEOUT s" >&2
  return 2
}

show_logs() {
  local f
  for f in "$CLUSTER_DIR"/logs/*.log; do
    echo "---- $f (last lines)" >&2
    tail -n 15 "$f" >&2
  done
}

attempts=1
if [ -n "${POLYMOMENTS_CLUSTER_PORT:-}" ]; then
  for p in $(seq "$POLYMOMENTS_CLUSTER_PORT" $((POLYMOMENTS_CLUSTER_PORT + NPORTS - 1))); do
    if port_in_use "$p"; then
      echo "polymoments cluster: port $p (of POLYMOMENTS_CLUSTER_PORT=$POLYMOMENTS_CLUSTER_PORT ..+$((NPORTS - 1)))" \
        "is in use; pick another block or leave POLYMOMENTS_CLUSTER_PORT unset for a free one" >&2
      exit 1
    fi
  done
else
  attempts=3
fi
for attempt in $(seq 1 "$attempts"); do
  base="${POLYMOMENTS_CLUSTER_PORT:-$(pick_ports)}"
  status=0
  start_cluster "$base" || status=$?
  if [ "$status" = 0 ]; then
    break
  fi
  bind_clash=0
  if grep -qs "could not bind\|Address already in use\|BindException" "$CLUSTER_DIR"/logs/*.log; then
    bind_clash=1
  fi
  if [ "$bind_clash" = 1 ] && [ "$attempt" -lt "$attempts" ]; then
    echo "polymoments cluster: a port of block $base was taken meanwhile; retrying with another block" >&2
    "$HERE/down.sh" > /dev/null 2>&1 || true
    continue
  fi
  echo "polymoments cluster: startup failed; daemon logs follow" >&2
  show_logs
  "$HERE/down.sh" >&2 || true
  exit 1
done

if [ -n "${POLYMOMENTS_CLUSTER_WATCH_PID:-}" ]; then
  watched="$POLYMOMENTS_CLUSTER_WATCH_PID"
  # The watchdog ends by itself once down.sh has removed master.pid.
  setsid bash -c 'while kill -0 "$1" 2> /dev/null && [ -f "$2/master.pid" ]; do sleep 1; done
                  if [ -f "$2/master.pid" ]; then "$3/down.sh"; fi' watchdog "$watched" "$CLUSTER_DIR" "$HERE" \
    > "$CLUSTER_DIR/logs/watchdog.log" 2>&1 < /dev/null &
  echo $! > "$CLUSTER_DIR/watchdog.pid"
fi
