package io.polymoments.ml;

import io.polymoments.datasets.GaussianSampler;
import io.polymoments.datasets.QuadraticSampler;
import io.polymoments.datasets.RowSampler;
import io.polymoments.datasets.SampleSetGenerator;
import io.polymoments.datasets.SampleStream;
import io.polymoments.learn.gof.FitVerdict;
import io.polymoments.learn.quadratic.ModelClass;
import io.polymoments.learn.quadratic.QuadraticFit;
import io.polymoments.learn.quadratic.QuadraticLearner;
import io.polymoments.linalg.Matrices;
import io.polymoments.metrics.ParameterError;
import io.polymoments.model.QuadraticTransform;
import io.polymoments.model.RadialLaw;
import io.polymoments.moments.AdditiveNoise;
import io.polymoments.moments.SketchBundle;
import io.polymoments.spark.InvalidRowPolicy;
import io.polymoments.spark.QuadraticFitJob;
import io.polymoments.spark.SharedSpark;
import io.polymoments.store.SketchStore;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.random.RandomGenerator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The estimator end to end through the real Spark passes on generated data sets. */
class QuadraticPushforwardFitTest {
    private static SparkSession spark;
    /** r = 3, d = 12, low-rank Q0, ρ = 1: the cell of docs/quadratic.md §14.3 (refined 0.032 / 0.0063 / 0.0021). */
    private static final QuadraticTransform TRUTH =
            QuadraticTransform.random(3, 12, QuadraticTransform.Structure.LOWRANK, 1.0, false, 12);

    @BeforeAll
    static void start() {
        spark = SharedSpark.session();
    }

    private static Dataset<Row> data(RowSampler sampler, long n, long seed, int partitions) {
        return SampleSetGenerator.generate(spark, sampler, new SampleStream(seed, n), partitions);
    }

    @Test
    void errorShrinksLikeOneOverRootNAndStaysBelowTheDesignLevels() {
        double[] errors = new double[3];
        long[] ns = {10_000, 100_000, 1_000_000};
        for (int i = 0; i < ns.length; i++) {
            QuadraticPushforwardModel model = new QuadraticPushforward().setSeed(1)
                    .fit(data(QuadraticSampler.of(TRUTH), ns[i], 40 + i, 0));
            assertEquals(ModelClass.HOMOGENEOUS, model.modelClass());
            assertEquals(3, model.r());
            assertEquals(ns[i], model.nUsed());
            assertEquals(FitVerdict.FITS, model.summary().verdict(), model.summary().goodnessOfFit().summary());
            errors[i] = ParameterError.of(model.transformation(), TRUTH).relative();
        }
        // docs/quadratic.md §14.3 at this cell (one numpy data set each): 0.032 (1e4), 0.0063 (1e5), 0.0021 (1e6);
        // over 9 data sets of 3 such instances we measured 0.007-0.010 at 1e5. Bounds: 3-4x those figures (one data
        // set here)
        assertTrue(errors[0] < 0.10, "n = 1e4: " + errors[0]);
        assertTrue(errors[1] < 0.025, "n = 1e5: " + errors[1]);
        assertTrue(errors[2] < 0.0065, "n = 1e6: " + errors[2]);
        // 1/√n predicts a factor 10 over two decades
        assertTrue(errors[0] / errors[2] >= 5, "ratio " + errors[0] / errors[2]);
    }

    @Test
    void thePartitionCountDoesNotChangeTheFit() {
        QuadraticTransform affine = QuadraticTransform.random(2, 7, QuadraticTransform.Structure.RANDOM, 1.0, true, 3);
        QuadraticPushforward est = new QuadraticPushforward().setSeed(5);
        QuadraticTransform a = est.fit(data(QuadraticSampler.of(affine), 60_000, 9, 1)).transformation();
        QuadraticTransform b = est.fit(data(QuadraticSampler.of(affine), 60_000, 9, 7)).transformation();
        double scale = Matrices.frobeniusNorm(a.q()) + Matrices.frobeniusNorm(a.b()) + Matrices.frobeniusNorm(a.c());
        double diff = Matrices.distance(a.q(), b.q()) + Matrices.distance(a.b(), b.b())
                + Matrices.distance(a.c(), b.c());
        // the sketches agree to 1e-15; the refinement's Gauss-Newton polish resolves the optimum to ~1e-12 relative
        // (measured 8e-13 with OpenBLAS, 1e-12 with the pure-Java BLAS; a cost-based stop alone scattered by 5e-10
        // to 2e-9)
        assertTrue(diff <= 1e-10 * scale, "difference " + diff + " (scale " + scale + ")");
    }

    @Test
    void fitFromTheStoredSketchEqualsTheFitFromTheSamples(@TempDir Path dir) {
        QuadraticLearner.Options options = QuadraticLearner.Options.defaults().withSeed(3);
        Dataset<Row> ys = data(QuadraticSampler.of(TRUTH), 50_000, 77, 3);
        QuadraticFitJob.Result fromSamples = new QuadraticFitJob(spark).run(
                InputColumn.samples(ys, "y", "QuadraticPushforward"), options, InvalidRowPolicy.FAIL);
        SketchStore store = new SketchStore(spark);
        store.save(fromSamples.bundle(), dir.resolve("sketch").toString(), false);
        SketchBundle loaded = store.load(dir.resolve("sketch").toString());
        QuadraticFit refit = QuadraticLearner.fit(loaded, options);
        QuadraticTransform a = fromSamples.fit().model();
        QuadraticTransform b = refit.model();
        assertArrayEquals(a.q(), b.q(), 1e-12 * Matrices.frobeniusNorm(a.q()));
        assertArrayEquals(a.c(), b.c(), 1e-12 * Matrices.frobeniusNorm(a.c()));
        assertEquals(fromSamples.fit().verdict(), refit.verdict());
        assertEquals(fromSamples.fit().goodnessOfFit().kappa4ChiSquarePerDirection(),
                refit.goodnessOfFit().kappa4ChiSquarePerDirection(), 1e-9);
    }

    @Test
    void gaussianDataAreNearGaussianNotFitting() {
        Random rng = new Random(4);
        double[] factor = Matrices.gaussian(6, 6, rng);
        QuadraticPushforwardModel model = new QuadraticPushforward()
                .fit(data(new GaussianSampler(new double[6], factor), 100_000, 2, 0));
        assertEquals(FitVerdict.NEAR_GAUSSIAN_CANNOT_IDENTIFY, model.summary().verdict(),
                model.summary().goodnessOfFit().summary());
        @SuppressWarnings("unchecked")
        Map<String, Object> gof = (Map<String, Object>) model.diagnostics().get("goodnessOfFit");
        assertEquals(FitVerdict.NEAR_GAUSSIAN_CANNOT_IDENTIFY.label(), gof.get("verdict"));
    }

    /** y = p(x) + 0.3·a·x_0³: a cubic term the quadratic model cannot produce. */
    record CubicSampler(QuadraticSampler quadratic, double[] a) implements RowSampler {
        @Override
        public int dim() {
            return quadratic.dim();
        }

        @Override
        public void sample(RandomGenerator rng, int rows, double[] out) {
            QuadraticTransform p = quadratic.transform();
            double[] x = new double[rows * p.r()];
            for (int i = 0; i < x.length; i++) {
                x[i] = rng.nextGaussian();
            }
            double[] y = p.apply(x, rows);
            int d = p.d();
            for (int s = 0; s < rows; s++) {
                double x0 = x[s * p.r()];
                for (int i = 0; i < d; i++) {
                    out[s * d + i] = y[s * d + i] + 0.3 * a[i] * x0 * x0 * x0;
                }
            }
        }
    }

    @Test
    void dataFromANonQuadraticMapDoNotFit() {
        double[] a = new double[12];
        Random rng = new Random(1);
        for (int i = 0; i < a.length; i++) {
            a[i] = rng.nextGaussian();
        }
        QuadraticTransform p = QuadraticTransform.random(3, 12, QuadraticTransform.Structure.RANDOM, 1.0, false, 8);
        QuadraticPushforwardModel model = new QuadraticPushforward().setRank(3).setAffine(false)
                .fit(data(new CubicSampler(QuadraticSampler.of(p), a), 100_000, 6, 0));
        assertNotEquals(FitVerdict.FITS, model.summary().verdict(), model.summary().goodnessOfFit().summary());
    }

    @Test
    void theSchemaAndTheParamsAreCheckedBeforeAnyWork() {
        Dataset<Row> ys = data(QuadraticSampler.of(TRUTH), 100, 1, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new QuadraticPushforward().setInputCol("samples").fit(ys));
        assertTrue(e.getMessage().contains("'samples' does not exist"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new QuadraticPushforward().fit(ys.selectExpr("cast(y[0] as string) as y")));
        assertTrue(e.getMessage().contains("expected array<double> or an ML Vector"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new QuadraticPushforward().setRank(-1));
        assertThrows(IllegalArgumentException.class, () -> new QuadraticPushforward().setMaxIter(0));
        assertThrows(IllegalArgumentException.class, () -> new QuadraticPushforward().setInputLaw("cauchy"));
        e = assertThrows(IllegalArgumentException.class, () -> new QuadraticPushforward().setNoise("gaussian"));
        assertTrue(e.getMessage().contains("noise"), e.getMessage());
        QuadraticPushforward est = new QuadraticPushforward();
        assertEquals("auto", est.getOrDefault(est.noise()));
        assertEquals(null, est.options().noise());
        assertEquals(AdditiveNoise.Kind.DIAGONAL, est.setNoise("diagonal").options().noise());
        e = assertThrows(IllegalArgumentException.class, () -> new QuadraticPushforward()
                .setInputLaw("rotation-invariant").setAffine(true).transformSchema(ys.schema()));
        assertTrue(e.getMessage().contains("homogeneous"), e.getMessage());
    }

    @Test
    void aFittedModelRoundTripsWithItsParamsAndDiagnostics(@TempDir Path dir) {
        QuadraticTransform affine = QuadraticTransform.random(2, 6, QuadraticTransform.Structure.RANDOM, 1.0, true, 13);
        QuadraticPushforwardModel model = new QuadraticPushforward().setAffine(true).setSeed(9)
                .fit(data(QuadraticSampler.of(affine), 30_000, 5, 0));
        assertEquals(ModelClass.AFFINE, model.modelClass());
        assertTrue(ParameterError.of(model.transformation(), affine).relative() < 0.1);
        String path = dir.resolve("model").toString();
        model.save(path);
        QuadraticPushforwardModel back = QuadraticPushforwardModel.load(path);
        assertArrayEquals(model.transformation().q(), back.transformation().q(), 0.0);
        assertArrayEquals(model.transformation().b(), back.transformation().b(), 0.0);
        assertArrayEquals(model.transformation().c(), back.transformation().c(), 0.0);
        assertEquals("affine", back.getOrDefault(back.modelClassParam()));
        assertEquals(9L, back.getOrDefault(back.seed()));
        assertEquals(30_000L, back.nUsed());
        assertEquals(model.diagnostics().get("rankDecision"), back.diagnostics().get("rankDecision"));
        assertTrue(!back.hasSummary() && model.hasSummary());
    }

    @Test
    void aPipelineWithTheEstimatorFitsSavesAndLoads(@TempDir Path dir) throws Exception {
        QuadraticTransform p = QuadraticTransform.random(2, 5, QuadraticTransform.Structure.RANDOM, 1.0, false, 17);
        Dataset<Row> ys = data(QuadraticSampler.of(p), 20_000, 8, 0).withColumnRenamed("y", "features");
        QuadraticPushforward est = new QuadraticPushforward().setInputCol("features").setRank(2).setSeed(4);
        org.apache.spark.ml.Pipeline pipeline = new org.apache.spark.ml.Pipeline()
                .setStages(new org.apache.spark.ml.PipelineStage[]{est});
        pipeline.write().save(dir.resolve("pipeline").toString());
        org.apache.spark.ml.Pipeline pipelineBack = org.apache.spark.ml.Pipeline.load(dir.resolve("pipeline").toString());
        QuadraticPushforward estBack = (QuadraticPushforward) pipelineBack.getStages()[0];
        assertEquals("features", estBack.getInputCol());
        assertEquals(2, estBack.getOrDefault(estBack.rank()));
        org.apache.spark.ml.PipelineModel fitted = pipelineBack.fit(ys);
        fitted.write().save(dir.resolve("fitted").toString());
        org.apache.spark.ml.PipelineModel back = org.apache.spark.ml.PipelineModel.load(dir.resolve("fitted").toString());
        QuadraticPushforwardModel a = (QuadraticPushforwardModel) fitted.stages()[0];
        QuadraticPushforwardModel b = (QuadraticPushforwardModel) back.stages()[0];
        assertArrayEquals(a.transformation().q(), b.transformation().q(), 0.0);
        // rows drawn from the model itself lie on its support: off-support distance ~ 0, whitened norm ~ m = 3
        Row stats = back.transform(ys).selectExpr("avg(whitenedNorm2)", "max(offSupportNorm2)").first();
        assertEquals(3.0, stats.getDouble(0), 0.2);
        assertTrue(stats.getDouble(1) < 1e-10, "off-support " + stats.getDouble(1));
    }

    /** 50 rows of 300 columns: the estimator says n < d and names its own params, not the command line's flags. */
    @Test
    void fewerRowsThanColumnsNamesTheEstimatorsParams() {
        Dataset<Row> wide = data(new GaussianSampler(new double[300], Matrices.identity(300)), 50, 3, 0);
        io.polymoments.InvalidInputException e = assertThrows(io.polymoments.InvalidInputException.class,
                () -> new QuadraticPushforward().fit(wide));
        String msg = e.getMessage();
        assertTrue(msg.contains("n = 50 rows") && msg.contains("n < d"), msg);
        assertTrue(msg.contains("rank=<r>") && msg.contains("modelClass=<homogeneous|affine>"), msg);
        assertTrue(!msg.contains("--rank") && !msg.contains("--model-class") && !msg.contains("--columns"), msg);
    }
}
