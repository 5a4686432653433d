#!/usr/bin/env bash
# Runs a polymoments command in Spark local mode (local[*]) on this machine, building the jar first if needed.
#   submit/local.sh demo
#   submit/local.sh moments --input data/ --order 3 --whiten --out sketch/
# Environment: POLYMOMENTS_DRIVER_MEMORY (default 6g; also the limit on results collected, since in local mode the
#              tasks run in this JVM and each pass plans its memory first), POLYMOMENTS_MASTER (default local[*]),
#              POLYMOMENTS_REBUILD=1 to force a rebuild, JAVA_HOME to pick the JDK.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/env.sh"

if [ $# -eq 0 ]; then
  echo "usage: submit/local.sh <command> [options]  (e.g. submit/local.sh demo; submit/local.sh --help lists the commands)" >&2
  exit 2
fi

polymoments_build_if_needed
polymoments_blas_hint

JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
export SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-127.0.0.1}"
# shellcheck disable=SC2086
exec "$JAVA" -Xmx"${POLYMOMENTS_DRIVER_MEMORY:-6g}" $SPARK_JAVA_OPENS \
  -Dspark.master="${POLYMOMENTS_MASTER:-local[*]}" \
  -Dspark.driver.host=127.0.0.1 \
  -Dspark.driver.maxResultSize="${POLYMOMENTS_DRIVER_MEMORY:-6g}" \
  -Dspark.ui.showConsoleProgress=true -Djava.awt.headless=true \
  -Dlog4j2.configurationFile="$POLYMOMENTS_HOME/submit/conf/log4j2.properties" \
  -cp "$APP_JAR:$(cat "$SPARK_CLASSPATH_FILE")" \
  "$MAIN_CLASS" "$@"
