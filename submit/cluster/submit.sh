#!/usr/bin/env bash
# Submits a polymoments command to the cluster of submit/cluster/up.sh (client mode: the driver runs here).
#   submit/cluster/submit.sh <command> [command options] [-- more spark-submit options]
#   submit/cluster/submit.sh moments --input data/ --order 3 --whiten --out sketch/
# Executors of 1 core on every Worker core. Environment (defaults in brackets): POLYMOMENTS_CLUSTER_DIR as for up.sh,
# POLYMOMENTS_DRIVER_MEMORY [1g], POLYMOMENTS_EXECUTOR_MEMORY [2g]. Later options override these defaults.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$HERE/../lib/env.sh"
source "$HERE/lib.sh"

if [ -z "$(cluster_live_pid "$CLUSTER_DIR/master.pid" "$MASTER_CLASS")" ]; then
  echo "polymoments cluster: no cluster is running in $CLUSTER_DIR; start one with submit/cluster/up.sh" >&2
  exit 1
fi
# shellcheck disable=SC1091
. "$CLUSTER_DIR/cluster.env"
export SPARK_HOME SPARK_LOCAL_IP=127.0.0.1

app_args=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do
  app_args+=("$1")
  shift
done
[ $# -gt 0 ] && shift

exec "$HERE/../spark-submit.sh" "${app_args[@]}" -- --master "$MASTER_URL" \
  --conf spark.driver.host=127.0.0.1 --conf spark.driver.bindAddress=127.0.0.1 \
  --driver-memory "${POLYMOMENTS_DRIVER_MEMORY:-1g}" --executor-memory "${POLYMOMENTS_EXECUTOR_MEMORY:-2g}" \
  --executor-cores 1 --total-executor-cores "$TOTAL_CORES" "$@"
