package io.polymoments.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.polymoments.datasets.QuadraticSampler;
import io.polymoments.datasets.RowSampler;
import io.polymoments.datasets.SampleSet;
import io.polymoments.datasets.SampleSetGenerator;
import io.polymoments.datasets.SampleStream;
import io.polymoments.learn.QuadraticFit;
import io.polymoments.learn.QuadraticLearner;
import io.polymoments.learn.gof.Verdict;
import io.polymoments.metrics.ParameterError;
import io.polymoments.model.QuadraticTransform;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Fits through the real Spark passes of the same seeded data moved to the edges of double precision: a large
 * constant offset on every output.
 */
class NumericRangeTest {
    private static SparkSession spark;
    /** y_i = xᵀQ_i x, r = 3, d = 6 (what 'generate --kind quadratic --r 3' makes), c = 0. */
    private static final QuadraticTransform TRUTH =
            QuadraticTransform.random(3, 6, QuadraticTransform.Structure.LOWRANK, 1.0, false, 1);
    private static final int N = 100_000;

    @BeforeAll
    static void start() {
        spark = SharedSpark.session();
    }

    /** The generated rows with {@code expr} (of v, one value) applied to every value, as Spark SQL does it. */
    private static SampleSet samples(RowSampler sampler, long seed, String expr) {
        Dataset<Row> rows = SampleSetGenerator.generate(spark, sampler, new SampleStream(seed, N), 2)
                .selectExpr("transform(" + SampleSet.COLUMN + ", v -> " + expr + ") AS " + SampleSet.COLUMN);
        return new SampleSet(rows, sampler.dim(), false, "generated rows, " + expr);
    }

    private static QuadraticFit fit(String expr) {
        return new QuadraticFitJob(spark).run(samples(QuadraticSampler.of(TRUTH), 5, expr),
                QuadraticLearner.Options.defaults(), InvalidRowPolicy.FAIL).fit();
    }

    /** The model with {@code offset} taken off every constant c_i. */
    private static QuadraticTransform minusOffset(QuadraticTransform t, double offset) {
        double[] c = t.c();
        for (int i = 0; i < c.length; i++) {
            c[i] -= offset;
        }
        return QuadraticTransform.of(t.r(), t.d(), t.q(), t.b(), c);
    }

    /**
     * The sketches centre every block, so an offset of 1e9 or 1e12 costs the moments nothing beyond the rounding of
     * the stored values (ulp(1e12) = 1.2e-4 against outputs of spread ≈ 3). The homogeneous model's mean equation
     * (E y_i = tr Q_i, i.e. c = 0) is what an offset contradicts; the fit must then free the constants and give the
     * same Q as without the offset.
     */
    @Test
    void aConstantOffsetOfOneBillionOrOneTrillionFitsLikeTheDataWithout() {
        QuadraticFit plain = fit("v");
        assertEquals(Verdict.FITS, plain.verdict(), plain.goodnessOfFit().summary());
        double err = ParameterError.of(plain.model(), TRUTH).relative();
        QuadraticTransform[] back = new QuadraticTransform[2];
        double[] offsets = {1e9, 1e12};
        for (int k = 0; k < 2; k++) {
            QuadraticFit shifted = fit("v + " + offsets[k]);
            assertEquals(Verdict.FITS, shifted.verdict(), offsets[k] + ": " + shifted.goodnessOfFit().summary());
            assertTrue(shifted.notes().stream().anyMatch(n -> n.contains("refitted with free constants")),
                    shifted.notes().toString());
            back[k] = minusOffset(shifted.model(), offsets[k]);
            // the plain fit uses the mean equation c = 0, the shifted one cannot: two estimators of the same Q whose
            // difference measured 0.6e-4 to 1.8e-4 (relative) over 8 data sets of 1e5 rows, against an estimation
            // error of about 1e-2. The bound is 10x the largest difference and 5x below the error: the same estimate,
            // not merely another fit
            double between = ParameterError.of(back[k], plain.model()).relative();
            assertTrue(between < 2e-3 && between < 0.2 * err, offsets[k] + ": " + between + " vs error " + err);
        }
        // both offsets take the same estimator and differ only by the rounding of the stored values: half an ulp of
        // 1e12 is 6.1e-5, about 2e-5 of the outputs' spread, and the fit moves like the moments it is a smooth
        // function of (measured 1.3e-5); c = mean - tr Q keeps the offset to within its last bits (measured 9e-5
        // against ulp(1e12) = 1.2e-4)
        double rounding = ParameterError.of(back[1], back[0]).relative();
        assertTrue(rounding < 1e-4, "1e9 vs 1e12: " + rounding);
        for (int i = 0; i < TRUTH.d(); i++) {
            assertEquals(back[0].c()[i], back[1].c()[i], 2 * Math.ulp(1e12), "c_" + i);
        }
    }
}
