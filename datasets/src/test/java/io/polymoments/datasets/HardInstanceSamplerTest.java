package io.polymoments.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.polymoments.learn.GaussianityCheck;
import io.polymoments.linalg.SymmetricEigen;
import io.polymoments.model.HardInstance;
import io.polymoments.model.StandardNormal;
import io.polymoments.moments.Basis;
import io.polymoments.moments.MomentSketch;
import io.polymoments.moments.SketchAccumulator;
import io.polymoments.moments.SplitHalfSketch;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class HardInstanceSamplerTest {

    /** The ReLU-network generator equals y = x + (f(⟨v,x⟩) − ⟨v,x⟩)v to 1e-12, inside and outside [−L, L]. */
    @Test
    void reluNetworkFormEqualsTheDirectForm() {
        for (String name : HardInstanceCatalog.shipped().names()) {
            HardInstanceSampler s = HardInstanceSampler.withSeed(HardInstanceCatalog.load(name), 7, 99);
            SplittableRandom rng = new SplittableRandom(1);
            double[] x = new double[7];
            double[] viaRelu = new double[7];
            double[] direct = new double[7];
            for (int r = 0; r < 20_000; r++) {
                double scale = r % 3 == 0 ? 3 : 1; // a third of the rows reach far beyond L along v
                for (int c = 0; c < 7; c++) {
                    x[c] = scale * rng.nextGaussian();
                }
                s.transform(x, viaRelu, 0);
                s.transformByLink(x, direct, 0);
                assertArrayEquals(direct, viaRelu, 1e-12, name);
            }
        }
    }

    @Test
    void directionIsAUnitVectorDeterminedByItsSeed() {
        double[] v = HardInstanceSampler.randomDirection(10, 42);
        double norm = 0;
        for (double c : v) {
            norm += c * c;
        }
        assertEquals(1, norm, 1e-15);
        assertArrayEquals(v, HardInstanceSampler.randomDirection(10, 42), 0);
        assertFalse(java.util.Arrays.equals(v, HardInstanceSampler.randomDirection(10, 43)));
        assertThrows(IllegalArgumentException.class,
                () -> new HardInstanceSampler(HardInstanceCatalog.load("bounded_k4"), new double[] {1, 1}));
        assertThrows(IllegalArgumentException.class, () -> HardInstanceSampler.randomDirection(0, 1));
    }

    /** The sampler travels to executors: a Java-serialised copy draws exactly the same rows. */
    @Test
    void serialisedSamplerDrawsTheSameRows() throws Exception {
        HardInstanceSampler s = HardInstanceSampler.withSeed(HardInstanceCatalog.load("bounded_k6"), 4, 21);
        var bytes = new java.io.ByteArrayOutputStream();
        try (var out = new java.io.ObjectOutputStream(bytes)) {
            out.writeObject(s);
        }
        RowSampler copy;
        try (var in = new java.io.ObjectInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
            copy = (RowSampler) in.readObject();
        }
        SampleStream stream = new SampleStream(5, 10_000);
        assertArrayEquals(stream.block(s, 1), stream.block(copy, 1), 0);
    }

    /**
     * Along v the data live on [−f(L), f(L)] with atoms of mass Φ̄(L) at each end (2.3% each for bounded_k4);
     * blocks of a SampleStream are reproducible.
     */
    @Test
    void projectionOntoVHasTheBoundedSupportAndAtoms() {
        HardInstance inst = HardInstanceCatalog.load("bounded_k4");
        HardInstanceSampler s = HardInstanceSampler.withSeed(inst, 5, 3);
        SampleStream stream = new SampleStream(11, 100_000);
        double[] v = s.direction();
        double top = inst.f().apply(100);
        long atoms = 0;
        for (long b = 0; b < stream.blocks(); b++) {
            double[] rows = stream.block(s, b);
            for (int r = 0; r < rows.length / 5; r++) {
                double t = 0;
                for (int c = 0; c < 5; c++) {
                    t += rows[r * 5 + c] * v[c];
                }
                assertTrue(Math.abs(t) <= top + 1e-12, "projection " + t + " beyond the support");
                if (Math.abs(Math.abs(t) - top) < 1e-9) {
                    atoms++;
                }
            }
        }
        double p = 2 * StandardNormal.sf(2.0);
        double sd = Math.sqrt(p * (1 - p) / 100_000);
        assertEquals(p, atoms / 100_000.0, 5 * sd);
        assertArrayEquals(stream.block(s, 3), stream.block(s, 3), 0);
    }

    /** Two passes as the engine runs them: order-2 sketch → whitening basis → order-4 sketch of whitened rows. */
    private static SplitHalfSketch whitenedSketch(RowSampler sampler, long n, long seed) {
        int d = sampler.dim();
        SampleStream stream = new SampleStream(seed, n);
        SketchAccumulator pass1 = new SketchAccumulator(2, d, null);
        for (long b = 0; b < stream.blocks(); b++) {
            double[] rows = stream.block(sampler, b);
            for (int r = 0; r < rows.length / d; r++) {
                pass1.add(rows, r * d);
            }
        }
        MomentSketch second = pass1.finish().total();
        SymmetricEigen eig = SymmetricEigen.of(second.covariance(), d);
        double[] w = new double[d * d]; // column-major d×d: W = V Λ^{-1/2}
        for (int j = 0; j < d; j++) {
            double s = 1 / Math.sqrt(eig.values()[j]);
            for (int i = 0; i < d; i++) {
                w[i + j * d] = eig.vectors()[i + j * d] * s;
            }
        }
        Basis basis = new Basis(d, d, second.mean(), w);
        SketchAccumulator pass2 = new SketchAccumulator(4, d, basis);
        for (long b = 0; b < stream.blocks(); b++) {
            double[] rows = stream.block(sampler, b);
            for (int r = 0; r < rows.length / d; r++) {
                pass2.add(rows, r * d);
            }
        }
        return pass2.finish();
    }

    /**
     * bounded_k4 (k = 4) at n = 2·10⁵, d = 6: every whitened cumulant entry of orders 3 and 4 is within its CLT
     * tolerance of zero (|κ̂_α|·√(n/α!) below the Bonferroni bound at level 1e-3 over the 56 + 126 entries), although
     * the data are far from Gaussian at order 6 along v (E⟨v,y⟩⁶ = 12.59 vs 15; the estimate's sd is ≈ 0.08, and 0.23 under a Gaussian).
     */
    @Test
    void whitenedCumulantsOfHardDataVanishWithinSamplingNoise() {
        int d = 6;
        int n = 200_000;
        HardInstanceSampler s = HardInstanceSampler.withSeed(HardInstanceCatalog.load("bounded_k4"), d, 17);
        MomentSketch z = whitenedSketch(s, n, 23).total();
        double bound = StandardNormal.upperQuantile(1e-3 / (2 * (56 + 126)));
        double[] k3 = z.thirdCumulant();
        double[] k4 = z.fourthCumulant();
        double worst = 0;
        for (int i = 0; i < d; i++) {
            for (int j = i; j < d; j++) {
                for (int k = j; k < d; k++) {
                    double zs = k3[(i * d + j) * d + k] * Math.sqrt(n / multiplicityFactorial(i, j, k));
                    worst = Math.max(worst, Math.abs(zs));
                    for (int l = k; l < d; l++) {
                        double z4 = k4[((i * d + j) * d + k) * d + l] * Math.sqrt(n / multiplicityFactorial(i, j, k, l));
                        worst = Math.max(worst, Math.abs(z4));
                    }
                }
            }
        }
        assertTrue(worst < bound, "largest |z| " + worst + " vs bound " + bound);

        // ... yet the sixth moment along v is visibly non-Gaussian
        SampleStream stream = new SampleStream(23, n);
        double[] v = s.direction();
        double m6 = 0;
        for (long b = 0; b < stream.blocks(); b++) {
            double[] rows = stream.block(s, b);
            for (int r = 0; r < rows.length / d; r++) {
                double t = 0;
                for (int c = 0; c < d; c++) {
                    t += rows[r * d + c] * v[c];
                }
                m6 += t * t * t * t * t * t;
            }
        }
        m6 /= n;
        double[] exact = s.instance().f().gaussianMoments(12);
        double sdHard = Math.sqrt((exact[12] - exact[6] * exact[6]) / n); // sd of the mean of f(z)^6
        double sdGauss = Math.sqrt((10395 - 225.0) / n);
        assertEquals(exact[6], m6, 5 * sdHard);
        assertTrue(15 - m6 > 5 * sdGauss, "E t^6 = " + m6 + " should sit well below 15");
    }

    private static double multiplicityFactorial(int... sorted) {
        double f = 1;
        int run = 1;
        for (int t = 1; t <= sorted.length; t++) {
            if (t < sorted.length && sorted[t] == sorted[t - 1]) {
                run++;
            } else {
                for (int j = 2; j <= run; j++) {
                    f *= j;
                }
                run = 1;
            }
        }
        return f;
    }

    /** The diagnostic says "cannot identify" on bounded_k4 (k = 4) data at orders 3 and 4. */
    @Test
    void gaussianityCheckCannotTellHardDataFromGaussian() {
        int d = 6;
        HardInstanceSampler s = HardInstanceSampler.withSeed(HardInstanceCatalog.load("bounded_k4"), d, 5);
        GaussianityCheck.Result res = GaussianityCheck.check(whitenedSketch(s, 200_000, 31));
        assertTrue(res.consistentWithGaussian(), res.summary());
        assertEquals(6, res.rank());
        assertTrue(res.order(3) != null && res.order(4) != null);
        assertTrue(res.summary().startsWith("moments near-Gaussian: cannot identify"), res.summary());
        assertEquals(GaussianityCheck.Result.CANNOT_IDENTIFY, res.verdict());
    }
}
