package io.polymoments.model;

import io.polymoments.tensor.SymmetricIndex;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DiagramMomentsTest {

    /** E[h_{l1}…h_{lq}] by tensor Gauss–Hermite quadrature over x ∈ R^r (exact for these polynomial degrees). */
    private static double[] quadratureMoments(double[] u, double[] s, int m, int r, int omega, int q, int nodes) {
        Hermite.Quadrature gh = Hermite.gaussHermite(nodes);
        int total = (int) Math.pow(nodes, r);
        SymmetricIndex idx = SymmetricIndex.of(m, q);
        double[] out = new double[idx.size()];
        double[] h = new double[m];
        double[] coef = new double[omega + 1];
        for (int p = 0; p < total; p++) {
            int rem = p;
            double weight = 1;
            double[] x = new double[r];
            for (int k = 0; k < r; k++) {
                x[k] = gh.nodes()[rem % nodes];
                weight *= gh.weights()[rem % nodes];
                rem /= nodes;
            }
            for (int l = 0; l < m; l++) {
                double g = 0;
                for (int k = 0; k < r; k++) {
                    g += u[l + m * k] * x[k];
                }
                for (int j = 1; j <= omega; j++) {
                    coef[j] = s[l + m * (j - 1)];
                }
                h[l] = Hermite.evaluate(coef, g);
            }
            for (int t = 0; t < out.length; t++) {
                double prod = weight;
                for (int v : idx.tuples[t]) {
                    prod *= h[v];
                }
                out[t] += prod;
            }
        }
        return out;
    }

    private static double[] randomUnitRows(int m, int r, SplittableRandom rng) {
        double[] u = new double[m * r];
        for (int l = 0; l < m; l++) {
            double n = 0;
            for (int k = 0; k < r; k++) {
                u[l + m * k] = rng.nextGaussian();
                n += u[l + m * k] * u[l + m * k];
            }
            for (int k = 0; k < r; k++) {
                u[l + m * k] /= Math.sqrt(n);
            }
        }
        return u;
    }

    private static double[] gram(double[] u, int m, int r) {
        double[] g = new double[m * m];
        for (int a = 0; a < m; a++) {
            for (int b = 0; b < m; b++) {
                double s = 0;
                for (int k = 0; k < r; k++) {
                    s += u[a + m * k] * u[b + m * k];
                }
                g[a + m * b] = a == b ? 1.0 : s;
            }
        }
        return g;
    }

    @Test
    void patternCountsMatchTheSpec() {
        assertEquals(3, DiagramMoments.patternCount(2, 3));
        assertEquals(13, DiagramMoments.patternCount(3, 3));
        assertEquals(143, DiagramMoments.patternCount(4, 3));
    }

    @Test
    void diagramFormulaAgreesWithGaussHermiteQuadrature() {
        SplittableRandom rng = new SplittableRandom(0);
        int m = 4;
        int r = 3;
        for (int omega = 2; omega <= 3; omega++) {
            double[] u = randomUnitRows(m, r, rng);
            double[] s = new double[m * omega];
            for (int i = 0; i < s.length; i++) {
                s[i] = rng.nextGaussian();
            }
            double[] rho = gram(u, m, r);
            for (int q = 2; q <= 4; q++) {
                double[] exact = DiagramMoments.unitMoments(rho, s, m, omega, q);
                double[] quad = quadratureMoments(u, s, m, r, omega, q, 10); // degree ≤ 12 ≤ 2·10 − 1
                double scale = 0;
                for (double v : quad) {
                    scale = Math.max(scale, Math.abs(v));
                }
                for (int t = 0; t < exact.length; t++) {
                    assertEquals(quad[t], exact[t], 1e-12 * scale, "omega=" + omega + " q=" + q + " entry " + t);
                }
            }
        }
    }

    @Test
    void wickSquareThirdMomentHasClosedForm() {
        // σ = He_2: E[h_a h_b h_c] = 8 ρ_ab ρ_bc ρ_ca
        int m = 3;
        double[] rho = {1, 0.3, -0.2, 0.3, 1, 0.5, -0.2, 0.5, 1};
        double[] s = {0, 0, 0, 1, 1, 1};
        double[] e3 = SymmetricIndex.of(m, 3).toDense(DiagramMoments.unitMoments(rho, s, m, 2, 3));
        assertEquals(8 * 0.3 * 0.5 * -0.2, e3[0 + 3 * 1 + 9 * 2], 1e-15);
        assertEquals(8.0, e3[0], 1e-15);
    }

    @Test
    void derivativesMatchCentralDifferences() {
        SplittableRandom rng = new SplittableRandom(1);
        int m = 4;
        int omega = 3;
        double[] rho = gram(randomUnitRows(m, 3, rng), m, 3);
        double[] s = new double[m * omega];
        for (int i = 0; i < s.length; i++) {
            s[i] = rng.nextGaussian();
        }
        int np = m * (m - 1) / 2;
        double h = 1e-6;
        for (int q = 2; q <= 4; q++) {
            DiagramMoments.Derivatives der = DiagramMoments.unitMomentsWithDerivatives(rho, s, m, omega, q);
            int nu = der.values().length;
            for (int p = 0; p < s.length; p++) {
                double[] sp = s.clone();
                double[] sm = s.clone();
                sp[p] += h;
                sm[p] -= h;
                double[] ep = DiagramMoments.unitMoments(rho, sp, m, omega, q);
                double[] em = DiagramMoments.unitMoments(rho, sm, m, omega, q);
                for (int t = 0; t < nu; t++) {
                    double fd = (ep[t] - em[t]) / (2 * h);
                    assertEquals(fd, der.dS()[t * m * omega + p], 1e-6 * (1 + Math.abs(fd)));
                }
            }
            for (int a = 0; a < m; a++) {
                for (int b = a + 1; b < m; b++) {
                    double[] rp = rho.clone();
                    double[] rm = rho.clone();
                    rp[a + m * b] += h;
                    rp[b + m * a] += h;
                    rm[a + m * b] -= h;
                    rm[b + m * a] -= h;
                    double[] ep = DiagramMoments.unitMoments(rp, s, m, omega, q);
                    double[] em = DiagramMoments.unitMoments(rm, s, m, omega, q);
                    int pi = DiagramMoments.pairIndex(a, b, m);
                    for (int t = 0; t < nu; t++) {
                        double fd = (ep[t] - em[t]) / (2 * h);
                        assertEquals(fd, der.dRho()[t * np + pi], 1e-6 * (1 + Math.abs(fd)));
                    }
                }
            }
        }
        assertTrue(np > 0);
    }

    /**
     * The moments alone (the cost function's path, which drops the diagrams of an all-zero S column once) equal the
     * values computed with the derivatives, to the last bit: an even activation (no He_1 or He_3 term in any unit) and
     * scattered zeros.
     */
    @Test
    void momentsAloneEqualTheValuesOfTheDerivativesPath() {
        SplittableRandom rng = new SplittableRandom(11);
        int m = 6;
        int omega = 3;
        double[] rho = gram(randomUnitRows(m, 4, rng), m, 4);
        for (boolean even : new boolean[] {true, false}) {
            double[] s = new double[m * omega];
            for (int l = 0; l < m; l++) {
                for (int j = 1; j <= omega; j++) {
                    boolean zero = even ? j % 2 == 1 : (l + j) % 5 == 0;
                    s[l + m * (j - 1)] = zero ? 0.0 : rng.nextGaussian();
                }
            }
            for (int q = 2; q <= 4; q++) {
                double[] alone = DiagramMoments.unitMoments(rho, s, m, omega, q);
                double[] withDerivatives = DiagramMoments.unitMomentsWithDerivatives(rho, s, m, omega, q).values();
                for (int t = 0; t < alone.length; t++) {
                    assertEquals(withDerivatives[t], alone[t], 0.0, "q=" + q + " tuple " + t + " even=" + even);
                }
            }
        }
    }

    /** Per-position and per-edge derivatives add up to the derivatives in S and ρ; the values are the same. */
    @Test
    void localDerivativesSumToTheGlobalOnes() {
        SplittableRandom rng = new SplittableRandom(5);
        int m = 5;
        int omega = 3;
        double[] rho = gram(randomUnitRows(m, 3, rng), m, 3);
        double[] s = new double[m * omega];
        for (int i = 0; i < s.length; i++) {
            s[i] = i % 4 == 0 ? 0.0 : rng.nextGaussian(); // zeros: skipped diagrams must not change anything
        }
        int np = m * (m - 1) / 2;
        for (int q = 2; q <= 4; q++) {
            SymmetricIndex idx = SymmetricIndex.of(m, q);
            DiagramMoments.Derivatives global = DiagramMoments.unitMomentsWithDerivatives(rho, s, m, omega, q);
            int[][] edges = DiagramMoments.edges(q);
            for (boolean withS : new boolean[] {true, false}) {
                DiagramMoments.LocalDerivatives local = DiagramMoments.unitMomentsWithLocalDerivatives(rho, s, m, omega,
                        q, withS);
                for (int t = 0; t < idx.size(); t++) {
                    int[] l = idx.tuples[t];
                    double scale = 1 + Math.abs(global.values()[t]);
                    assertEquals(global.values()[t], local.values()[t], 1e-13 * scale);
                    double[] dRho = new double[np];
                    for (int e = 0; e < edges.length; e++) {
                        int a = l[edges[e][0]];
                        int b = l[edges[e][1]];
                        double d = local.dEdge()[t * edges.length + e];
                        if (a == b) {
                            assertEquals(0.0, d, "edge within one unit");
                        } else {
                            dRho[DiagramMoments.pairIndex(a, b, m)] += d;
                        }
                    }
                    for (int k = 0; k < np; k++) {
                        assertEquals(global.dRho()[t * np + k], dRho[k], 1e-12 * scale);
                    }
                    if (withS) {
                        double[] dS = new double[m * omega];
                        for (int v = 0; v < q; v++) {
                            for (int j = 0; j < omega; j++) {
                                dS[l[v] + m * j] += local.dPosition()[(t * q + v) * omega + j];
                            }
                        }
                        for (int k = 0; k < m * omega; k++) {
                            assertEquals(global.dS()[t * m * omega + k], dS[k], 1e-12 * scale);
                        }
                    }
                }
            }
        }
    }
}
