package io.polymoments.cli;

import io.polymoments.InvalidInputException;
import io.polymoments.linalg.NetlibProvider;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The job's SparkSession: the master comes from spark-submit or submit/local.sh, never from the code. */
final class Sessions {
    private static final Logger LOG = LoggerFactory.getLogger(Sessions.class);

    private Sessions() {}

    static SparkSession get(String command) {
        if (SparkSession.getActiveSession().isDefined()) {
            return SparkSession.getActiveSession().get();
        }
        if (SparkSession.getDefaultSession().isDefined()) {
            return SparkSession.getDefaultSession().get();
        }
        SparkConf conf = new SparkConf();
        if (!conf.contains("spark.master")) {
            throw new InvalidInputException("no Spark master is set: run through submit/local.sh (local mode) or"
                    + " submit/spark-submit.sh (a cluster), or pass -Dspark.master=local[*] to java");
        }
        SparkSession spark = SparkSession.builder().appName("polymoments " + command).getOrCreate();
        LOG.info("Spark {} master={} ; {}", spark.version(), spark.sparkContext().master(), NetlibProvider.describe());
        String hint = NetlibProvider.nativeHint();
        if (hint != null) {
            LOG.warn(hint);
        }
        return spark;
    }
}
