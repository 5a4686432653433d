package io.polymoments.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.polymoments.fit.Fit;
import io.polymoments.generate.Generate;
import io.polymoments.generate.GeneratorKind;
import io.polymoments.spark.SharedSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each command end to end as a user runs it: exit code 0 and the summary it prints (the services behind them are
 * tested in their own packages).
 */
class CommandsSmokeTest {
    private static final SparkSession spark = SharedSpark.session();
    /** Samples of y = x'Q x (r = 2, d = 3) and a model fitted to them, which the commands only read. */
    @TempDir
    static Path inputs;
    private static String data;
    private static String model;
    @TempDir
    Path dir;

    @BeforeAll
    static void samplesAndModel() {
        data = Generate.kind(GeneratorKind.QUADRATIC).r(2).n(4000).seed(3)
                .into(spark, inputs.resolve("data").toString());
        model = inputs.resolve("model").toString();
        Fit.quadratic().fromSamples(spark, data, model);
    }

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

    @Test
    void generate() {
        String out = ok("generate", "--kind", "quadratic", "--r", "2", "--n", "4000", "--seed", "3", "--out", p("g"),
                "--truth", p("t.json"));
        assertPrinted(out, "generated 4,000 samples of quadratic in d = 3", "wrote " + p("g") + " (true model: "
                + p("t.json") + ")");
        assertEquals(4000, spark.read().parquet(p("g")).count());
    }

    @Test
    void momentsAndMergeMoments() {
        assertPrinted(ok("moments", "--input", data, "--order", "3", "--whiten", "--out", p("s1")),
                "samples: n = 4,000, d = 3", "whitened to 3 dimensions", "wrote " + p("s1"));
        String more = Generate.kind(GeneratorKind.QUADRATIC).r(2).n(1000).seed(4).into(spark, p("more"));
        ok("moments", "--input", more, "--reference", p("s1"), "--out", p("s2"));
        assertPrinted(ok("merge-moments", "--inputs", p("s1") + "," + p("s2"), "--out", p("merged")),
                "merged 2 sketches: n = 5,000", "wrote " + p("merged"));
    }

    /** fit prints the model, the rank decision, the goodness of fit and where it wrote; sample and export read it. */
    @Test
    void fitSampleAndExport() throws Exception {
        assertPrinted(ok("fit", "--input", data, "--model", "quadratic", "--out", p("m"), "--report", p("r.json")),
                "model: homogeneous quadratic, r = 2 latent variables, d = 3 outputs", "rank decision: ",
                "goodness of fit: fits", "wrote " + p("m") + " and " + p("r.json"));
        assertPrinted(ok("sample", "--model", model, "--n", "1000", "--out", p("s")),
                "wrote 1,000 samples of d = 3", "to " + p("s"));
        // export without --out prints the JSON document, and nothing else
        JsonNode printed = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .readTree(ok("export", "--model", model));
        assertEquals(3, printed.get("d").asInt());
        assertEquals(2, printed.get("r").asInt());
    }

    @Test
    void evaluate() {
        assertPrinted(ok("evaluate", "--model", model, "--input", data, "--sliced-samples", "2000", "--directions",
                "20", "--mixture-max-k", "2", "--report", p("e.json")), "held-out n = 4,000", "sliced W1",
                "against what a Spark user would fit instead", "pushforward (quadratic)",
                "against a Gaussian with the same mean and covariance", "wrote " + p("e.json"));
        assertTrue(Files.isRegularFile(dir.resolve("e.json")) && Files.isRegularFile(dir.resolve("e.html")));
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
