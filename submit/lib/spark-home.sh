# Spark home and launcher helpers of the submit/ scripts. Source it after lib/env.sh; it defines functions only.
# shellcheck shell=bash

# The Spark home built from the Maven-resolved jars: no Spark distribution is needed (docs/platform.md §4-§5).
MAVEN_SPARK_HOME="$POLYMOMENTS_HOME/spark-job/target/spark-home"

# Makes $MAVEN_SPARK_HOME current: jars/ holds a symlink to every jar of spark-classpath.txt (the compile-scope
# classpath Maven resolved for spark-job, our modules excluded), so it costs no copy of Spark's 325 MiB and is rebuilt
# whenever that list changes. conf/ gets our log4j2.properties once; spark-defaults.conf and spark-env.sh placed
# there are the user's and are never touched.
polymoments_build_maven_spark_home() {
  # Several scripts may start at once on a fresh build (e.g. cluster/up.sh and a spark-submit.sh): one builds, the
  # others wait for it and then find the home current.
  mkdir -p "$MAVEN_SPARK_HOME"
  ( flock 9 && polymoments_build_maven_spark_home_locked ) 9>"$MAVEN_SPARK_HOME/.build.lock"
}

polymoments_build_maven_spark_home_locked() {
  local home="$MAVEN_SPARK_HOME" jar
  if [ -f "$home/jars.list" ] && cmp -s "$SPARK_CLASSPATH_FILE" "$home/jars.list"; then
    return 0
  fi
  echo "polymoments: linking the Maven-resolved Spark jars into $home/jars" >&2
  rm -rf "$home/jars.tmp"
  mkdir -p "$home/jars.tmp" "$home/conf"
  tr ':' '\n' < "$SPARK_CLASSPATH_FILE" | while IFS= read -r jar; do
    if [ -n "$jar" ]; then
      if [ ! -f "$jar" ]; then
        echo "polymoments: $jar (listed in $SPARK_CLASSPATH_FILE) is missing; rebuild with POLYMOMENTS_REBUILD=1" >&2
        exit 1
      fi
      ln -s "$jar" "$home/jars.tmp/$(basename "$jar")"
    fi
  done
  rm -rf "$home/jars"
  mv "$home/jars.tmp" "$home/jars"
  if [ ! -f "$home/conf/log4j2.properties" ]; then
    cp "$POLYMOMENTS_HOME/submit/conf/log4j2.properties" "$home/conf/log4j2.properties"
  fi
  cp "$SPARK_CLASSPATH_FILE" "$home/jars.list"
}

# Points SPARK_HOME at the Maven-built Spark home and sets what bin/load-spark-env.sh would: SPARK_SCALA_VERSION
# (without it every executor launch fails with "Cannot find any build directories") and conf/spark-env.sh.
# SPARK_LOCAL_IP defaults to 127.0.0.1: this home serves local mode and the cluster of submit/cluster/ on this
# machine; set SPARK_LOCAL_IP to a reachable address to submit from here to a remote master.
polymoments_use_maven_spark_home() {
  polymoments_build_maven_spark_home
  export SPARK_HOME="$MAVEN_SPARK_HOME"
  export SPARK_SCALA_VERSION=2.13
  export SPARK_CONF_DIR="${SPARK_CONF_DIR:-$SPARK_HOME/conf}"
  export SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-127.0.0.1}"
  if [ -f "$SPARK_CONF_DIR/spark-env.sh" ]; then
    set -a
    # shellcheck disable=SC1091
    . "$SPARK_CONF_DIR/spark-env.sh"
    set +a
  fi
}

# Does what bin/spark-class does: asks Spark's own launcher (org.apache.spark.launcher.Main) for the JVM command of
# CLASS ARGS... (module flags, --driver-memory as -Xmx, spark-defaults.conf, SPARK_SUBMIT_OPTS ...) and execs it.
# The launcher prints an empty line, then the command as NUL-terminated arguments; anything before is a message.
polymoments_spark_class_exec() {
  local java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
  local cmd=() line arg delim=$'\n' started=0
  while IFS= read -r -d "$delim" line; do
    if [ "$started" = 1 ]; then
      cmd+=("$line")
    elif [ -z "$line" ]; then
      started=1
      delim=''
    else
      echo "$line"
    fi
  done < <("$java" -Xmx128m ${SPARK_LAUNCHER_OPTS:-} -cp "$SPARK_HOME/jars/*" org.apache.spark.launcher.Main "$@"; printf '%d\0' $?)
  local n=${#cmd[@]}
  if [ "$n" -eq 0 ]; then
    echo "polymoments: Spark's launcher printed no command" >&2
    exit 1
  fi
  arg="${cmd[$((n - 1))]}"
  if ! [[ "$arg" =~ ^[0-9]+$ ]]; then
    echo "polymoments: Spark's launcher failed: ${cmd[*]}" >&2
    exit 1
  fi
  if [ "$arg" != 0 ]; then
    exit "$arg"
  fi
  exec "${cmd[@]:0:$((n - 1))}"
}

# True when a Spark property is set by the given spark-submit options or by spark-defaults.conf, so our defaults
# never override the user's.
polymoments_spark_property_given() {
  local key="$1" a
  shift
  for a in "$@"; do
    case "$a" in
      "$key"=*) return 0 ;;
    esac
  done
  local defaults="${SPARK_CONF_DIR:-${SPARK_HOME:-/nonexistent}/conf}/spark-defaults.conf"
  [ -f "$defaults" ] && grep -Eq "^[[:space:]]*${key//./\\.}([[:space:]=]|$)" "$defaults"
}
