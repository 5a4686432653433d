package io.polymoments.learn.quadratic;

import io.polymoments.learn.gof.DirectionalFourthMoments;
import io.polymoments.learn.gof.GoodnessOfFit;
import io.polymoments.learn.gof.GoodnessOfFitCheck;
import io.polymoments.learn.gof.SplitHalfThirdMoments;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Golden values recomputed independently by docs/scripts/golden_vectors.py (numpy, from the formulas of
 * docs/quadratic.md §7 and §9) on deterministic inputs: Z entries 0.5·sin(1 + a·k + p),
 * T_abc = cos(a+b+c) + 0.3·sin(1 + abc), ν_a = 0.1(a+1), weights (1.5, 7, 0.6); GOF halves T ± 0.01·cos(ab + c),
 * 3 directions, 5 blocks.
 */
class ReferenceGoldenTest {
    private static final double[] HOMOGENEOUS_GRADIENT = {
            337.27976432659, 516.1327884002696, 360.47625113131176, -118.73543037188954, -384.3535117760885,
            -277.5476764188169, 387.4967975548842, 585.3249633014913, 408.8354793694682, -137.34336205817243,
            -434.82478053674225, -313.40302452384344, 376.4264733869054, 567.7427338867043, 400.10277680929653,
            -133.19557860052066, -423.515877776005, -311.905832242646, 321.92173969006313, 515.6069340788918,
            381.91603190112414, -89.91489314679914, -385.2653705172246, -321.1394203646
    };
    private static final double[] AFFINE_GRADIENT = {
            280.81380318310846, 450.35671083445305, -101.14685975365637, -216.11341602793027, -175.7360166816915,
            310.31810544329585, 513.2855690539564, -90.62754435967584, -233.51166252224826, -212.17770725778385,
            283.64151018264124, 493.6113643404102, -62.16893665719655, -219.3541654774914, -222.76266529752493,
            220.24732707310952, 446.5847587543755, 0.2091046703483392, -179.1419185304002, -236.60917008354983,
            142.67268242448603, 365.8289394054043, 55.622269152725586, -124.83755723466567, -225.29445537038336
    };

    static double[] zRows(int m, int r, boolean affine) {
        int k = r * (r + 1) / 2;
        double[] z = new double[m * k];
        for (int a = 0; a < m; a++) {
            for (int p = 0; p < k; p++) {
                z[a * k + p] = (affine && p == r - 1) ? 0.0 : 0.5 * Math.sin(1 + a * k + p);
            }
        }
        return z;
    }

    static double[] tensor(int m) {
        double[] t = new double[m * m * m];
        for (int a = 0; a < m; a++) {
            for (int b = 0; b < m; b++) {
                for (int c = 0; c < m; c++) {
                    t[a + m * b + m * m * c] = Math.cos(a + b + c) + 0.3 * Math.sin(1 + a * b * c);
                }
            }
        }
        return t;
    }

    static double[] nu(int m) {
        double[] nu = new double[m];
        for (int a = 0; a < m; a++) {
            nu[a] = 0.1 * (a + 1);
        }
        return nu;
    }

    @Test
    void homogeneousObjectiveAndGradientMatchReference() {
        int m = 4;
        int r = 3;
        MomentMatchingObjective f = MomentMatchingObjective.homogeneous(nu(m), tensor(m), m, r,
                new MomentWeights(1.5, 7, 0.6));
        double[] g = new double[f.parameterCount()];
        double v = f.valueAndGradient(f.pack(zRows(m, r, false)), g);
        assertEquals(560.4329496503757, v, 1e-12 * Math.abs(v));
        for (int i = 0; i < g.length; i++) {
            assertEquals(HOMOGENEOUS_GRADIENT[i], g[i], 1e-12 * 600, "gradient " + i);
        }
    }

    @Test
    void affineObjectiveAndGradientMatchReference() {
        int m = 5;
        int r = 2;
        MomentMatchingObjective f = MomentMatchingObjective.affine(tensor(m), m, r, new MomentWeights(1.5, 7, 0.6));
        double[] g = new double[f.parameterCount()];
        double v = f.valueAndGradient(f.pack(zRows(m, r + 1, true)), g);
        assertEquals(461.75782016797194, v, 1e-12 * Math.abs(v));
        for (int i = 0; i < g.length; i++) {
            assertEquals(AFFINE_GRADIENT[i], g[i], 1e-12 * 600, "gradient " + i);
        }
    }

    @Test
    void goodnessOfFitStatisticsMatchReference() {
        int m = 4;
        int r = 3;
        double[] t = tensor(m);
        double[] even = new double[t.length];
        double[] odd = new double[t.length];
        for (int a = 0; a < m; a++) {
            for (int b = 0; b < m; b++) {
                for (int c = 0; c < m; c++) {
                    int i = a + m * b + m * m * c;
                    double e = 0.01 * Math.cos(a * b + c);
                    even[i] = t[i] + e;
                    odd[i] = t[i] - e;
                }
            }
        }
        int nl = 3;
        int nb = 5;
        double[] dirs = new double[m * nl];
        for (int l = 0; l < nl; l++) {
            double s = 0;
            for (int a = 0; a < m; a++) {
                dirs[a + l * m] = Math.cos(1 + a + 3 * l);
                s += dirs[a + l * m] * dirs[a + l * m];
            }
            for (int a = 0; a < m; a++) {
                dirs[a + l * m] /= Math.sqrt(s);
            }
        }
        long[] counts = new long[nb];
        double[] sums = new double[nb * nl];
        for (int b = 0; b < nb; b++) {
            counts[b] = 100 + 10L * b;
            for (int l = 0; l < nl; l++) {
                sums[b * nl + l] = counts[b] * (3.0 + 2 * Math.sin(b + l) + 0.5 * l);
            }
        }
        GoodnessOfFit gof = new GoodnessOfFitCheck().homogeneous(zRows(m, r, false), r,
                new SplitHalfThirdMoments(m, t, even, odd, 1000), nu(m),
                new DirectionalFourthMoments(m, dirs, counts, sums), Double.NaN);
        assertEquals(421.87925568392797, gof.res3Ratio(), 1e-11 * gof.res3Ratio());
        assertEquals(4.957191819324611, gof.res2(), 1e-12 * gof.res2());
        assertEquals(23.659752193022204, gof.meanZ(), 1e-12 * gof.meanZ());
        assertEquals(1974.3320178051388, gof.kappa4ChiSquarePerDirection(), 1e-10 * gof.kappa4ChiSquarePerDirection());
        double[] z = {-63.06703197045005, -35.0871650629525, -26.728942734398846};
        for (int l = 0; l < nl; l++) {
            assertEquals(z[l], (gof.kappa4Empirical()[l] - gof.kappa4Model()[l]) / gof.kappa4StandardError()[l],
                    1e-10 * Math.abs(z[l]));
        }
    }
}
