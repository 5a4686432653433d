package io.polymoments.evaluate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.polymoments.datasets.GaussianSampler;
import io.polymoments.datasets.QuadraticSampler;
import io.polymoments.datasets.SampleSet;
import io.polymoments.datasets.SampleSetGenerator;
import io.polymoments.datasets.SampleStream;
import io.polymoments.learn.quadratic.ModelClass;
import io.polymoments.ml.QuadraticPushforwardModel;
import io.polymoments.model.GaussianMixture;
import io.polymoments.model.QuadraticTransform;
import io.polymoments.spark.InvalidRowPolicy;
import io.polymoments.spark.SharedSpark;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pushforward beside a Gaussian and MLlib Gaussian mixtures, judged on rows the mixtures did not see. */
class ModelComparisonTest {
    private final SparkSession spark = SharedSpark.session();

    @TempDir
    Path tmp;

    @Test
    void onInClassDataThePushforwardFitsWithFewerParametersAndTheGaussianDoesNot() {
        QuadraticTransform truth = QuadraticTransform.random(2, 6, QuadraticTransform.Structure.RANDOM, 1.0, false, 5);
        String model = tmp.resolve("truth-model").toString();
        QuadraticPushforwardModel.of(truth, ModelClass.HOMOGENEOUS).save(model);
        SampleSet samples = new SampleSet(SampleSetGenerator.generate(spark, QuadraticSampler.of(truth),
                new SampleStream(3, 60_000), 4), 6, false, "quadratic r = 2, d = 6");
        Evaluation.Result e = Evaluation.run(spark, model, samples, InvalidRowPolicy.FAIL, null, null, 5000, 50, 0, 2);
        ModelComparison.Result c = e.comparison();
        assertNotNull(c);
        ModelComparison.Entry push = c.entries().get(0);
        ModelComparison.Entry gauss = c.entries().get(1);
        assertEquals(6 * (3 + 1) - 1, push.parameters());
        assertEquals(6 + 21, gauss.parameters());
        assertTrue(push.fits(), "the true model must pass its held-out checks: " + push.report().summary());
        // a quadratic of a Gaussian is skewed: the Gaussian misses its third cumulant by many noise units
        assertFalse(gauss.fits());
        assertTrue(gauss.report().third().ratio() > 10, "third cumulant ratio " + gauss.report().third().ratio());
        assertEquals(push, c.preferred());
        // the mixtures saw none of the compared rows: the two parts add up to the data
        assertEquals(60_000, c.comparedRows() + c.mixtureRows());
        assertTrue(c.mixtureRows() <= ModelComparison.MIXTURE_ROWS + 500, "mixture rows " + c.mixtureRows());
        assertEquals(List.of(1, 2), c.search().candidates().stream().map(MixtureSearch.Candidate::k).toList());
        Map<?, ?> json = (Map<?, ?>) e.json().get("comparison");
        assertEquals(push.name(), json.get("preferred"));
        assertEquals(3, ((List<?>) json.get("models")).size() + (c.search().chosen().k() == 1 ? 1 : 0));
    }

    @Test
    void theSearchFindsTheComponentsOfAWellSeparatedMixture() {
        // ½ N((−4, 0, 0), I) + ½ N((4, 0, 0), I): two components, and nothing gained by a third
        GaussianMixture truth = new GaussianMixture(3, new double[] {0.5, 0.5},
                new double[][] {{-4, 0, 0}, {4, 0, 0}}, new double[][] {identity(3), identity(3)});
        double[] rows = truth.sample(8000, 7);
        MixtureSearch.Selection s = MixtureSearch.search(spark, rows, 3, 3, 0);
        assertEquals(6000, s.trainRows());
        assertEquals(2000, s.validationRows());
        assertEquals(2, s.chosen().k(), "validation log-likelihoods " + s.candidates());
        GaussianMixture fit = s.chosen().mixture();
        int left = fit.means()[0][0] < 0 ? 0 : 1;
        assertArrayEquals(new double[] {-4, 0, 0}, fit.means()[left], 0.1);
        assertArrayEquals(new double[] {4, 0, 0}, fit.means()[1 - left], 0.1);
        assertEquals(0.5, fit.weights()[left], 0.03);
        // the same rows and seed give the same search
        assertEquals(s.chosen().validationLogLikelihood(),
                MixtureSearch.search(spark, rows, 3, 3, 0).chosen().validationLogLikelihood(), 0);
    }

    @Test
    void onGaussianDataTheGaussianIsPreferred() {
        double[] factor = {1, 0.5, 0, 0, 1, 0.3, 0, 0, 1};
        SampleSet samples = new SampleSet(SampleSetGenerator.generate(spark, new GaussianSampler(new double[3], factor),
                new SampleStream(9, 20_000), 4), 3, false, "gaussian d = 3");
        // a quadratic pushforward "fitted" to Gaussian data: y_i = x'Q_i x cannot be Gaussian
        QuadraticTransform q = QuadraticTransform.random(2, 3, QuadraticTransform.Structure.RANDOM, 1.0, false, 1);
        String model = tmp.resolve("q").toString();
        QuadraticPushforwardModel.of(q, ModelClass.HOMOGENEOUS).save(model);
        Evaluation.Result e = Evaluation.run(spark, model, samples, InvalidRowPolicy.FAIL, null, null, 5000, 50, 0, 2);
        ModelComparison.Result c = e.comparison();
        assertEquals("Gaussian", c.preferred().name(), c.sentence());
        assertTrue(c.entries().get(1).fits());
        assertFalse(c.entries().get(0).fits());
    }

    private static double[] identity(int d) {
        double[] a = new double[d * d];
        for (int i = 0; i < d; i++) {
            a[i * d + i] = 1;
        }
        return a;
    }
}
