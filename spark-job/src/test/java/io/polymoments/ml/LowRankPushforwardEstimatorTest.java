package io.polymoments.ml;

import io.polymoments.datasets.LowRankSampler;
import io.polymoments.datasets.SampleSet;
import io.polymoments.datasets.SampleSetGenerator;
import io.polymoments.datasets.SampleStream;
import io.polymoments.learn.lowrank.LowRankOptions;
import io.polymoments.metrics.SymmetryAlignment;
import io.polymoments.model.ActivationMode;
import io.polymoments.model.LowRankTransform;
import io.polymoments.spark.InvalidRowPolicy;
import io.polymoments.spark.LowRankFitJob;
import io.polymoments.spark.SharedSpark;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link LowRankPushforward} / {@link LowRankPushforwardModel} as Spark ML stages. */
class LowRankPushforwardEstimatorTest {
    private static final int N = 20_000;
    private final SparkSession spark = SharedSpark.session();
    @TempDir
    Path dir;

    /** σ = He_2 on unit-norm weights, r = 3, m = 3 (identifiable: m ≤ C(4,2) − 3), d = 6. */
    private static LowRankTransform truth() {
        return LowRankTransform.random(ActivationMode.KNOWN, new double[] {0, 0, 1}, 3, 3, 6, 0L);
    }

    /** One partition: the passes then merge in a fixed order, so two fits of the same rows agree bit for bit. */
    private Dataset<Row> rows(LowRankTransform t) {
        return SampleSetGenerator.generate(spark, LowRankSampler.of(t), new SampleStream(11, N), 1);
    }

    private LowRankPushforward estimator() {
        return new LowRankPushforward().setRank(3).setActivation("known:0,1").setRestarts(3).setSeed(4);
    }

    private static void assertSameParameters(LowRankTransform a, LowRankTransform b) {
        assertEquals(a.mode(), b.mode());
        assertEquals(a.hidden(), b.hidden());
        assertArrayEquals(a.outputWeights(), b.outputWeights(), 0.0);
        assertArrayEquals(a.offset(), b.offset(), 0.0);
        assertArrayEquals(a.norms(), b.norms(), 0.0);
        for (int l = 0; l < a.hidden(); l++) {
            assertArrayEquals(a.activation(l), b.activation(l), 0.0);
        }
    }

    @Test
    void estimatorFitsTheSameModelAsTheFitJobWithTheSameOptions() {
        LowRankTransform truth = truth();
        Dataset<Row> y = rows(truth);
        LowRankPushforward est = estimator();
        LowRankPushforwardModel model = est.fit(y);

        LowRankOptions opt = LowRankOptions.known(1, 3, 0, 0, 1).withRestarts(3).withSeed(4);
        LowRankOptions fromParams = est.options();
        assertEquals(opt.mode(), fromParams.mode());
        assertEquals(opt.rank(), fromParams.rank());
        assertEquals(opt.degree(), fromParams.degree());
        assertArrayEquals(opt.activation(), fromParams.activation(), 0.0);
        assertEquals(opt.restarts(), fromParams.restarts());
        assertEquals(opt.seed(), fromParams.seed());
        assertEquals(opt.strict(), fromParams.strict());
        LowRankFitJob.Result job = new LowRankFitJob(spark).run(new SampleSet(y, 6, false, "rows"), null, opt,
                InvalidRowPolicy.FAIL);
        LowRankTransform direct = job.fit().model();
        assertSameParameters(direct, model.transformation());
        assertArrayEquals(direct.hiddenWeights(), model.transformation().hiddenWeights(), 0.0);
        assertEquals(job.bundle().whitened().count(), model.nUsed());
        // the fit used every row but those held out of both passes for the sliced check (min(10%, 20 000) rows)
        assertEquals(N, model.nUsed() + job.heldOutRows());
        assertTrue(Math.abs(job.heldOutRows() - 0.1 * N) < 5 * Math.sqrt(0.1 * 0.9 * N), "held out " + job.heldOutRows());
        assertEquals(job.fit().verdict().name(), model.diagnostics().get("verdict"));

        // the model carries the estimator's uid, parent and params (Spark ML convention) and the CLI's paramMap keys
        assertEquals(est.uid(), model.uid());
        assertSame(est, model.parent());
        assertEquals(3, (Integer) model.getOrDefault(model.rank()));
        assertEquals("known:0,1", model.getOrDefault(model.activation()));
        assertEquals(2, (Integer) model.getOrDefault(model.degreeParam()));
        assertEquals("auto", model.settings().paramMap().get("hidden"));
        assertEquals(3, model.settings().paramMap().get("rank"));
        assertEquals(4L, model.settings().paramMap().get("seed"));

        // an independent check that the fit is a fit: the truth's units are recovered (sampling error at n = 2e4)
        double errW = SymmetryAlignment.align(truth, model.transformation()).errW();
        assertTrue(errW < 0.3, "errW " + errW);
    }

    @Test
    void vectorColumnGivesTheSameModelAsTheArrayColumn() {
        Dataset<Row> y = rows(truth());
        Dataset<Row> v = y.select(org.apache.spark.ml.functions.array_to_vector(y.col("y")).as("features"));
        LowRankPushforwardModel fromArray = estimator().fit(y);
        LowRankPushforwardModel fromVector = estimator().setInputCol("features").fit(v);
        assertSameParameters(fromArray.transformation(), fromVector.transformation());
        assertEquals("features", fromVector.getInputCol());
    }

    @Test
    void paramsAndSchemaAreCheckedWithClearMessages() {
        StructType schema = new StructType().add("y", DataTypes.createArrayType(DataTypes.DoubleType))
                .add("name", DataTypes.StringType);
        // rank 0 (the default) means "search r"
        assertEquals(null, new LowRankPushforward().getRank());
        new LowRankPushforward().transformSchema(schema);
        IllegalArgumentException badRank = assertThrows(IllegalArgumentException.class,
                () -> new LowRankPushforward().setRank(-1));
        assertTrue(badRank.getMessage().contains("rank"), badRank.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new LowRankPushforward().setHidden(-1));
        assertThrows(IllegalArgumentException.class, () -> new LowRankPushforward().setDegree(5));
        assertThrows(IllegalArgumentException.class, () -> new LowRankPushforward().setRestarts(0));

        IllegalArgumentException badAct = assertThrows(IllegalArgumentException.class,
                () -> new LowRankPushforward().setRank(2).setActivation("relu").transformSchema(schema));
        assertTrue(badAct.getMessage().contains("activation 'relu' is not understood"), badAct.getMessage());
        IllegalArgumentException contradiction = assertThrows(IllegalArgumentException.class,
                () -> new LowRankPushforward().setRank(2).setActivation("known:0,1").setDegree(3).transformSchema(schema));
        assertTrue(contradiction.getMessage().contains("degree 3 contradicts activation known:0,1"),
                contradiction.getMessage());

        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> new LowRankPushforward().setRank(2).setInputCol("z").transformSchema(schema));
        assertTrue(missing.getMessage().contains("LowRankPushforward: input column 'z' does not exist"),
                missing.getMessage());
        IllegalArgumentException wrongType = assertThrows(IllegalArgumentException.class,
                () -> new LowRankPushforward().setRank(2).setInputCol("name").transformSchema(schema));
        assertTrue(wrongType.getMessage().contains("has type string"), wrongType.getMessage());

        // the schema is checked before any pass: fit on a frame without the column fails the same way
        Dataset<Row> empty = spark.createDataFrame(List.of(), schema);
        assertThrows(IllegalArgumentException.class, () -> new LowRankPushforward().setRank(2).setInputCol("z")
                .fit(empty));

        LowRankPushforwardModel model = LowRankPushforwardModel.of(truth());
        StructType taken = schema.add(LowRankPushforwardModel.WHITENED_NORM2, DataTypes.DoubleType);
        IllegalArgumentException clash = assertThrows(IllegalArgumentException.class,
                () -> model.transformSchema(taken));
        assertTrue(clash.getMessage().contains("'whitenedNorm2' already exists"), clash.getMessage());
        assertEquals(schema.length() + 2, model.transformSchema(schema).length());
    }

    @Test
    void transformScoresRowsAgainstTheModelsSupport() {
        LowRankTransform t = truth();
        LowRankPushforwardModel model = LowRankPushforwardModel.of(t);
        int d = t.outputDim();
        int m = t.hidden();
        // rows the model produces: no distance from c + range(W); whitened norm averages rank Cov y = m
        Dataset<Row> scored = model.transform(rows(t));
        Row agg = scored.agg(org.apache.spark.sql.functions.avg(LowRankPushforwardModel.WHITENED_NORM2),
                org.apache.spark.sql.functions.max(LowRankPushforwardModel.OFF_SUPPORT_NORM2)).first();
        assertEquals(m, agg.getDouble(0), 0.3, "mean whitened norm");
        double scale = Arrays.stream(t.covariance()).map(Math::abs).max().orElseThrow();
        assertTrue(agg.getDouble(1) < 1e-9 * scale, "max off-support " + agg.getDouble(1));

        // a row μ + e with e ⟂ range(W) (Gram-Schmidt on W's columns, independent of the model's eigen-solve)
        double[] w = t.outputWeights();
        double[][] q = new double[m][];
        for (int l = 0; l < m; l++) {
            double[] col = new double[d];
            for (int i = 0; i < d; i++) {
                col[i] = w[i + d * l];
            }
            for (int k = 0; k < l; k++) {
                double dot = 0;
                for (int i = 0; i < d; i++) {
                    dot += q[k][i] * col[i];
                }
                for (int i = 0; i < d; i++) {
                    col[i] -= dot * q[k][i];
                }
            }
            double norm = Math.sqrt(Arrays.stream(col).map(x -> x * x).sum());
            for (int i = 0; i < d; i++) {
                col[i] /= norm;
            }
            q[l] = col;
        }
        double[] e = new double[d];
        e[0] = 1.5;
        e[d - 1] = -0.5;
        for (double[] qk : q) {
            double dot = 0;
            for (int i = 0; i < d; i++) {
                dot += qk[i] * e[i];
            }
            for (int i = 0; i < d; i++) {
                e[i] -= dot * qk[i];
            }
        }
        double e2 = Arrays.stream(e).map(x -> x * x).sum();
        double[] mu = t.mean();
        List<Double> off = new ArrayList<>();
        for (int i = 0; i < d; i++) {
            off.add(mu[i] + e[i]);
        }
        StructType schema = new StructType().add("y", DataTypes.createArrayType(DataTypes.DoubleType));
        List<Row> rows = new ArrayList<>();
        rows.add(RowFactory.create(off));
        rows.add(RowFactory.create((Object) null));
        List<Row> out = model.transform(spark.createDataFrame(rows, schema)).collectAsList();
        assertEquals(e2, out.get(0).getDouble(2), 1e-12 * (1 + e2));
        assertEquals(0.0, out.get(0).getDouble(1), 1e-10);
        assertTrue(out.get(1).isNullAt(1) && out.get(1).isNullAt(2), "a null row scores null");
    }

    @Test
    void pipelineWithTheEstimatorSavesAndLoads() throws Exception {
        Dataset<Row> y = rows(truth());
        Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {estimator().setHidden(3)});
        String unfitted = dir.resolve("pipeline").toString();
        pipeline.save(unfitted);
        LowRankPushforward loadedEst = (LowRankPushforward) Pipeline.load(unfitted).getStages()[0];
        assertEquals(3, (Integer) loadedEst.getOrDefault(loadedEst.rank()));
        assertEquals(3, loadedEst.getHidden());
        assertEquals("known:0,1", loadedEst.getOrDefault(loadedEst.activation()));
        assertEquals(4L, (Long) loadedEst.getOrDefault(loadedEst.seed()));

        PipelineModel fitted = pipeline.fit(y);
        LowRankPushforwardModel model = (LowRankPushforwardModel) fitted.stages()[0];
        String path = dir.resolve("pipelineModel").toString();
        fitted.save(path);
        PipelineModel back = PipelineModel.load(path);
        LowRankPushforwardModel loaded = assertInstanceOf(LowRankPushforwardModel.class, back.stages()[0]);

        assertEquals(model.uid(), loaded.uid());
        assertSameParameters(model.transformation(), loaded.transformation());
        // A is stored as unit directions u_l and norms α_l (a_l = α_l u_l): exact up to that one rounding
        double[] a = model.transformation().hiddenWeights();
        double[] ab = loaded.transformation().hiddenWeights();
        for (int k = 0; k < a.length; k++) {
            assertEquals(a[k], ab[k], 2 * Math.ulp(a[k]));
        }
        assertEquals(model.nUsed(), loaded.nUsed());
        assertEquals(model.settings(), loaded.settings());
        assertEquals(model.diagnostics().get("verdict"), loaded.diagnostics().get("verdict"));
        assertEquals(3, loaded.settings().paramMap().get("hidden"));
        assertEquals(3, (Integer) loaded.getOrDefault(loaded.hidden()));
        assertEquals(3, (Integer) loaded.getOrDefault(loaded.rank()));

        // the loaded pipeline scores rows as the fitted one does
        Dataset<Row> head = y.limit(5);
        assertEquals(fitted.transform(head).collectAsList(), back.transform(head).collectAsList());
        // MLWritable: plain save refuses an existing path; write().overwrite() replaces it atomically
        assertThrows(RuntimeException.class, () -> model.save(path));
        model.write().overwrite().save(path);
        assertSameParameters(model.transformation(), LowRankPushforwardModel.load(path).transformation());
    }
}
