package io.polymoments.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.polymoments.datasets.NoisySampler;
import io.polymoments.datasets.QuadraticSampler;
import io.polymoments.datasets.SampleSetGenerator;
import io.polymoments.datasets.SampleStream;
import io.polymoments.learn.quadratic.ModelClass;
import io.polymoments.model.QuadraticTransform;
import io.polymoments.moments.AdditiveNoise;
import io.polymoments.spark.SharedSpark;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A quadratic model with additive noise y = p(x) + ε: what it draws, what it saves, how it screens rows. */
class NoisyQuadraticModelTest {
    private final SparkSession spark = SharedSpark.session();

    /**
     * The draws of a model with noise Ψ have covariance Cov p(x) + Ψ and the third cumulant of p(x) (Gaussian noise has
     * none), each entry within five of its own standard errors, estimated from the draws.
     */
    @Test
    void samplesHaveTheMapsCovariancePlusTheNoiseAndTheMapsThirdCumulant() {
        int d = 5;
        QuadraticTransform p = QuadraticTransform.random(2, d, QuadraticTransform.Structure.RANDOM, 1.0, true, 3);
        double[] cov = p.covariance();
        double[] psi = new double[d];
        for (int i = 0; i < d; i++) {
            psi[i] = (0.25 + 0.25 * i) * cov[i + i * d];   // half to one and a quarter of each output's variance
        }
        QuadraticPushforwardModel model = QuadraticPushforwardModel.of(p, ModelClass.AFFINE,
                new AdditiveNoise(AdditiveNoise.Kind.DIAGONAL, psi));
        List<Row> rows = model.sample(spark, 200_000, 11).collectAsList();
        int n = rows.size();
        double[] y = new double[n * d];
        double[] mean = new double[d];
        for (int s = 0; s < n; s++) {
            List<Double> row = rows.get(s).getList(0);
            for (int i = 0; i < d; i++) {
                y[s * d + i] = row.get(i);
                mean[i] += row.get(i) / n;
            }
        }
        for (int s = 0; s < n; s++) {
            for (int i = 0; i < d; i++) {
                y[s * d + i] -= mean[i];
            }
        }
        double[] k3 = p.thirdCumulant();   // dense d³, index i + d j + d² k
        for (int i = 0; i < d; i++) {
            for (int j = 0; j <= i; j++) {
                double want = cov[i + j * d] + (i == j ? psi[i] : 0);
                assertWithinStandardErrors(want, y, n, d, new int[] {i, j}, "covariance (" + i + ", " + j + ")");
                for (int k = 0; k <= j; k++) {
                    assertWithinStandardErrors(k3[i + d * j + d * d * k], y, n, d, new int[] {i, j, k},
                            "third cumulant (" + i + ", " + j + ", " + k + ")");
                }
            }
        }
    }

    /** The sample mean of the product of the centred columns {@code idx} is within 5 standard errors of want. */
    private static void assertWithinStandardErrors(double want, double[] y, int n, int d, int[] idx, String what) {
        double sum = 0;
        double sq = 0;
        for (int s = 0; s < n; s++) {
            double v = 1;
            for (int i : idx) {
                v *= y[s * d + i];
            }
            sum += v;
            sq += v * v;
        }
        double m = sum / n;
        double se = Math.sqrt((sq / n - m * m) / n);
        assertEquals(want, m, 5 * se, what + ": " + m + " against " + want + " (standard error " + se + ")");
    }

    /**
     * Fitted with the param noise on data with diagonal noise, saved and loaded: the noise is kept exactly and is
     * within a few percent of the truth, and the screening columns of transform use Cov p(x) + Ψ: the model's
     * covariance then has full rank d, so every row is on its support and the whitened norm averages d on the data.
     */
    @Test
    void aModelFittedWithNoiseKeepsItThroughSaveAndLoadAndScreensWithIt(@TempDir Path dir) {
        int d = 12;
        QuadraticTransform p = QuadraticTransform.random(3, d, QuadraticTransform.Structure.LOWRANK, 1.0, false, 12);
        double[] sd = new double[d];
        double[] cov = p.covariance();
        for (int i = 0; i < d; i++) {
            sd[i] = Math.sqrt(0.5 * cov[i + i * d]) * (1 + 3.0 * i / (d - 1)) / 2.5;   // spread 4:1
        }
        Dataset<Row> data = SampleSetGenerator.generate(spark, NoisySampler.wrap(QuadraticSampler.of(p), sd),
                new SampleStream(21, 200_000), 0).cache();
        QuadraticPushforwardModel fitted = new QuadraticPushforward().setRank(3).setModelClass("homogeneous")
                .setNoise("diagonal").fit(data);
        String path = dir.resolve("model").toString();
        fitted.save(path);
        QuadraticPushforwardModel back = QuadraticPushforwardModel.load(path);
        assertEquals("diagonal", back.getOrDefault(back.noiseParam()));
        assertEquals(AdditiveNoise.Kind.DIAGONAL, back.noise().kind());
        assertArrayEquals(fitted.noise().variances(), back.noise().variances(), 0.0);
        for (int i = 0; i < d; i++) {
            double want = sd[i] * sd[i];
            assertEquals(want, back.noise().variances()[i], 0.05 * want, "noise variance of output " + i);
        }
        Row screened = back.transform(data).agg(functions.avg(PushforwardModel.WHITENED_NORM2),
                functions.max(PushforwardModel.OFF_SUPPORT_NORM2)).first();
        assertEquals(d, screened.getDouble(0), 0.05 * d, "mean whitened norm on the data");
        assertEquals(0.0, screened.getDouble(1), 1e-9, "largest distance from the model's support");
        data.unpersist();
    }
}
