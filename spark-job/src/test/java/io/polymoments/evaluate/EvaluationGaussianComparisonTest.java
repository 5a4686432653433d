package io.polymoments.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.polymoments.InvalidInputException;
import io.polymoments.datasets.SampleReader;
import io.polymoments.datasets.SampleSet;
import io.polymoments.generate.Generate;
import io.polymoments.generate.GeneratorKind;
import io.polymoments.output.Json;
import io.polymoments.spark.InvalidRowPolicy;
import io.polymoments.spark.SharedSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Evaluation compares the data with a Gaussian of the same mean and covariance, with and without a model: on a hard
 * instance the random slices sit at the noise floor while W1 along the hidden v is many floors above it; on Gaussian
 * data every direction sits at the floor.
 */
class EvaluationGaussianComparisonTest {
    /** Rows of the hard and Gaussian sets (all of them are compared). */
    private static final int N = 200_000;

    private final SparkSession spark = SharedSpark.session();
    @TempDir
    Path dir;

    private String p(String name) {
        return dir.resolve(name).toString();
    }

    /** Evaluates {@code model} (null: none) on the samples at {@code data} against {@code truth} (null: none). */
    private Evaluation.Result evaluate(String model, String data, String truth, int slicedSamples, int directions) {
        SampleSet samples = new SampleReader(spark).read(p(data), null, SampleSet.COLUMN, List.of(), null);
        return Evaluation.run(spark, model == null ? null : p(model), samples, InvalidRowPolicy.FAIL,
                truth == null ? null : p(truth), null, slicedSamples, directions, 0L);
    }

    private static JsonNode json(Evaluation.Result e) throws Exception {
        return new ObjectMapper().readTree(Json.document(e.json()));
    }

    /** The refusal to evaluate the samples at {@code data} against {@code truth} names the problem. */
    private void assertRefused(String mustContain, String data, String truth) {
        String m = assertThrows(InvalidInputException.class, () -> evaluate(null, data, truth, 50_000, 200))
                .getMessage();
        assertTrue(m.contains(mustContain), "message should mention '" + mustContain + "': " + m);
    }

    @Test
    void aHardInstanceIsSeparatedAlongVButNotAlongRandomDirections() throws Exception {
        Generate.kind(GeneratorKind.HARD).instance("bounded_k4").d(4).n(N).seed(41).into(spark, p("hard"));
        Evaluation.Result e = evaluate(null, "hard", "hard", N, 50);
        JsonNode g = json(e).get("gaussianComparison");
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
        e.html().write(spark.sparkContext().hadoopConfiguration(), p("hard.html"), p("hard_figures"));
        assertTrue(Files.readString(dir.resolve("hard.html")).contains("gaussian-w1.png"));
        assertTrue(Files.size(dir.resolve("hard_figures/gaussian-w1.png")) > 1000);
        assertTrue(Files.exists(dir.resolve("hard_figures/gaussian-random-directions.png")));
    }

    @Test
    void gaussianDataSitAtTheFloorEverywhere() throws Exception {
        Generate.kind(GeneratorKind.GAUSSIAN).d(4).n(N).seed(42).into(spark, p("gauss"));
        JsonNode g = json(evaluate(null, "gauss", null, N, 50)).get("gaussianComparison");
        assertEquals(1.0, g.get("randomDirections").get("ratio").asDouble(), 0.2, g.toString());
        assertEquals(1.0, g.get("randomDirections").get("medianRatio").asDouble(), 0.25, g.toString());
        assertTrue(g.get("randomDirections").get("largestRatio").asDouble() < 3, g.toString());
        assertEquals(1.0, g.get("searchedDirection").get("ratio").asDouble(), 0.6, g.toString());
        assertFalse(g.get("distinguishable").asBoolean(), g.toString());
        assertFalse(g.has("alongTruthDirection"));
    }

    @Test
    void withAModelTheReportHasTheComparisonTooAndBadTruthsAreRefused() throws Exception {
        Generate.kind(GeneratorKind.QUADRATIC).r(2).n(20000).seed(43).into(spark, p("quad"));
        JsonNode report = json(evaluate("quad/_truth.json", "quad", null, 5000, 20));
        assertTrue(report.has("slicedWasserstein1"), "the model's checks are still there");
        JsonNode g = report.get("gaussianComparison");
        // chi-square-like outputs of a quadratic are skewed along almost every direction
        assertTrue(g.get("randomDirections").get("separated").asBoolean(), g.toString());

        Generate.kind(GeneratorKind.HARD).d(5).n(1000).seed(44).into(spark, p("hard5"));
        assertRefused("not a hard-instance truth", "quad", "quad");
        assertRefused("d = 3", "quad", "hard5/_truth.json");
        assertRefused("does not exist", "quad", "nowhere.json");
    }
}
