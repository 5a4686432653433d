package io.polymoments.cli;

import io.polymoments.store.QuadraticTruth;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.polymoments.metrics.ParameterError;
import io.polymoments.ml.QuadraticPushforwardModel;
import io.polymoments.model.QuadraticTransform;
import io.polymoments.spark.SharedSpark;
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
        for (String line : new String[] {"parameter error up to rotation", "sliced W1 / two-sample floor",
                "verdict                        : goodness of fit 'fits'", "wrote " + p("demo")}) {
            assertTrue(run.out().contains(line), "should print '" + line + "': " + run.out());
        }
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
    }
}
