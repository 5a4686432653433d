package io.polymoments.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.polymoments.spark.SharedSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A raw order-4 pass too large for the JVM is refused with the figures before its Spark job runs. */
class PassMemoryCommandTest {
    private final SparkSession spark = SharedSpark.session();
    @TempDir
    Path dir;

    @Test
    void rawOrderFourInTwoHundredDimensionsIsRefusedBeforeThePass() {
        String data = dir.resolve("data").toString();
        assertEquals(0, CliInputErrorsTest.run("generate", "--kind", "gaussian", "--d", "200", "--n", "60", "--seed",
                "1", "--out", data).code());
        AtomicInteger passJobs = new AtomicInteger();
        SparkListener counter = new SparkListener() {
            @Override
            public void onJobStart(SparkListenerJobStart jobStart) {
                // the listener bus is asynchronous: generate's jobs may still arrive; a pass's label is "pass i/n: …"
                String description = jobStart.properties().getProperty("spark.job.description", "");
                if (description.startsWith("pass ")) {
                    passJobs.incrementAndGet();
                }
            }
        };
        spark.sparkContext().addSparkListener(counter);
        CliInputErrorsTest.Run r;
        try {
            r = CliInputErrorsTest.run("moments", "--input", data, "--order", "4", "--out", dir.resolve("s").toString());
        } finally {
            spark.sparkContext().removeSparkListener(counter);
        }
        // a 1.04 GB sketch, 3.0 GB of dsyrk output per 128-row block: neither this test JVM's heap nor the default
        // spark.driver.maxResultSize (1g) holds it
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("would not fit in memory"), r.err());
        assertTrue(r.err().contains("--driver-memory"), r.err());
        assertTrue(r.err().contains("--conf spark.driver.maxResultSize=2g"), r.err());
        assertTrue(r.err().contains("--whiten"), r.err());
        assertEquals(0, passJobs.get(), "pass jobs started before the refusal");
        assertFalse(Files.exists(dir.resolve("s")));
    }
}
