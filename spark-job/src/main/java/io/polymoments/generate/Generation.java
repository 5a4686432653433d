package io.polymoments.generate;

import io.polymoments.InvalidInputException;
import io.polymoments.datasets.NoisySampler;
import io.polymoments.datasets.SampleSetGenerator;
import io.polymoments.datasets.SampleStream;
import io.polymoments.output.Json;
import io.polymoments.output.OutputKind;
import io.polymoments.output.OutputSet;
import io.polymoments.output.TextFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Writes what a {@link GenerationSpec} describes: a seeded sample set (Parquet, column y) with its true model inside
 * as {@code _truth.json}, or for {@link GeneratorKind#RING} a tensor in coordinate form with its true cores; a copy of
 * the truth goes to the optional second output.
 */
public final class Generation {
    /** The names under which the caller declared the two outputs in its {@link OutputSet}. */
    public static final String OUT = "--out";
    public static final String TRUTH = "--truth";

    private Generation() {}

    /** What was generated, for the caller to report, and how long it took. */
    public record Result(String what, double seconds) {}

    /** Checks the settings that need no Spark, so that bad ones fail before a session starts. */
    public static void check(GenerationSpec spec) {
        if (spec.kind() == GeneratorKind.RING) {
            RingGeneration.check(spec);
        } else if (spec.n() < 1) {
            throw new InvalidInputException("--n must be at least 1, got " + spec.n());
        }
    }

    /** Generates into {@code outs} (declared with {@link #OUT} and optionally {@link #TRUTH}) and commits. */
    public static Result write(SparkSession spark, GenerationSpec spec, OutputSet outs) {
        check(spec);
        if (spec.kind() == GeneratorKind.RING) {
            return RingGeneration.write(spark, outs, spec); // a tensor in coordinate form, not a sample set
        }
        GeneratedModel model = withNoise(spec.kind().create(spec), spec.noise());
        Dataset<Row> df = SampleSetGenerator.generate(spark, model.sampler(), new SampleStream(spec.seed(), spec.n()),
                spec.partitions());
        spark.sparkContext().setJobDescription(String.format(Locale.ROOT, "generate %s: %,d x %d", spec.kind().label(),
                spec.n(), model.sampler().dim()));
        long start = System.nanoTime();
        df.write().parquet(outs.path(OUT));
        writeTruth(spark, outs, Json.document(model.truth()));
        return new Result(String.format(Locale.ROOT, "%,d samples of %s in d = %d", spec.n(), spec.kind().label(),
                model.sampler().dim()), (System.nanoTime() - start) / 1e9);
    }

    /** The truth inside the data directory and at the truth output, then every output into place. */
    static void writeTruth(SparkSession spark, OutputSet outs, String truthJson) {
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        try {
            TextFiles.writeText(conf, outs.path(OUT) + "/" + OutputKind.TRUTH_FILE, truthJson + "\n");
            if (outs.has(TRUTH)) {
                TextFiles.writeText(conf, outs.path(TRUTH), truthJson + "\n");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the true model", e);
        }
        outs.commit();
    }

    /** --noise on any sample kind: the same rows plus N(0, tau^2 I), recorded in the truth. */
    private static GeneratedModel withNoise(GeneratedModel model, double noise) {
        if (!(noise >= 0) || Double.isInfinite(noise)) {
            throw new InvalidInputException("--noise (standard deviation of the added output noise) must be a finite"
                    + " number >= 0, got " + noise);
        }
        if (noise == 0) {
            return model;
        }
        Map<String, Object> truth = new LinkedHashMap<>(model.truth());
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("tau", noise);
        spec.put("model", "y = y_model + tau * e, e ~ N(0, I_d) independent of y_model; covariance gains tau^2 on the"
                + " diagonal, mean and cumulants of order >= 3 are unchanged");
        truth.put("noise", spec);
        return new GeneratedModel(NoisySampler.wrap(model.sampler(), noise), truth);
    }
}
