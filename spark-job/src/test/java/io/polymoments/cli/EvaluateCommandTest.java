package io.polymoments.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.polymoments.spark.SharedSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** generate --kind quadratic|affine|radial and evaluate, through the command line on real files. */
class EvaluateCommandTest {
    private final SparkSession spark = SharedSpark.session();
    @TempDir
    Path dir;

    private String p(String name) {
        return dir.resolve(name).toString();
    }

    private static void ok(String... args) {
        CliInputErrorsTest.Run r = CliInputErrorsTest.run(args);
        assertEquals(0, r.code(), r.err());
    }

    private static void bad(String mustContain, String... args) {
        CliInputErrorsTest.Run r = CliInputErrorsTest.run(args);
        assertEquals(PolymomentsCli.EXIT_BAD_INPUT, r.code(), r.err());
        assertTrue(r.err().contains(mustContain), "message should mention '" + mustContain + "': " + r.err());
    }

    private JsonNode json(String name) throws Exception {
        return new ObjectMapper().readTree(dir.resolve(name).toFile());
    }

    private List<double[]> sortedRows(String path) {
        List<double[]> rows = new ArrayList<>();
        for (Row row : spark.read().parquet(path).collectAsList()) {
            List<Double> l = row.getList(0);
            rows.add(l.stream().mapToDouble(Double::doubleValue).toArray());
        }
        rows.sort(Comparator.comparingDouble((double[] a) -> a[0]).thenComparingDouble(a -> a[1]));
        return rows;
    }

    @Test
    void truthIsConsistentAndHasZeroParameterError() throws Exception {
        ok("generate", "--kind", "affine", "--r", "2", "--n", "60000", "--seed", "5", "--rho", "1", "--out",
                p("data"));
        ok("evaluate", "--model", p("data/_truth.json"), "--input", p("data"), "--truth", p("data/_truth.json"),
                "--sliced-samples", "5000", "--directions", "50", "--report", p("report.json"));
        JsonNode r = json("report.json");
        assertEquals(60000, r.get("n").asLong());
        assertEquals(5, r.get("whitenedDimension").asInt());
        assertTrue(r.get("consistent").asBoolean(), r.toString());
        for (String c : new String[] {"mean", "covariance", "thirdCumulant"}) {
            assertTrue(r.get("moments").get(c).get("ratio").asDouble() < 3, c + ": " + r);
        }
        assertTrue(r.get("againstTruth").get("parameterError").asDouble() < 1e-9, r.toString());
        assertTrue(r.get("slicedWasserstein1").get("ratio").asDouble() < 1.5, r.toString());
    }

    @Test
    void wrongModelIsFlaggedAndTheErrorMeasured() throws Exception {
        ok("generate", "--kind", "radial", "--radial", "mix:0.3,1.7:0.5,0.5", "--r", "3", "--n", "60000", "--seed",
                "6", "--out", p("data"));
        assertEquals("radial", json("data/_truth.json").get("kind").asText());
        // the true map with the wrong input law
        ok("evaluate", "--model", p("data/_truth.json"), "--law", "gaussian", "--input", p("data"),
                "--sliced-samples", "5000", "--directions", "50", "--report", p("gauss.json"));
        JsonNode g = json("gauss.json");
        assertFalse(g.get("consistent").asBoolean(), g.toString());
        assertFalse(g.has("againstTruth"));
        // another instance of the same size: large parameter error, moments far off
        ok("generate", "--kind", "quadratic", "--r", "3", "--n", "10", "--seed", "7", "--out", p("other"));
        ok("evaluate", "--model", p("other/_truth.json"), "--input", p("data"), "--truth", p("data/_truth.json"),
                "--sliced-samples", "5000", "--directions", "50", "--report", p("other.json"));
        JsonNode o = json("other.json");
        assertFalse(o.get("consistent").asBoolean(), o.toString());
        assertTrue(o.get("againstTruth").get("parameterError").asDouble() > 0.3, o.toString());
    }

    @Test
    void badInputsExitWithTwoAndLeaveNoReport() {
        ok("generate", "--kind", "quadratic", "--r", "2", "--n", "2000", "--seed", "8", "--out", p("data"));
        ok("generate", "--kind", "quadratic", "--r", "2", "--d", "4", "--n", "10", "--seed", "9", "--out", p("d4"));
        bad("does not exist", "evaluate", "--model", p("nope.json"), "--input", p("data"), "--report", p("r.json"));
        bad("d = 4 outputs", "evaluate", "--model", p("d4/_truth.json"), "--input", p("data"), "--report", p("r.json"));
        bad("--law", "evaluate", "--model", p("data/_truth.json"), "--law", "cauchy", "--input", p("data"),
                "--report", p("r.json"));
        assertFalse(Files.exists(dir.resolve("r.json")));
        ok("evaluate", "--model", p("data/_truth.json"), "--input", p("data"), "--sliced-samples", "500",
                "--directions", "10", "--report", p("r.json"));
        bad("already exists", "evaluate", "--model", p("data/_truth.json"), "--input", p("data"), "--report",
                p("r.json"));
    }
}
