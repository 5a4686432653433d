package io.polymoments.generate;

import io.polymoments.InvalidInputException;
import io.polymoments.ml.LowRankPushforwardModel;
import io.polymoments.ml.QuadraticPushforwardModel;
import io.polymoments.output.Json;
import io.polymoments.output.OutputKind;
import io.polymoments.output.OutputSet;
import io.polymoments.output.TextFiles;
import io.polymoments.store.LowRankTruth;
import io.polymoments.store.QuadraticTruth;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
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
        Map<String, Object> truth;
        String what;
        if (LowRankPushforwardModel.isLowRankModel(spark, model)) {
            if (lawSpec != null) {
                throw new InvalidInputException("--input-law applies to rotation-invariant quadratic models only; a"
                        + " low-rank model's input is N(0, I_r)");
            }
            LowRankPushforwardModel lr = LowRankPushforwardModel.load(model);
            lr.sample(spark, n, seed).write().parquet(dir);
            truth = LowRankTruth.toJson(lr.transformation(), seed);
            what = String.format(Locale.ROOT, "d = %d (low-rank, m = %d, r = %d)", lr.d(), lr.m(), lr.r());
        } else {
            QuadraticPushforwardModel m = QuadraticPushforwardModel.load(model);
            Dataset<Row> ys = lawSpec == null ? m.sample(spark, n, seed) : m.sample(spark, n, seed, lawSpec);
            ys.write().parquet(dir);
            String kind = m.modelClass().toString().toLowerCase(Locale.ROOT);
            truth = QuadraticTruth.toJson(kind, m.transformation(), lawSpec == null ? "gaussian" : lawSpec, null, null,
                    seed);
            what = String.format(Locale.ROOT, "d = %d (r = %d, %s)", m.d(), m.r(), kind);
        }
        truth.put("sampledFrom", model);
        try {
            TextFiles.writeText(spark.sparkContext().hadoopConfiguration(), dir + "/" + OutputKind.TRUTH_FILE,
                    Json.document(truth) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the truth of the samples", e);
        }
        outs.commit();
        return what;
    }
}
