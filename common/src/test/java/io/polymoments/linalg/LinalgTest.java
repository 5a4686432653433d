package io.polymoments.linalg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** One harness over the LAPACK wrappers: empty, tiny, larger, singular and badly scaled inputs. */
class LinalgTest {

    private static double[] randomSymmetric(int n, Random rng, double scale) {
        double[] a = Matrices.gaussian(n, n, rng);
        for (int i = 0; i < a.length; i++) {
            a[i] *= scale;
        }
        return Matrices.symmetrizeInPlace(a, n);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 7, 60})
    void symmetricEigenReconstructsAndIsDescending(int n) {
        Random rng = new Random(11 + n);
        for (double scale : new double[] {1.0, 1e-8, 1e8}) {
            double[] a = randomSymmetric(n, rng, scale);
            SymmetricEigen e = SymmetricEigen.of(a, n);
            for (int j = 1; j < n; j++) {
                assertTrue(e.values()[j - 1] >= e.values()[j]);
            }
            double[] vl = e.vectors().clone();
            for (int j = 0; j < n; j++) {
                for (int i = 0; i < n; i++) {
                    vl[i + j * n] *= e.values()[j];
                }
            }
            double[] back = Matrices.multiply(false, vl, true, e.vectors(), n, n, n);
            double err = Matrices.distance(back, a);
            assertTrue(err <= 1e-12 * Math.max(1e-300, Matrices.frobeniusNorm(a)) * Math.max(1, n), "residual " + err);
            double[] vtv = Matrices.multiply(true, e.vectors(), false, e.vectors(), n, n, n);
            assertTrue(Matrices.distance(vtv, Matrices.identity(n)) < 1e-12 * Math.max(1, n));
        }
    }

    @Test
    void symmetricEigenOfSingularMatrixFindsZeros() {
        Random rng = new Random(3);
        int n = 6;
        double[] g = Matrices.gaussian(n, 2, rng);
        double[] a = Matrices.multiply(false, g, true, g, n, n, 2); // rank 2
        SymmetricEigen e = SymmetricEigen.of(a, n);
        assertTrue(e.values()[1] > 1e-3);
        for (int j = 2; j < n; j++) {
            assertTrue(Math.abs(e.values()[j]) < 1e-13 * e.values()[0]);
        }
    }

    @Test
    void nonFiniteInputIsRejectedWithAMessage() {
        double[] a = {1, Double.NaN, Double.NaN, 1};
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> SymmetricEigen.of(a, 2));
        assertTrue(ex.getMessage().contains("NaN"));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 40})
    void svdReconstructsTallAndWide(int n) {
        Random rng = new Random(5 + n);
        for (int[] shape : new int[][] {{n + 3, n}, {n, n + 5}}) {
            int m = shape[0];
            int c = shape[1];
            double[] a = Matrices.gaussian(m, c, rng);
            Svd svd = Svd.of(a, m, c);
            int p = Math.min(m, c);
            double[] us = svd.u().clone();
            for (int j = 0; j < p; j++) {
                for (int i = 0; i < m; i++) {
                    us[i + j * m] *= svd.s()[j];
                }
            }
            double[] back = Matrices.multiply(us, svd.vt(), m, p, c);
            assertTrue(Matrices.distance(back, a) < 1e-12 * Matrices.frobeniusNorm(a));
            double[] v = svd.leadingV(p);
            double[] vtv = Matrices.multiply(true, v, false, v, p, p, c);
            assertTrue(Matrices.distance(vtv, Matrices.identity(p)) < 1e-12 * p);
        }
    }

    @Test
    void generalEigenFindsComplexPairOfRotation() {
        double t = 0.3;
        double[] rot = {Math.cos(t), Math.sin(t), -Math.sin(t), Math.cos(t)}; // column-major
        GeneralEigen e = GeneralEigen.of(rot, 2);
        assertEquals(Math.cos(t), e.re()[0], 1e-14);
        assertEquals(Math.sin(t), Math.abs(e.im()[0]), 1e-14);
        assertEquals(-e.im()[0], e.im()[1], 1e-14);
    }

    @Test
    void generalEigenVectorsSatisfyAvEqualsLambdaV() {
        Random rng = new Random(8);
        int n = 9;
        double[] a = Matrices.gaussian(n, n, rng);
        double[] sym = a.clone();
        Matrices.symmetrizeInPlace(sym, n);
        // A similarity of a diagonal matrix has real eigenvalues: check A v = λ v per column.
        double[] p = Matrices.gaussian(n, n, rng);
        double[] d = new double[n * n];
        for (int i = 0; i < n; i++) {
            d[i + i * n] = i + 1;
        }
        double[] pinv = LeastSquares.solve(p, n, n, Matrices.identity(n), n);
        double[] m = Matrices.multiply(Matrices.multiply(p, d, n, n, n), pinv, n, n, n);
        GeneralEigen e = GeneralEigen.of(m, n);
        double[] av = Matrices.multiply(m, e.vectors(), n, n, n);
        for (int j = 0; j < n; j++) {
            assertEquals(0.0, e.im()[j], 1e-9);
            for (int i = 0; i < n; i++) {
                assertEquals(e.re()[j] * e.vectors()[i + j * n], av[i + j * n], 1e-8);
            }
        }
    }

    @Test
    void leastSquaresMatchesNormalEquationsAndHandlesRankDeficiency() {
        Random rng = new Random(2);
        int m = 20;
        int n = 4;
        double[] a = Matrices.gaussian(m, n, rng);
        double[] xTrue = {1, -2, 3, 0.5};
        double[] b = Matrices.multiply(a, xTrue, m, n, 1);
        double[] x = LeastSquares.solve(a, m, n, b, 1);
        for (int i = 0; i < n; i++) {
            assertEquals(xTrue[i], x[i], 1e-12);
        }
        // duplicate a column: the minimum-norm solution splits the coefficient evenly
        double[] a2 = new double[m * 2];
        System.arraycopy(a, 0, a2, 0, m);
        System.arraycopy(a, 0, a2, m, m);
        double[] b2 = Matrices.column(a, m, 0);
        double[] x2 = LeastSquares.solve(a2, m, 2, b2, 1);
        assertEquals(0.5, x2[0], 1e-12);
        assertEquals(0.5, x2[1], 1e-12);
    }
}
