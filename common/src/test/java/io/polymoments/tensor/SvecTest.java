package io.polymoments.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;

class SvecTest {

    private static double[] randomSymmetric(int r, Random rng) {
        double[] x = new double[r * r];
        for (int j = 0; j < r; j++) {
            for (int i = 0; i <= j; i++) {
                x[i + j * r] = x[j + i * r] = rng.nextGaussian();
            }
        }
        return x;
    }

    private static double trace(double[] x, double[] y, int r) {
        double s = 0;
        for (int i = 0; i < r; i++) {
            for (int l = 0; l < r; l++) {
                s += x[i + l * r] * y[l + i * r];
            }
        }
        return s;
    }

    @Test
    void innerProductIsTraceAndSmatInvertsSvec() {
        Random rng = new Random(3);
        for (int r = 1; r <= 7; r++) {
            double[] x = randomSymmetric(r, rng);
            double[] y = randomSymmetric(r, rng);
            double[] sx = Svec.svec(x, r);
            double[] sy = Svec.svec(y, r);
            assertEquals(Svec.tri(r), sx.length);
            double dot = 0;
            for (int i = 0; i < sx.length; i++) {
                dot += sx[i] * sy[i];
            }
            assertEquals(trace(x, y, r), dot, 1e-12 * (1 + Math.abs(dot)));
            double[] back = Svec.smat(sx, r);
            for (int i = 0; i < x.length; i++) {
                assertEquals(x[i], back[i], 1e-15);
            }
        }
    }

    @Test
    void orderIsDiagonalThenUpperTriangleRowByRow() {
        int r = 4;
        double[] x = new double[r * r];
        // X_ab = 10a + b + 1 (symmetrised by mirroring the upper triangle)
        for (int a = 0; a < r; a++) {
            for (int b = a; b < r; b++) {
                x[a + b * r] = x[b + a * r] = 10 * a + b + 1;
            }
        }
        double s2 = Math.sqrt(2);
        double[] expected = {1, 12, 23, 34, 2 * s2, 3 * s2, 4 * s2, 13 * s2, 14 * s2, 24 * s2};
        double[] v = Svec.svec(x, r);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], v[i], 1e-12);
        }
        assertEquals(4, Svec.offDiagonalIndex(0, 1, r));
        assertEquals(6, Svec.offDiagonalIndex(0, 3, r));
        assertEquals(7, Svec.offDiagonalIndex(1, 2, r));
        assertEquals(9, Svec.offDiagonalIndex(2, 3, r));
    }

    @Test
    void frameMatricesAreOrthonormal() {
        int r = 4;
        int k = Svec.tri(r);
        for (int i = 0; i < k; i++) {
            double[] ei = new double[k];
            ei[i] = 1;
            double[] mi = Svec.smat(ei, r);
            for (int j = 0; j < k; j++) {
                double[] ej = new double[k];
                ej[j] = 1;
                assertEquals(i == j ? 1.0 : 0.0, trace(mi, Svec.smat(ej, r), r), 1e-15);
            }
        }
    }

    @Test
    void triangularNumbers() {
        assertEquals(55, Svec.tri(10));
        assertEquals(10, Svec.rFromK(55));
        assertEquals(-1, Svec.rFromK(54));
        assertThrows(IllegalArgumentException.class, () -> Svec.smat(new double[5], 3));
    }

    @Test
    void tr3OverSeveralBlocksOfPairsMatchesTripleLoop() {
        Random rng = new Random(6);
        int n = 40;   // 820 pairs b ≤ c: more than one block
        int r = 4;
        double[] mats = new double[n * r * r];
        for (int a = 0; a < n; a++) {
            System.arraycopy(randomSymmetric(r, rng), 0, mats, a * r * r, r * r);
        }
        double[] t3 = TraceProducts.tr3(mats, n, r);
        for (int a = 0; a < n; a++) {
            for (int b = 0; b < n; b++) {
                for (int c = 0; c < n; c++) {
                    double s = 0;
                    for (int i = 0; i < r; i++) {
                        for (int j = 0; j < r; j++) {
                            for (int l = 0; l < r; l++) {
                                s += mats[a * 16 + i + j * r] * mats[b * 16 + j + l * r] * mats[c * 16 + l + i * r];
                            }
                        }
                    }
                    assertEquals(s, t3[a + n * b + n * n * c], 1e-12, a + "," + b + "," + c);
                }
            }
        }
    }

    @Test
    void traceProductsMatchTripleLoop() {
        Random rng = new Random(5);
        int n = 4;
        int r = 3;
        double[] mats = new double[n * r * r];
        for (int a = 0; a < n; a++) {
            System.arraycopy(randomSymmetric(r, rng), 0, mats, a * r * r, r * r);
        }
        double[] t3 = TraceProducts.tr3(mats, n, r);
        double[] t4 = TraceProducts.tr4(mats, n, r);
        for (int a = 0; a < n; a++) {
            for (int b = 0; b < n; b++) {
                for (int c = 0; c < n; c++) {
                    double s = 0;
                    for (int i = 0; i < r; i++) {
                        for (int j = 0; j < r; j++) {
                            for (int l = 0; l < r; l++) {
                                s += mats[a * 9 + i + j * r] * mats[b * 9 + j + l * r] * mats[c * 9 + l + i * r];
                            }
                        }
                    }
                    assertEquals(s, t3[a + n * b + n * n * c], 1e-12);
                    for (int e = 0; e < n; e++) {
                        double s4 = 0;
                        for (int i = 0; i < r; i++) {
                            for (int j = 0; j < r; j++) {
                                for (int l = 0; l < r; l++) {
                                    for (int p = 0; p < r; p++) {
                                        s4 += mats[a * 9 + i + j * r] * mats[b * 9 + j + l * r]
                                                * mats[c * 9 + l + p * r] * mats[e * 9 + p + i * r];
                                    }
                                }
                            }
                        }
                        assertEquals(s4, t4[a + n * b + n * n * c + n * n * n * e], 1e-11);
                    }
                }
            }
        }
    }
}
