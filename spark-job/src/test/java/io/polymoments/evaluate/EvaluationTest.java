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
import io.polymoments.fit.Fit;
import io.polymoments.generate.Generate;
import io.polymoments.generate.GeneratorKind;
import io.polymoments.output.Json;
import io.polymoments.spark.InvalidRowPolicy;
import io.polymoments.spark.SharedSpark;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Quadratic models and truths (affine, radial) evaluated on generated data, and the inputs evaluation refuses. */
class EvaluationTest {
    private final SparkSession spark = SharedSpark.session();
    @TempDir
    Path dir;

    private String p(String name) {
        return dir.resolve(name).toString();
    }

    /**
     * The JSON report of evaluating {@code model} (null: none) on the samples at {@code data}, against {@code truth}
     * (null: none), with {@code law} (null: the model's own); paths relative to the test's directory.
     */
    private JsonNode evaluate(String model, String data, String truth, String law, int slicedSamples,
                              int directions) throws Exception {
        SampleSet samples = new SampleReader(spark).read(p(data), null, SampleSet.COLUMN, List.of(), null);
        Evaluation.Result e = Evaluation.run(spark, model == null ? null : p(model), samples, InvalidRowPolicy.FAIL,
                truth == null ? null : p(truth), law, slicedSamples, directions, 0L);
        return new ObjectMapper().readTree(Json.document(e.json()));
    }

    /** The refusal to evaluate, with the command line's default row and direction counts, names the problem. */
    private void assertRefused(String mustContain, String model, String data, String truth, String law) {
        String m = assertThrows(InvalidInputException.class, () -> evaluate(model, data, truth, law, 50_000, 200))
                .getMessage();
        assertTrue(m.contains(mustContain), "message should mention '" + mustContain + "': " + m);
    }

    @Test
    void truthIsConsistentAndHasZeroParameterError() throws Exception {
        Generate.kind(GeneratorKind.AFFINE).r(2).n(60000).seed(5).rho(1).into(spark, p("data"));
        JsonNode r = evaluate("data/_truth.json", "data", "data/_truth.json", null, 5000, 50);
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
        Generate.kind(GeneratorKind.RADIAL).radial("mix:0.3,1.7:0.5,0.5").r(3).n(60000).seed(6).into(spark, p("data"));
        // the true map with the wrong input law
        JsonNode g = evaluate("data/_truth.json", "data", null, "gaussian", 5000, 50);
        assertFalse(g.get("consistent").asBoolean(), g.toString());
        assertFalse(g.has("againstTruth"));
        // another instance of the same size: large parameter error, moments far off
        Generate.kind(GeneratorKind.QUADRATIC).r(3).n(10).seed(7).into(spark, p("other"));
        JsonNode o = evaluate("other/_truth.json", "data", "data/_truth.json", null, 5000, 50);
        assertFalse(o.get("consistent").asBoolean(), o.toString());
        assertTrue(o.get("againstTruth").get("parameterError").asDouble() > 0.3, o.toString());
    }

    @Test
    void rotationInvariantFitIsEvaluatedUnderAMatchingRadialLaw() throws Exception {
        Generate.kind(GeneratorKind.RADIAL).radial("mix:0.3,1.7:0.5,0.5").r(3).n(80000).seed(11)
                .into(spark, p("data"));
        Fit.quadratic().inputLaw("rotation-invariant").fromSamples(spark, p("data"), p("model"));
        JsonNode r = evaluate("model", "data", "data/_truth.json", null, 20000, 100);
        // the fitted alpha2 > 1 gives a two-point scale mixture with the fitted alpha2, alpha3
        assertTrue(r.get("law").asText().startsWith("mix:"), r.toString());
        assertTrue(r.get("consistent").asBoolean(), r.toString());
        assertTrue(r.get("againstTruth").get("parameterError").asDouble() < 0.1, r.toString());
    }

    @Test
    void badInputsAreRefusedSayingWhatIsWrong() {
        Generate.kind(GeneratorKind.QUADRATIC).r(2).n(2000).seed(8).into(spark, p("data"));
        Generate.kind(GeneratorKind.QUADRATIC).r(2).d(4).n(10).seed(9).into(spark, p("d4"));
        assertRefused("does not exist", "nope.json", "data", null, null);
        assertRefused("d = 4 outputs", "d4/_truth.json", "data", null, null);
        assertRefused("--law", "data/_truth.json", "data", null, "cauchy");
        // samples without their truth (Spark's readers skip it) are no model
        spark.read().parquet(p("data")).write().parquet(p("rows"));
        assertRefused("--model", "rows", "data", null, null);
    }

    /**
     * Data at 1e-300 (squares underflow to 0): evaluation compares in the data's own units, and refuses with a reason
     * instead of giving NaN, with a model and without.
     */
    @Test
    void dataWhoseSquaresLeaveTheDoubleRangeAreRefused() {
        Generate.kind(GeneratorKind.QUADRATIC).r(3).n(20000).seed(1).into(spark, p("unit"));
        spark.read().parquet(p("unit")).selectExpr("transform(y, v -> v * double('" + 1e-300 + "')) AS y")
                .write().parquet(p("tiny"));
        assertRefused("double range", "unit/_truth.json", "tiny", null, null);
        assertRefused("over- or underflow", null, "tiny", null, null);
    }
}
