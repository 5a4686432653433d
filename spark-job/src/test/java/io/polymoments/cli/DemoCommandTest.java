package io.polymoments.cli;

import io.polymoments.store.QuadraticTruth;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.polymoments.metrics.ParameterError;
import io.polymoments.ml.QuadraticPushforwardModel;
import io.polymoments.model.QuadraticTransform;
import io.polymoments.model.RadialLaw;
import io.polymoments.spark.SharedSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo end to end through the command line (small n), and the model directories it leaves behind. */
class DemoCommandTest {
    private final SparkSession spark = SharedSpark.session();
    @TempDir
    Path dir;

    private String p(String name) {
        return dir.resolve(name).toString();
    }

    @Test
    void demoFitsTheTruthAndWritesModelAndReport() throws Exception {
        CliInputErrorsTest.Run run = CliInputErrorsTest.run("demo", "--n", "40000", "--sliced-samples", "5000",
                "--out", p("demo"));
        assertEquals(0, run.code(), run.err());
        JsonNode rep = new ObjectMapper().readTree(dir.resolve("demo/report.json").toFile());
        assertEquals(40000, rep.get("settings").get("n").asLong());
        assertEquals("fits", rep.get("goodnessOfFitVerdict").asText());
        // err·√n ≈ 2.7–3.8 for r = 4–8 (docs/quadratic.md §14.3): 0.1 is a generous bound at n = 4e4
        double err = rep.get("parameterError").asDouble();
        assertTrue(err > 0 && err < 0.1, "parameter error " + err);
        assertTrue(rep.get("slicedW1Ratio").asDouble() < 1.5, rep.toString());
        assertTrue(rep.get("evaluation").get("consistent").asBoolean(), rep.toString());

        // the saved model is the fitted one; its error against the truth file, computed here, is the reported one
        QuadraticPushforwardModel model = QuadraticPushforwardModel.load(p("demo/model"));
        assertEquals(4, model.r());
        assertEquals(20, model.d());
        QuadraticTransform truth = QuadraticTruth.fromJson(new ObjectMapper().readTree(
                dir.resolve("demo/truth.json").toFile()), "truth.json").model();
        assertEquals(err, ParameterError.of(model.transformation(), truth).relative(), 1e-9);

        // evaluate reads the model directory directly
        assertEquals(0, CliInputErrorsTest.run("evaluate", "--model", p("demo/model"), "--input", p("demo/heldout"),
                "--sliced-samples", "2000", "--directions", "20", "--report", p("again.json")).code());
        assertTrue(Files.isRegularFile(dir.resolve("again.json")));
        // and refuses a directory that is not a model
        CliInputErrorsTest.Run bad = CliInputErrorsTest.run("evaluate", "--model", p("demo/data"), "--input",
                p("demo/heldout"), "--report", p("bad.json"));
        assertEquals(PolymomentsCli.EXIT_BAD_INPUT, bad.code(), bad.err());
        assertTrue(bad.err().contains("--model"), bad.err());
    }

    @Test
    void rotationInvariantFitIsEvaluatedUnderAMatchingRadialLaw() throws Exception {
        String[] gen = {"generate", "--kind", "radial", "--radial", "mix:0.3,1.7:0.5,0.5", "--r", "3", "--n", "80000",
                "--seed", "11", "--out", p("data")};
        assertEquals(0, CliInputErrorsTest.run(gen).code());
        CliInputErrorsTest.Run fit = CliInputErrorsTest.run("fit", "--input", p("data"), "--model", "quadratic",
                "--input-law", "rotation-invariant", "--out", p("model"));
        assertEquals(0, fit.code(), fit.err());
        CliInputErrorsTest.Run ev = CliInputErrorsTest.run("evaluate", "--model", p("model"), "--input", p("data"),
                "--truth", p("data/_truth.json"), "--sliced-samples", "20000", "--directions", "100", "--report",
                p("r.json"));
        assertEquals(0, ev.code(), ev.err());
        JsonNode r = new ObjectMapper().readTree(dir.resolve("r.json").toFile());
        // the fitted alpha2 > 1 gives a two-point scale mixture with the fitted alpha2, alpha3
        assertTrue(r.get("law").asText().startsWith("mix:"), r.toString());
        assertTrue(r.get("consistent").asBoolean(), r.toString());
        assertTrue(r.get("againstTruth").get("parameterError").asDouble() < 0.1, r.toString());
    }

    @Test
    void matchingRadialLawReproducesAlpha2AndAlpha3() {
        for (String spec : new String[] {"mix:0.3,1.7:0.5,0.5", "mix:0.2,1.0,3.0:0.3,0.5,0.2", "chi:4", "chi:1"}) {
            RadialLaw law = RadialLaw.parse(spec);
            int r = 3;
            double a2 = law.alpha(2, r);
            double a3 = law.alpha(3, r);
            RadialLaw matched = RadialLaw.parse(RadialLaw.matchingSpec(a2, a3, r));
            assertEquals(a2, matched.alpha(2, r), 1e-12 * a2, spec);
            if (a2 > 1) {
                // two-point mixtures match α3 exactly; below α2 = 1 only the chi family is available
                assertEquals(a3, matched.alpha(3, r), 1e-12 * a3, spec);
            }
        }
        assertEquals("gaussian", RadialLaw.matchingSpec(1.0, 1.0, 4));
        assertNull(RadialLaw.matchingSpec(Double.NaN, 1.0, 4));
    }
}
