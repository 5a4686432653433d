package io.polymoments.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.polymoments.datasets.QuadraticSampler;
import io.polymoments.datasets.SampleSetGenerator;
import io.polymoments.datasets.SampleStream;
import io.polymoments.model.QuadraticTransform;
import io.polymoments.spark.SharedSpark;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** fit (from samples and from a sketch) → export --model → sample, through the command line on real Parquet. */
class QuadraticCommandsTest {
    private final SparkSession spark = SharedSpark.session();
    @TempDir
    Path dir;

    private static void ok(String... args) {
        CliInputErrorsTest.Run r = CliInputErrorsTest.run(args);
        assertEquals(0, r.code(), r.err());
    }

    private static String bad(String... args) {
        CliInputErrorsTest.Run r = CliInputErrorsTest.run(args);
        assertEquals(2, r.code(), r.err());
        return r.err();
    }

    private String p(String name) {
        return dir.resolve(name).toString();
    }

    @Test
    void fitExportSampleAndRefitFromTheSketch() throws Exception {
        QuadraticTransform truth = QuadraticTransform.random(2, 8, QuadraticTransform.Structure.RANDOM, 1.0, true, 6);
        SampleSetGenerator.generate(spark, QuadraticSampler.of(truth), new SampleStream(3, 40_000), 2)
                .write().parquet(p("data"));
        ok("fit", "--input", p("data"), "--model", "quadratic", "--out", p("model"), "--report", p("report.json"),
                "--sketch-out", p("sketch"), "--seed", "2");
        ObjectMapper json = new ObjectMapper();
        JsonNode report = json.readTree(dir.resolve("report.json").toFile());
        String html = java.nio.file.Files.readString(dir.resolve("report.html"));
        for (String fig : new String[] {"spectrum.png", "refinement.png", "third-cumulant.png", "qq-1.png",
                "histogram-2.png"}) {
            assertTrue(html.contains("report_figures/" + fig), fig);
            assertTrue(java.nio.file.Files.size(dir.resolve("report_figures").resolve(fig)) > 1000, fig);
        }
        JsonNode diag = report.get("diagnostics");
        assertEquals("affine", diag.get("modelClass").asText());
        assertEquals(2, diag.get("r").asInt());
        assertEquals(40_000, diag.get("n").asLong());
        assertEquals("fits", diag.get("goodnessOfFit").get("verdict").asText());
        JsonNode stage2 = diag.get("refinement").get(1);
        assertEquals(stage2.get("iterations").asInt(), stage2.get("residualsPerIteration").size());
        assertTrue(report.get("pass1Seconds").asDouble() > 0 && diag.get("timingsSeconds").has("refinement"));

        ok("export", "--model", p("model"), "--format", "json", "--out", p("model.json"));
        JsonNode m = json.readTree(dir.resolve("model.json").toFile());
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
        ok("fit", "--sketch", p("sketch"), "--model", "quadratic", "--out", p("model2"), "--seed", "2");
        ok("export", "--model", p("model2"), "--format", "json", "--out", p("model2.json"));
        JsonNode m2 = json.readTree(dir.resolve("model2.json").toFile());
        for (String key : new String[]{"Q", "b", "c"}) {
            assertEquals(m.get(key).toString(), m2.get(key).toString(), key);
        }

        ok("sample", "--model", p("model"), "--n", "5000", "--seed", "4", "--out", p("resampled"));
        assertEquals(5000, spark.read().parquet(p("resampled")).count());
        assertEquals(8, spark.read().parquet(p("resampled")).first().getList(0).size());
    }

    @Test
    void badRequestsExitWithCodeTwoAndSayWhatToDo() {
        QuadraticTransform truth = QuadraticTransform.random(2, 6, QuadraticTransform.Structure.RANDOM, 1.0, false, 2);
        SampleSetGenerator.generate(spark, QuadraticSampler.of(truth), new SampleStream(1, 5_000), 1)
                .write().parquet(p("data"));
        assertTrue(bad("fit", "--input", p("data"), "--model", "cubic", "--out", p("m")).contains("--model quadratic"));
        assertTrue(bad("fit", "--input", p("data"), "--model", "quadratic", "--rank", "two", "--out", p("m"))
                .contains("--rank"));
        assertTrue(bad("fit", "--input", p("data"), "--model", "quadratic", "--affine", "--model-class",
                "homogeneous", "--out", p("m")).contains("contradicts"));
        // r = 4 needs d >= 10 for the rotation-invariant model
        assertTrue(bad("fit", "--input", p("data"), "--model", "quadratic", "--rank", "4", "--input-law",
                "rotation-invariant", "--out", p("m")).contains("d = 6"));
        ok("moments", "--input", p("data"), "--order", "3", "--whiten", "--rank", "2", "--out", p("sketch2"));
        String err = bad("fit", "--sketch", p("sketch2"), "--model", "quadratic", "--out", p("m"));
        assertTrue(err.contains("--rank 3"), err);
        assertTrue(bad("export", "--model", p("nothing"), "--format", "json").contains("does not exist"));
        assertTrue(bad("sample", "--model", p("nothing"), "--n", "10", "--out", p("s")).contains("does not exist"));
    }
}
