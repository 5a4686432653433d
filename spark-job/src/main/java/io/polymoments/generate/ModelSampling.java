package io.polymoments.generate;

import io.polymoments.family.FamilyModel;
import io.polymoments.family.ModelFamily;
import io.polymoments.output.Json;
import io.polymoments.output.OutputKind;
import io.polymoments.output.OutputSet;
import io.polymoments.output.TextFiles;
import io.polymoments.store.LowRankTruth;
import io.polymoments.store.QuadraticTruth;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * Samples drawn from a fitted model (either family) as a sample set: Parquet column y, and the model drawn from as
 * its {@code _truth.json} in the form {@code generate} writes, so {@code evaluate --truth} can read it.
 */
public final class ModelSampling {
    private ModelSampling() {}

    /**
     * Writes n rows into {@code outs}' {@link Generation#OUT} and commits; returns what was drawn, e.g.
     * "d = 6 (r = 3, homogeneous)".
     *
     * @param lawSpec the radial law of x for a rotation-invariant quadratic model, or null for Gaussian x
     */
    public static String write(SparkSession spark, String model, long n, long seed, String lawSpec, OutputSet outs) {
        String dir = outs.path(Generation.OUT);
        FamilyModel m = ModelFamily.read(spark, model, "--model");
        m.sample(spark, n, seed, lawSpec).write().parquet(dir);
        Map<String, Object> truth = m.truthJson(seed, lawSpec);
        truth.put("sampledFrom", model);
        try {
            TextFiles.writeText(spark.sparkContext().hadoopConfiguration(), dir + "/" + OutputKind.TRUTH_FILE,
                    Json.document(truth) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the truth of the samples", e);
        }
        outs.commit();
        return m.describe();
    }
}
