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

/** Evaluation of a low-rank model (truth JSON, data directory or fitted model directory) and a low-rank truth. */
class LowRankEvaluationTest {
    private final SparkSession spark = SharedSpark.session();
    @TempDir
    Path dir;

    private String p(String name) {
        return dir.resolve(name).toString();
    }

    /** The JSON report of evaluating {@code model} on the samples at {@code data} against {@code truth} (or null). */
    private JsonNode evaluate(String model, String data, String truth, String law) throws Exception {
        SampleSet samples = new SampleReader(spark).read(p(data), null, SampleSet.COLUMN, List.of(), null);
        Evaluation.Result e = Evaluation.run(spark, p(model), samples, InvalidRowPolicy.FAIL,
                truth == null ? null : p(truth), law, 5000, 50, 0L);
        return new ObjectMapper().readTree(Json.document(e.json()));
    }

    private void assertRefused(String mustContain, String model, String data, String truth, String law) {
        String m = assertThrows(InvalidInputException.class, () -> evaluate(model, data, truth, law)).getMessage();
        assertTrue(m.contains(mustContain), "message should mention '" + mustContain + "': " + m);
    }

    private void generate(String out, int n, long seed) {
        Generate.kind(GeneratorKind.LOWRANK).n(n).d(5).r(2).m(3).activation("known:0,1").seed(seed)
                .into(spark, p(out));
    }

    @Test
    void truthIsConsistentAndAnotherInstanceIsFlagged() throws Exception {
        generate("data", 40_000, 3);
        JsonNode r = evaluate("data/_truth.json", "data", "data", null);
        assertEquals("lowrank", r.get("family").asText());
        assertEquals(40_000, r.get("n").asLong());
        assertEquals(3, r.get("whitenedDimension").asInt());
        assertTrue(r.get("consistent").asBoolean(), r.toString());
        for (String c : new String[] {"mean", "covariance", "thirdCumulant"}) {
            double ratio = r.get("moments").get(c).get("ratio").asDouble();
            assertTrue(ratio > 0 && ratio < 3, c + ": " + r);
        }
        double sliced = r.get("slicedWasserstein1").get("ratio").asDouble();
        assertTrue(sliced > 0.5 && sliced < 1.5, r.toString());
        JsonNode t = r.get("againstTruth");
        assertTrue(t.get("errW").asDouble() < 1e-9 && t.get("errS").asDouble() < 1e-9, r.toString());
        assertEquals(3, t.get("permutation").size());

        // another instance of the same shape: moments far off, a large parameter error
        generate("other", 2000, 8);
        JsonNode o = evaluate("other", "data", "data/_truth.json", null);
        assertFalse(o.get("consistent").asBoolean(), o.toString());
        assertTrue(o.get("moments").get("covariance").get("ratio").asDouble() > 3, o.toString());
        assertTrue(o.get("againstTruth").get("errW").asDouble() > 0.1, o.toString());
    }

    @Test
    void fittedModelDirectoryIsEvaluatedAgainstTheTruth() throws Exception {
        // the well-conditioned instance of LowRankFittingTest: with r = 2, m = 3 He_2 units exceed the
        // identifiability bound (the fit warns), and there the fitted law matches the data while W may be far from
        // the truth's
        Generate.kind(GeneratorKind.LOWRANK).n(100_000).d(6).r(3).m(3).activation("known:0,1").seed(0)
                .into(spark, p("data"));
        Fit.lowRank().rank("3").activation("known:0,1").restarts(3).fromSamples(spark, p("data"), p("model"));
        JsonNode r = evaluate("model", "data", "data", null);
        assertEquals("lowrank", r.get("family").asText());
        assertTrue(r.get("consistent").asBoolean(), r.toString());
        assertTrue(r.get("slicedWasserstein1").get("ratio").asDouble() < 1.5, r.toString());
        // a fitted model is close to the truth modulo the symmetries, but not exactly it
        double errW = r.get("againstTruth").get("errW").asDouble();
        assertTrue(errW > 1e-6 && errW < 0.3, r.toString());
    }

    @Test
    void misspecifiedActivationIsFlaggedByTheFitAndByEvaluation() throws Exception {
        // odd He_3 units (a symmetric law) fitted as even He_2 units
        Generate.kind(GeneratorKind.LOWRANK).n(40_000).d(5).r(2).m(3).activation("known:0,0,1").seed(4)
                .into(spark, p("data"));
        Fit.lowRank().rank("2").hidden("3").activation("known:0,1").restarts(2).report(p("fit.json"))
                .fromSamples(spark, p("data"), p("model"));
        JsonNode diag = new ObjectMapper().readTree(dir.resolve("fit.json").toFile()).get("diagnostics");
        assertEquals("DOES_NOT_FIT", diag.get("verdict").asText(), diag.toString());
        JsonNode sliced = diag.get("slicedW1");
        assertTrue(sliced.get("ratio").asDouble() > 1.5 && !sliced.get("passes").asBoolean(), sliced.toString());
        JsonNode r = evaluate("model", "data", null, null);
        assertFalse(r.get("consistent").asBoolean(), r.toString());
        assertTrue(r.get("slicedWasserstein1").get("ratio").asDouble() > 1.5, r.toString());
    }

    @Test
    void badInputsAreRefusedSayingWhatIsWrong() {
        generate("data", 2000, 1);
        Generate.kind(GeneratorKind.QUADRATIC).r(2).n(10).seed(2).into(spark, p("quad"));
        assertRefused("--law", "data", "data", null, "gaussian");
        assertRefused("not a low-rank truth", "data", "data", "quad", null);
        assertRefused("is a low-rank model but", "quad", "data", "data", null);
        assertRefused("coordinates", "data", "quad", null, null);
    }
}
