# Shared settings of the submit/ scripts. Source it; it defines variables and functions only.
# shellcheck shell=bash

POLYMOMENTS_HOME="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
APP_JAR="$POLYMOMENTS_HOME/spark-job/target/polymoments-app.jar"
SPARK_CLASSPATH_FILE="$POLYMOMENTS_HOME/spark-job/target/spark-classpath.txt"
MAIN_CLASS="io.polymoments.cli.PolymomentsCli"

# Spark 4.1.0's module flags (org.apache.spark.launcher.JavaModuleOptions), needed by every JVM we start ourselves.
# The parent pom.xml holds the same list for the tests; JvmOptionsTest checks that both match Spark's own.
SPARK_JAVA_OPENS="-XX:+IgnoreUnrecognizedVMOptions --add-modules=jdk.incubator.vector --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED --add-opens=java.base/jdk.internal.ref=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/sun.nio.cs=ALL-UNNAMED --add-opens=java.base/sun.security.action=ALL-UNNAMED --add-opens=java.base/sun.util.calendar=ALL-UNNAMED --add-opens=java.security.jgss/sun.security.krb5=ALL-UNNAMED -Djdk.reflect.useDirectMethodHandle=false -Dio.netty.tryReflectionSetAccessible=true -Dio.netty.allocator.type=pooled -Dio.netty.handler.ssl.defaultEndpointVerificationAlgorithm=NONE --enable-native-access=ALL-UNNAMED"

# Spark runs one task per core; a multi-threaded BLAS inside each task would oversubscribe the cores.
export OPENBLAS_NUM_THREADS="${OPENBLAS_NUM_THREADS:-1}"

# Builds the application jar and the Spark classpath list when missing (or when POLYMOMENTS_REBUILD=1).
polymoments_build_if_needed() {
  if [ "${POLYMOMENTS_REBUILD:-0}" = "1" ] || [ ! -f "$APP_JAR" ] || [ ! -f "$SPARK_CLASSPATH_FILE" ]; then
    echo "polymoments: building the application jar (mvn -DskipTests package) ..." >&2
    (cd "$POLYMOMENTS_HOME" && mvn -B -q -DskipTests package) >&2 || {
      echo "polymoments: the build failed; run 'mvn -B -DskipTests package' in $POLYMOMENTS_HOME to see why" >&2
      exit 1
    }
  fi
}

# True when the dynamic linker knows a BLAS that netlib can load. The list is read whole: 'ldconfig -p | grep -q'
# under 'set -o pipefail' fails whenever grep exits at the first match before ldconfig has written everything
# (ldconfig dies of SIGPIPE, 1.5–5% of calls), and then reported a missing BLAS that is installed.
polymoments_native_blas_found() {
  local libs
  libs="$(ldconfig -p 2>/dev/null || true)"
  [[ "$libs" == *libopenblas* || "$libs" == *libblas.so.3* ]]
}

# A one-line hint when no native BLAS/LAPACK is installed (everything still works, 10-30x slower linear algebra).
polymoments_blas_hint() {
  if ! polymoments_native_blas_found; then
    echo "polymoments: hint: no native BLAS found; 'apt-get install libopenblas0-pthread' makes linear algebra 10-30x faster" >&2
  fi
}

# OpenBLAS (0.3.21, Debian 12's, and later releases alike) picks its AVX-512 kernels (SkylakeX, Cooperlake), written
# for Intel, on AMD processors that expose AVX-512 (Zen 4); there 0.3.21 crashed the JVM in dgemm_kernel_COOPERLAKE.
# On such a processor every JVM we start uses the AVX2 kernels instead (the Haswell table: the DGEMM kernel OpenBLAS
# picks on Zen 3; Zen 4 executes AVX-512 as two 256-bit halves, so little speed is lost), unless OPENBLAS_CORETYPE is
# set. Executors on other machines are not covered: their processors are not this one (see README, Native BLAS).
if [ -z "${OPENBLAS_CORETYPE:-}" ] && grep -qs '^vendor_id.*AuthenticAMD' /proc/cpuinfo \
    && grep -qs '^flags.* avx512f' /proc/cpuinfo; then
  export OPENBLAS_CORETYPE=Haswell
  POLYMOMENTS_CORETYPE_PINNED=1
fi
