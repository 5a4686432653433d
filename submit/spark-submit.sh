#!/usr/bin/env bash
# Runs a polymoments command through spark-submit, on any master: local[N], spark://, yarn, k8s://.
#   submit/spark-submit.sh <command> [command options] [-- spark-submit options]
#   submit/spark-submit.sh moments --input data/ --order 3 --whiten --out sketch/ -- --master local[2] --driver-memory 2g
# With an executable $SPARK_HOME/bin/spark-submit (a Spark 4.1 / Scala 2.13 distribution) it hands over to it.
# Otherwise it runs Spark's own launcher on a Spark home made of the Maven-resolved jars (spark-job/target/spark-home,
# SPARK_SCALA_VERSION=2.13), so --master, --driver-memory, --conf and conf/spark-defaults.conf behave as with a
# distribution. Without --master, spark-submit's default applies (local[*]).
# Default added unless you set it: --conf spark.executorEnv.OPENBLAS_NUM_THREADS=1 (one BLAS thread per task), and
# spark.executorEnv.OPENBLAS_CORETYPE when you export OPENBLAS_CORETYPE.
# Environment: SPARK_HOME, POLYMOMENTS_REBUILD=1 to force a rebuild of the jar, JAVA_HOME.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/env.sh"
source "$(dirname "${BASH_SOURCE[0]}")/lib/spark-home.sh"

app_args=()
spark_opts=()
while [ $# -gt 0 ]; do
  if [ "$1" = "--" ]; then
    shift
    spark_opts=("$@")
    break
  fi
  app_args+=("$1")
  shift
done
if [ ${#app_args[@]} -eq 0 ]; then
  sed -n '2,10s/^# \{0,1\}//p' "${BASH_SOURCE[0]}" >&2
  exit 2
fi

polymoments_build_if_needed

distribution=0
if [ -n "${SPARK_HOME:-}" ] && [ -x "$SPARK_HOME/bin/spark-submit" ]; then
  distribution=1
else
  if [ -n "${SPARK_HOME:-}" ] && [ "$SPARK_HOME" != "$MAVEN_SPARK_HOME" ]; then
    echo "polymoments: SPARK_HOME=$SPARK_HOME has no bin/spark-submit; using the Spark jars Maven resolved instead" >&2
  fi
  polymoments_use_maven_spark_home
  polymoments_blas_hint
fi

# Our defaults first, then the user's options (which may override them); the application jar and its arguments last.
submit_args=()
if ! polymoments_spark_property_given spark.executorEnv.OPENBLAS_NUM_THREADS ${spark_opts[@]+"${spark_opts[@]}"}; then
  submit_args+=(--conf spark.executorEnv.OPENBLAS_NUM_THREADS=1)
fi
# A core type the user exported goes to the executors too; the one lib/env.sh pins for this machine's processor does
# not (the executors may run on other processors).
if [ -n "${OPENBLAS_CORETYPE:-}" ] && [ -z "${POLYMOMENTS_CORETYPE_PINNED:-}" ] \
    && ! polymoments_spark_property_given spark.executorEnv.OPENBLAS_CORETYPE ${spark_opts[@]+"${spark_opts[@]}"}; then
  submit_args+=(--conf "spark.executorEnv.OPENBLAS_CORETYPE=$OPENBLAS_CORETYPE")
fi
submit_args+=(${spark_opts[@]+"${spark_opts[@]}"} --class "$MAIN_CLASS" "$APP_JAR" "${app_args[@]}")

if [ "$distribution" = 1 ]; then
  exec "$SPARK_HOME/bin/spark-submit" "${submit_args[@]}"
fi
polymoments_spark_class_exec org.apache.spark.deploy.SparkSubmit "${submit_args[@]}"
