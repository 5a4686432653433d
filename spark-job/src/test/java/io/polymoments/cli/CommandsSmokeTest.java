package io.polymoments.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.polymoments.generate.Generate;
import io.polymoments.generate.GeneratorKind;
import io.polymoments.spark.SharedSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each command end to end as a user runs it: exit code 0 and the summary it prints (the services behind them are
 * tested in their own packages).
 */
class CommandsSmokeTest {
    private final SparkSession spark = SharedSpark.session();
    @TempDir
    Path dir;

    private String p(String name) {
        return dir.resolve(name).toString();
    }

    /** Runs a command that must succeed; returns what it printed. */
    private static String ok(String... args) {
        CliInputErrorsTest.Run r = CliInputErrorsTest.run(args);
        assertEquals(PolymomentsCli.EXIT_OK, r.code(), r.err());
        return r.out();
    }

    private static void assertPrinted(String out, String... lines) {
        for (String line : lines) {
            assertTrue(out.contains(line), "should print '" + line + "': " + out);
        }
    }

    /** daily refits with the options of --fit-args, and refuses bad ones before its run starts (nothing logged). */
    @Test
    void daily() throws Exception {
        Generate.kind(GeneratorKind.QUADRATIC).r(2).n(3000).seed(20).into(spark, p("root/dt=2026-06-01"));
        String out = ok("daily", "--date", "2026-06-01", "--input", p("root"), "--state", p("state"), "--fit-args",
                "--model quadratic --rank 2");
        assertPrinted(out, "day 2026-06-01: 3,000 rows", "window 2026-05-03..2026-06-01: 1 days",
                "model: homogeneous quadratic, r = 2", "wrote " + p("state") + "/model");
        CliInputErrorsTest.Run bad = CliInputErrorsTest.run("daily", "--date", "2026-06-01", "--input", p("root"),
                "--state", p("state"), "--fit-args", "--rank 0");
        assertEquals(PolymomentsCli.EXIT_BAD_INPUT, bad.code(), bad.err());
        assertTrue(bad.err().contains("--rank takes"), bad.err());
        assertEquals(1, Files.readAllLines(dir.resolve("state/runs.json")).size());
    }
}
