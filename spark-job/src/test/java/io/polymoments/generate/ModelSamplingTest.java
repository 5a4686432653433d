package io.polymoments.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.polymoments.InvalidInputException;
import io.polymoments.learn.quadratic.ModelClass;
import io.polymoments.ml.LowRankPushforwardModel;
import io.polymoments.ml.QuadraticPushforwardModel;
import io.polymoments.model.ActivationMode;
import io.polymoments.model.LowRankTransform;
import io.polymoments.model.QuadraticTransform;
import io.polymoments.output.OutputKind;
import io.polymoments.output.OutputSet;
import io.polymoments.spark.SharedSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Samples drawn from a stored model of either family: n rows of the model's d outputs. */
class ModelSamplingTest {
    private final SparkSession spark = SharedSpark.session();
    @TempDir
    Path dir;

    private String p(String name) {
        return dir.resolve(name).toString();
    }

    /** Draws n rows from {@code model} into {@code out} as {@code sample} declares them. */
    private void sample(String model, long n, long seed, String out) {
        try (OutputSet outs = OutputSet.builder(spark).input("--model", model)
                .output(Generation.OUT, out, OutputKind.SAMPLES).open()) {
            ModelSampling.write(spark, model, n, seed, null, outs);
        }
    }

    @Test
    void aQuadraticModelGivesNRowsOfItsDOutputs() throws Exception {
        QuadraticPushforwardModel.of(QuadraticTransform.random(2, 8, QuadraticTransform.Structure.RANDOM, 1.0, true, 6),
                ModelClass.AFFINE).write().save(p("model"));
        sample(p("model"), 5000, 4, p("resampled"));
        assertEquals(5000, spark.read().parquet(p("resampled")).count());
        assertEquals(8, spark.read().parquet(p("resampled")).first().getList(0).size());
    }

    @Test
    void aLowRankModelGivesNRowsOfItsDOutputs() throws Exception {
        LowRankPushforwardModel.of(LowRankTransform.random(ActivationMode.KNOWN, new double[] {0, 0, 1}, 3, 3, 6, 0))
                .write().save(p("model"));
        sample(p("model"), 3000, 2, p("resampled"));
        assertEquals(3000, spark.read().parquet(p("resampled")).count());
        assertEquals(6, spark.read().parquet(p("resampled")).first().getList(0).size());
    }

    @Test
    void aModelThatDoesNotExistIsRefused() {
        String m = assertThrows(InvalidInputException.class, () -> sample(p("nothing"), 10, 0, p("s"))).getMessage();
        assertTrue(m.contains("does not exist"), m);
        assertFalse(Files.exists(dir.resolve("s")));
    }
}
