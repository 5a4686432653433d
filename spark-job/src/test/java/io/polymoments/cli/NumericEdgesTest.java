package io.polymoments.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.polymoments.spark.SharedSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line at the edges of what the data can support: too few rows for their width. */
class NumericEdgesTest {
    @TempDir
    Path dir;

    NumericEdgesTest() {
        SharedSpark.session();
    }

    private String p(String name) {
        return dir.resolve(name).toString();
    }

    private static CliInputErrorsTest.Run ok(String... args) {
        CliInputErrorsTest.Run r = CliInputErrorsTest.run(args);
        assertEquals(PolymomentsCli.EXIT_OK, r.code(), r.err());
        return r;
    }

    /**
     * 50 rows of 300 Gaussian columns: the covariance of 50 rows has rank 49 whatever the data. The message must say
     * that n < d and what it means, and name the command line's flags, not the Spark ML params.
     */
    @Test
    void fewerRowsThanColumnsIsSaidPlainlyWithTheCommandLineFlags() {
        ok("generate", "--kind", "gaussian", "--d", "300", "--covariance", "identity", "--n", "50", "--seed", "1",
                "--out", p("wide"));
        CliInputErrorsTest.Run r = CliInputErrorsTest.run("fit", "--input", p("wide"), "--model", "quadratic",
                "--out", p("model"));
        assertEquals(PolymomentsCli.EXIT_BAD_INPUT, r.code(), r.err());
        String msg = r.err();
        assertTrue(msg.contains("n = 50 rows") && msg.contains("d = 300 columns") && msg.contains("n < d"), msg);
        assertTrue(msg.contains("rank at most n - 1 = 49"), msg);
        assertTrue(msg.contains("--rank R") && msg.contains("--model-class"), msg);
        assertTrue(msg.contains("--columns"), msg);
        assertFalse(msg.contains("rank=<r>") || msg.contains("model=<class>"), msg);
        assertFalse(Files.exists(dir.resolve("model")), "no model may be left behind");
    }
}
