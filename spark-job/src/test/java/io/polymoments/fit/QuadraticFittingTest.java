package io.polymoments.fit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.polymoments.InvalidInputException;
import io.polymoments.datasets.QuadraticSampler;
import io.polymoments.datasets.SampleReader;
import io.polymoments.datasets.SampleSet;
import io.polymoments.datasets.SampleSetGenerator;
import io.polymoments.datasets.SampleStream;
import io.polymoments.family.ModelFamily;
import io.polymoments.generate.Generate;
import io.polymoments.generate.GeneratorKind;
import io.polymoments.model.QuadraticTransform;
import io.polymoments.output.Json;
import io.polymoments.spark.InvalidRowPolicy;
import io.polymoments.spark.SharedSpark;
import io.polymoments.spark.SketchJob;
import io.polymoments.store.SketchStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A quadratic fit from samples (model, report, sketch) and from the stored sketch, on real Parquet. */
class QuadraticFittingTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final SparkSession spark = SharedSpark.session();
    @TempDir
    Path dir;

    private String p(String name) {
        return dir.resolve(name).toString();
    }

    /** The model's parameters as export writes them. */
    private JsonNode export(String model) throws Exception {
        return JSON.readTree(Json.document(ModelFamily.read(spark, model, "--model").exportJson()));
    }

    /** The message of the refusal of {@code fit}. */
    private static String refused(org.junit.jupiter.api.function.Executable fit) {
        return assertThrows(InvalidInputException.class, fit).getMessage();
    }

    @Test
    void fitFromSamplesWithReportAndSketchAndRefitFromTheSketch() throws Exception {
        QuadraticTransform truth = QuadraticTransform.random(2, 8, QuadraticTransform.Structure.RANDOM, 1.0, true, 6);
        SampleSetGenerator.generate(spark, QuadraticSampler.of(truth), new SampleStream(3, 40_000), 2)
                .write().parquet(p("data"));
        Fit.quadratic().seed(2).report(p("report.json")).sketchOut(p("sketch")).fromSamples(spark, p("data"),
                p("model"));
        JsonNode report = JSON.readTree(dir.resolve("report.json").toFile());
        String html = Files.readString(dir.resolve("report.html"));
        for (String fig : new String[] {"spectrum.png", "refinement.png", "third-cumulant.png", "qq-1.png",
                "histogram-2.png"}) {
            assertTrue(html.contains("report_figures/" + fig), fig);
            assertTrue(Files.size(dir.resolve("report_figures").resolve(fig)) > 1000, fig);
        }
        JsonNode diag = report.get("diagnostics");
        assertEquals("affine", diag.get("modelClass").asText());
        assertEquals(2, diag.get("r").asInt());
        assertEquals(40_000, diag.get("n").asLong());
        assertEquals("fits", diag.get("goodnessOfFit").get("verdict").asText());
        JsonNode stage2 = diag.get("refinement").get(1);
        assertEquals(stage2.get("iterations").asInt(), stage2.get("residualsPerIteration").size());
        assertTrue(report.get("pass1Seconds").asDouble() > 0 && diag.get("timingsSeconds").has("refinement"));

        JsonNode m = export(p("model"));
        assertEquals(8, m.get("d").asInt());
        assertEquals(2, m.get("r").asInt());
        assertEquals(8, m.get("Q").size());
        assertEquals(2, m.get("Q").get(7).size());
        assertEquals(2, m.get("Q").get(7).get(1).size());
        assertEquals(m.get("Q").get(3).get(0).get(1).asDouble(), m.get("Q").get(3).get(1).get(0).asDouble(), 0.0);
        assertEquals(8, m.get("b").size());
        assertEquals(8, m.get("c").size());
        assertEquals("fits", m.get("diagnostics").get("goodnessOfFit").get("verdict").asText());

        // the refit from the stored sketch reads no samples and gives the same parameters
        Fit.quadratic().seed(2).fromSketch(spark, p("sketch"), p("model2"));
        JsonNode m2 = export(p("model2"));
        for (String key : new String[]{"Q", "b", "c"}) {
            assertEquals(m.get(key).toString(), m2.get(key).toString(), key);
        }
    }

    @Test
    void settingsTheDataCannotSupportAreRefusedSayingWhatToDo() {
        QuadraticTransform truth = QuadraticTransform.random(2, 6, QuadraticTransform.Structure.RANDOM, 1.0, false, 2);
        SampleSetGenerator.generate(spark, QuadraticSampler.of(truth), new SampleStream(1, 5_000), 1)
                .write().parquet(p("data"));
        // r = 4 needs d >= 10 for the rotation-invariant model
        assertTrue(refused(() -> Fit.quadratic().rank("4").inputLaw("rotation-invariant").fromSamples(spark,
                p("data"), p("m"))).contains("d = 6"));
        SampleSet samples = new SampleReader(spark).read(p("data"), null, SampleSet.COLUMN, List.of(), null);
        new SketchStore(spark).save(new SketchJob(spark).run(samples, 3, true, "2", 20, 0L, InvalidRowPolicy.FAIL)
                .bundle(), p("sketch2"), false);
        String err = refused(() -> Fit.quadratic().fromSketch(spark, p("sketch2"), p("m")));
        assertTrue(err.contains("rank 3"), err);
        assertTrue(!Files.exists(dir.resolve("m")), "no model may be left behind");
    }

    /**
     * Data at 1e-300 (squares underflow to 0): a whitened sketch keeps its units, and the fit from it gives the model
     * in the data's units (the fit from the samples, equal to the last bits).
     */
    @Test
    void aFitFromTheSketchOfTinyDataIsInTheDataUnits() throws Exception {
        Generate.kind(GeneratorKind.QUADRATIC).r(3).n(20000).seed(1).into(spark, p("unit"));
        spark.read().parquet(p("unit")).selectExpr("transform(y, v -> v * double('" + 1e-300 + "')) AS y")
                .write().parquet(p("tiny"));
        SampleSet tiny = new SampleReader(spark).read(p("tiny"), null, SampleSet.COLUMN, List.of(), null);
        new SketchStore(spark).save(new SketchJob(spark).run(tiny, 3, true, "auto", 20, 0L, InvalidRowPolicy.FAIL)
                .bundle(), p("sketch"), false);
        Fit.quadratic().fromSketch(spark, p("sketch"), p("from-sketch"));
        Fit.quadratic().fromSamples(spark, p("tiny"), p("from-samples"));
        JsonNode a = export(p("from-sketch"));
        JsonNode b = export(p("from-samples"));
        assertEquals("fits", b.get("diagnostics").get("goodnessOfFit").get("verdict").asText());
        double largest = 0;
        for (int i = 0; i < 6; i++) {
            for (int k = 0; k < 3; k++) {
                for (int l = 0; l < 3; l++) {
                    double qa = a.get("Q").get(i).get(k).get(l).asDouble();
                    double qb = b.get("Q").get(i).get(k).get(l).asDouble();
                    assertEquals(qb, qa, 1e-9 * 1e-300, "Q_" + i);
                    largest = Math.max(largest, Math.abs(qb));
                }
            }
        }
        assertTrue(largest > 1e-301 && largest < 1e-298, "Q in the data's units: " + largest);
    }
}
