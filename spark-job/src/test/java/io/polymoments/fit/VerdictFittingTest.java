package io.polymoments.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.polymoments.datasets.NoisySampler;
import io.polymoments.datasets.QuadraticSampler;
import io.polymoments.datasets.SampleSetGenerator;
import io.polymoments.datasets.SampleStream;
import io.polymoments.generate.Generate;
import io.polymoments.generate.GeneratorKind;
import io.polymoments.learn.gof.FitVerdict;
import io.polymoments.learn.quadratic.QuadraticFit;
import io.polymoments.model.QuadraticTransform;
import io.polymoments.moments.AdditiveNoise;
import io.polymoments.spark.SharedSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With the rank on auto, every data set gets a verdict, not an error: quadratic data at signal-to-noise 1 (isotropic,
 * and diagonal with standard deviations spread 10:1) fit with the true rank found through the noise; a cubic map whose
 * covariance no admissible rank explains ends does-not-fit, the covariance named as the failing moment, with a model
 * written.
 */
class VerdictFittingTest {
    private final SparkSession spark = SharedSpark.session();
    @TempDir
    Path dir;

    private static final QuadraticTransform P = QuadraticTransform.random(4, 20, QuadraticTransform.Structure.LOWRANK,
            1.0, false, 8);

    /** Noise standard deviations geometric from 1 to {@code spread}, of mean variance the mean signal variance. */
    private static double[] tau(double spread) {
        double[] cov = P.covariance();
        double signal = 0;
        double mean = 0;
        double[] t = new double[20];
        for (int i = 0; i < 20; i++) {
            signal += cov[i + i * 20] / 20;
            t[i] = Math.pow(spread, i / 19.0);
            mean += t[i] * t[i] / 20;
        }
        for (int i = 0; i < 20; i++) {
            t[i] *= Math.sqrt(signal / mean);
        }
        return t;
    }

    private QuadraticFit noisyFit(String name, double spread) {
        String data = dir.resolve(name).toString();
        SampleSetGenerator.generate(spark, NoisySampler.wrap(QuadraticSampler.of(P), tau(spread)),
                new SampleStream(9, 200_000), 0).write().parquet(data);
        return ((QuadraticFitting.Outcome) Fit.quadratic().fromSamples(spark, data, dir.resolve(name + "-model")
                .toString())).fit();
    }

    @Test
    void quadraticDataAtSignalToNoiseOneFitWithTheRankFoundThroughTheNoise() {
        QuadraticFit iso = noisyFit("isotropic", 1);
        assertEquals(FitVerdict.FITS, iso.verdict(), iso.goodnessOfFit().summary());
        assertEquals(10, iso.m(), iso.decision().reason());
        assertEquals(AdditiveNoise.Kind.ISOTROPIC, iso.noise().noise().kind());
        QuadraticFit diag = noisyFit("diagonal", 10);
        assertEquals(FitVerdict.FITS, diag.verdict(), diag.goodnessOfFit().summary());
        assertEquals(10, diag.m(), diag.decision().reason());
        assertEquals(AdditiveNoise.Kind.DIAGONAL, diag.noise().noise().kind());
    }

    @Test
    void aCubicMapWithAFullRankCovarianceEndsDoesNotFitNamingTheCovariance() throws Exception {
        // twelve units He2 + 0.17 He3 of three Gaussians in twelve outputs: the cubic parts (8% of the variance) fill
        // the covariance to full rank 12, which is no admissible rank (tri(r) = 10, tri(r) + r = 9 or 14)
        String data = dir.resolve("cubic").toString();
        Generate.kind(GeneratorKind.LOWRANK).d(12).r(3).m(12).activation("known:0,1,0.17").n(200_000).seed(4)
                .into(spark, data);
        String model = dir.resolve("model").toString();
        QuadraticFit fit = ((QuadraticFitting.Outcome) Fit.quadratic().fromSamples(spark, data, model)).fit();
        assertEquals(FitVerdict.DOES_NOT_FIT, fit.verdict(), fit.goodnessOfFit().summary());
        String first = fit.goodnessOfFit().reasons().get(0);
        assertTrue(first.startsWith("covariance (order 2): "), first);
        assertTrue(fit.decision().reason().startsWith("provisional r = "), fit.decision().reason());
        assertTrue(first.contains("the closest is m = "), first);
        assertTrue(Files.isDirectory(Path.of(model, "metadata")), "the provisional model is written with its verdict");
    }
}
