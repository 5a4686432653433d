package io.polymoments.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.polymoments.generate.Generate;
import io.polymoments.generate.GeneratorKind;
import io.polymoments.learn.gof.FitVerdict;
import io.polymoments.learn.quadratic.QuadraticFit;
import io.polymoments.spark.SharedSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With the rank on auto, data outside the quadratic class get a verdict, not an error: a cubic map whose covariance
 * no admissible rank explains ends does-not-fit, the covariance named as the failing moment, with a model written.
 */
class VerdictFittingTest {
    private final SparkSession spark = SharedSpark.session();
    @TempDir
    Path dir;

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
        assertTrue(fit.decision().unexplained() != null);
        assertTrue(Files.isDirectory(Path.of(model, "metadata")), "the provisional model is written with its verdict");
    }
}
