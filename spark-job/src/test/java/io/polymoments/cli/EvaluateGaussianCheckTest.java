package io.polymoments.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.polymoments.spark.SharedSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code evaluate} compares the data with a Gaussian of the same mean and covariance, with and without --model:
 * on a hard instance the random slices sit at the noise floor while W1 along the hidden v is many floors above it;
 * on Gaussian data every direction sits at the floor.
 */
class EvaluateGaussianCheckTest {
    /** Rows of the hard and Gaussian sets (all of them are compared: --sliced-samples N). */
    private static final String N = "200000";

    @TempDir
    Path dir;

    @BeforeAll
    static void spark() {
        SharedSpark.session();
    }

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

    private JsonNode comparison(String report) throws Exception {
        return new ObjectMapper().readTree(dir.resolve(report).toFile()).get("gaussianComparison");
    }

    @Test
    void aHardInstanceIsSeparatedAlongVButNotAlongRandomDirections() throws Exception {
        ok("generate", "--kind", "hard", "--instance", "bounded_k4", "--d", "4", "--n", N, "--seed", "41",
                "--out", p("hard"));
        ok("evaluate", "--input", p("hard"), "--truth", p("hard"), "--sliced-samples", N, "--directions", "50",
                "--report", p("hard.json"));
        JsonNode g = comparison("hard.json");
        assertEquals(200_000, g.get("rows").asInt());
        JsonNode v = g.get("alongTruthDirection");
        // bounded_k4: population W1(f(z), N(0,1)) ≈ 0.048 against a floor of ≈ 0.004 at 2·10⁵ rows
        assertTrue(v.get("ratio").asDouble() > 5, v.toString());
        assertTrue(v.get("separated").asBoolean(), v.toString());
        // E f(z)^6 = 12.59 < 15: the sixth-moment contrast along v is clearly negative
        assertTrue(v.get("sixthMomentZ").asDouble() < -5, v.toString());
        JsonNode random = g.get("randomDirections");
        assertEquals(50, random.get("w1PerDirection").size());
        // the typical random slice is at the floor; in d = 4 a few directions fall near v and lift the mean a bit,
        // not to separation
        assertEquals(1.0, random.get("medianRatio").asDouble(), 0.25, random.toString());
        assertTrue(random.get("ratio").asDouble() < 2.5, random.toString());
        assertFalse(random.get("separated").asBoolean(), random.toString());
        assertTrue(g.get("distinguishable").asBoolean());
        assertTrue(g.get("searchedDirection").get("rows").asInt() == 100_000, "measured on the held-out half");
        // the page and its figure
        assertTrue(Files.readString(dir.resolve("hard.html")).contains("gaussian-w1.png"));
        assertTrue(Files.size(dir.resolve("hard_figures/gaussian-w1.png")) > 1000);
        assertTrue(Files.exists(dir.resolve("hard_figures/gaussian-random-directions.png")));
    }

    @Test
    void gaussianDataSitAtTheFloorEverywhere() throws Exception {
        ok("generate", "--kind", "gaussian", "--d", "4", "--n", N, "--seed", "42", "--out", p("gauss"));
        ok("evaluate", "--input", p("gauss"), "--sliced-samples", N, "--directions", "50", "--report", p("gauss.json"));
        JsonNode g = comparison("gauss.json");
        assertEquals(1.0, g.get("randomDirections").get("ratio").asDouble(), 0.2, g.toString());
        assertEquals(1.0, g.get("randomDirections").get("medianRatio").asDouble(), 0.25, g.toString());
        assertTrue(g.get("randomDirections").get("largestRatio").asDouble() < 3, g.toString());
        assertEquals(1.0, g.get("searchedDirection").get("ratio").asDouble(), 0.6, g.toString());
        assertFalse(g.get("distinguishable").asBoolean(), g.toString());
        assertFalse(g.has("alongTruthDirection"));
    }

    @Test
    void withAModelTheReportHasTheComparisonTooAndBadInputsExitTwo() throws Exception {
        ok("generate", "--kind", "quadratic", "--r", "2", "--n", "20000", "--seed", "43", "--out", p("quad"));
        ok("evaluate", "--model", p("quad/_truth.json"), "--input", p("quad"), "--sliced-samples", "5000",
                "--directions", "20", "--report", p("quad.json"));
        JsonNode report = new ObjectMapper().readTree(dir.resolve("quad.json").toFile());
        assertTrue(report.has("slicedWasserstein1"), "the model's checks are still there");
        JsonNode g = report.get("gaussianComparison");
        // chi-square-like outputs of a quadratic are skewed along almost every direction
        assertTrue(g.get("randomDirections").get("separated").asBoolean(), g.toString());

        ok("generate", "--kind", "hard", "--d", "5", "--n", "1000", "--seed", "44", "--out", p("hard5"));
        bad("not a hard-instance truth", "evaluate", "--input", p("quad"), "--truth", p("quad"),
                "--report", p("x.json"));
        bad("d = 3", "evaluate", "--input", p("quad"), "--truth", p("hard5/_truth.json"), "--report", p("x.json"));
        bad("does not exist", "evaluate", "--input", p("quad"), "--truth", p("nowhere.json"), "--report", p("x.json"));
        bad("--sliced-samples", "evaluate", "--input", p("quad"), "--sliced-samples", "5", "--report", p("x.json"));
        bad("--directions", "evaluate", "--input", p("quad"), "--directions", "0", "--report", p("x.json"));
    }
}
