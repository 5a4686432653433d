package io.polymoments.learn.lowrank;

import io.polymoments.learn.optim.LevenbergMarquardt;
import io.polymoments.learn.optim.OptimizationResult;
import io.polymoments.learn.optim.ResidualFunction;
import io.polymoments.linalg.LeastSquares;
import io.polymoments.linalg.Matrices;
import io.polymoments.linalg.SymmetricEigen;
import io.polymoments.model.DenseTensors;
import io.polymoments.model.DiagramMoments;
import io.polymoments.model.Hermite;
import io.polymoments.model.SymmetricIndex;

import java.util.SplittableRandom;

/**
 * Step B (LOWRANK.md §1.5): initial (M, U, S) from m whitened directions T = [t_1..t_m]: ĥ = Tᵀz are the
 * normalised unit activations; (i) per-unit activation (FREE: fit to the univariate 3rd/4th moments of ĥ_l),
 * (ii) M_0 = T^{−T}·diag(K_ll)^{−1/2}, (iii) pairwise correlations ρ_ll' by a global 1-D search + refinement on
 * the moments of orders 2–4 supported on {l, l'}, (iv) nearest rank-r unit-diagonal PSD matrix → U_0.
 */
final class InitialParameters {
    private InitialParameters() {}

    /** Initial M (m×m), U (m×r, unit rows) and S (m×ω). */
    record Start(double[] mixing, double[] directions, double[] coefficients) {}

    /**
     * @param dirs   m×m, column l = t_l (unit)
     * @param knownS m×ω normalised coefficients when known (KNOWN mode), else null (fit per unit)
     */
    static Start from(double[] dirs, double[] z3, double[] z4, int m, int r, int omega, double[] knownS,
                      SplittableRandom rng) {
        double[] mh = Matrices.transpose(dirs, m, m);        // ĥ = Mh·z
        double[] h3 = DenseTensors.transform(z3, m, 3, mh, m);
        double[] h4 = DenseTensors.transform(z4, m, 4, mh, m);
        double[] h2 = Matrices.multiply(false, mh, true, mh, m, m, m);
        double[] s = new double[m * omega];
        double[] sd = new double[m];
        if (knownS != null) {
            System.arraycopy(knownS, 0, s, 0, s.length);
            double[] row = new double[omega];
            for (int l = 0; l < m; l++) {
                for (int j = 0; j < omega; j++) {
                    row[j] = s[l + m * j];
                }
                sd[l] = Math.sqrt(Hermite.unitVariance(row));
            }
        } else {
            for (int l = 0; l < m; l++) {
                double[] sl = fitUnitActivation(h3[l * (1 + m + m * m)], h4[l * (1 + m + m * m + m * m * m)], omega);
                for (int j = 0; j < omega; j++) {
                    s[l + m * j] = sl[j];
                }
                sd[l] = 1.0;
            }
        }
        // M_0 = Mh^{-1} diag(1/sd): z = M_0 h with h_l = sd_l·ĥ_l
        double[] inv = LeastSquares.solve(mh, m, m, Matrices.identity(m), m);
        double[] m0 = new double[m * m];
        for (int l = 0; l < m; l++) {
            for (int i = 0; i < m; i++) {
                m0[i + m * l] = inv[i + m * l] / sd[l];
            }
        }
        double[] dsc = new double[m * m];
        for (int l = 0; l < m; l++) {
            dsc[l + m * l] = sd[l];
        }
        double[] rho = pairwiseCorrelations(s, m, omega,
                DenseTensors.transform(h2, m, 2, dsc, m), DenseTensors.transform(h3, m, 3, dsc, m),
                DenseTensors.transform(h4, m, 4, dsc, m));
        double[] u = nearestLowRankCorrelation(rho, m, r, 200, rng);
        return new Start(m0, u, s);
    }

    /** Unit-variance S (Σ j! s_j² = 1) whose univariate 3rd/4th moments best match (h3, h4). */
    static double[] fitUnitActivation(double h3, double h4, int omega) {
        double[] scal = new double[omega];
        for (int j = 0; j < omega; j++) {
            scal[j] = Math.sqrt(Hermite.factorial(j + 1));
        }
        double w4 = 0.5 / Math.max(1.0, Math.abs(h4));
        // candidates v on the unit sphere (v_j = √(j!)·s_j)
        int nGrid = omega == 2 ? 2000 : 4000;
        double[][] grid = new double[nGrid][];
        SplittableRandom g = new SplittableRandom(0);
        for (int k = 0; k < nGrid; k++) {
            double[] v = new double[omega];
            if (omega == 2) {
                double th = 2 * Math.PI * k / nGrid;
                v[0] = Math.cos(th);
                v[1] = Math.sin(th);
            } else {
                for (int j = 0; j < omega; j++) {
                    v[j] = g.nextGaussian();
                }
                v = SphereContrast.normalised(v);
            }
            grid[k] = v;
        }
        double[] err = new double[nGrid];
        Integer[] order = new Integer[nGrid];
        for (int k = 0; k < nGrid; k++) {
            double[] e = singleUnitMoments(grid[k], scal);
            err[k] = sq(e[0] - h3) + sq(w4 * (e[1] - h4));
            order[k] = k;
        }
        java.util.Arrays.sort(order, java.util.Comparator.comparingDouble(k -> err[k]));
        ResidualFunction res = new ResidualFunction() {
            @Override
            public int parameterCount() {
                return omega;
            }

            @Override
            public int residualCount() {
                return 3;
            }

            @Override
            public void evaluate(double[] v, double[] r, double[] jac) {
                double[] s = new double[omega];
                for (int j = 0; j < omega; j++) {
                    s[j] = v[j] / scal[j];
                }
                DiagramMoments.Derivatives d3 = DiagramMoments.unitMomentsWithDerivatives(new double[] {1}, s, 1, omega, 3);
                DiagramMoments.Derivatives d4 = DiagramMoments.unitMomentsWithDerivatives(new double[] {1}, s, 1, omega, 4);
                r[0] = d3.values()[0] - h3;
                r[1] = w4 * (d4.values()[0] - h4);
                r[2] = SphereContrast.dot(v, v) - 1.0;
                if (jac != null) {
                    for (int j = 0; j < omega; j++) {
                        jac[3 * j] = d3.dS()[j] / scal[j];
                        jac[1 + 3 * j] = w4 * d4.dS()[j] / scal[j];
                        jac[2 + 3 * j] = 2 * v[j];
                    }
                }
            }
        };
        LevenbergMarquardt lm = new LevenbergMarquardt().withNIterMax(100);
        double best = Double.POSITIVE_INFINITY;
        double[] bestV = grid[order[0]];
        for (int k = 0; k < Math.min(8, nGrid); k++) {
            OptimizationResult sol = lm.minimize(res, grid[order[k]]);
            if (sol.value() < best) {
                best = sol.value();
                bestV = sol.x();
            }
        }
        double[] v = SphereContrast.normalised(bestV);
        double[] s = new double[omega];
        for (int j = 0; j < omega; j++) {
            s[j] = v[j] / scal[j];
        }
        return s;
    }

    private static double[] singleUnitMoments(double[] v, double[] scal) {
        double[] s = new double[v.length];
        for (int j = 0; j < v.length; j++) {
            s[j] = v[j] / scal[j];
        }
        return new double[] {DiagramMoments.unitMoments(new double[] {1}, s, 1, v.length, 3)[0],
                DiagramMoments.unitMoments(new double[] {1}, s, 1, v.length, 4)[0]};
    }

    private static double sq(double x) {
        return x * x;
    }

    /**
     * For each pair (a, b), ρ_ab minimising the weighted mismatch of the moments of orders 2–4 whose index
     * multiset is exactly {a, b} (these depend on ρ_ab alone): grid of 201 values in [−0.995, 0.995], then
     * golden-section refinement around the three best local minima (the refinement matters: for
     * quadratic-dominant σ the pair moments are nearly even in ρ).
     */
    static double[] pairwiseCorrelations(double[] s, int m, int omega, double[] h2, double[] h3, double[] h4) {
        double[][] dense = {h2, h3, h4};
        double[] scale = new double[3];
        for (int q = 2; q <= 4; q++) {
            SymmetricIndex idx = SymmetricIndex.of(m, q);
            double ss = 0;
            for (int t = 0; t < idx.size(); t++) {
                ss += sq(dense[q - 2][idx.uniqueToDense[t]]);
            }
            scale[q - 2] = 1.0 / Math.max(1e-12, Math.sqrt(ss / idx.size()));
        }
        double[] rho = Matrices.identity(m);
        int nGrid = 201;
        for (int a = 0; a < m; a++) {
            for (int b = a + 1; b < m; b++) {
                final int fa = a;
                final int fb = b;
                double[] s2 = new double[2 * omega];
                for (int j = 0; j < omega; j++) {
                    s2[2 * j] = s[a + m * j];
                    s2[1 + 2 * j] = s[b + m * j];
                }
                java.util.function.DoubleUnaryOperator err = g -> pairMismatch(g, s2, omega, dense, scale, m, fa, fb);
                double[] grid = new double[nGrid];
                double[] e = new double[nGrid];
                for (int k = 0; k < nGrid; k++) {
                    grid[k] = -0.995 + 1.99 * k / (nGrid - 1);
                    e[k] = err.applyAsDouble(grid[k]);
                }
                java.util.List<Integer> minima = new java.util.ArrayList<>();
                for (int k = 0; k < nGrid; k++) {
                    if ((k == 0 || e[k] <= e[k - 1]) && (k == nGrid - 1 || e[k] <= e[k + 1])) {
                        minima.add(k);
                    }
                }
                minima.sort(java.util.Comparator.comparingDouble(k -> e[k]));
                double h = grid[1] - grid[0];
                double bestVal = Double.POSITIVE_INFINITY;
                double bestG = 0;
                for (int i = 0; i < Math.min(3, minima.size()); i++) {
                    double g0 = grid[minima.get(i)];
                    double[] x = goldenSection(err, Math.max(-1.0, g0 - h), Math.min(1.0, g0 + h), 1e-12);
                    if (x[1] < bestVal) {
                        bestVal = x[1];
                        bestG = x[0];
                    }
                }
                rho[a + m * b] = bestG;
                rho[b + m * a] = bestG;
            }
        }
        return rho;
    }

    private static final int[][][] PAIR_TUPLES = {
            {{0, 1}},
            {{0, 0, 1}, {0, 1, 1}},
            {{0, 0, 0, 1}, {0, 0, 1, 1}, {0, 1, 1, 1}}};

    private static double pairMismatch(double g, double[] s2, int omega, double[][] dense, double[] scale, int m,
                                       int a, int b) {
        double[] rho = {1, g, g, 1};
        double e = 0;
        for (int q = 2; q <= 4; q++) {
            SymmetricIndex i2 = SymmetricIndex.of(2, q);
            double[] model = i2.toDense(DiagramMoments.unitMoments(rho, s2, 2, omega, q));
            for (int[] tup : PAIR_TUPLES[q - 2]) {
                int pos2 = 0;
                int posM = 0;
                int st2 = 1;
                int stM = 1;
                int ones = 0;
                for (int v = 0; v < q; v++) {
                    pos2 += tup[v] * st2;
                    posM += (tup[v] == 0 ? a : b) * stM;
                    st2 *= 2;
                    stM *= m;
                    ones += tup[v];
                }
                double mult = Hermite.factorial(q) / (Hermite.factorial(ones) * Hermite.factorial(q - ones));
                e += sq(scale[q - 2]) * mult * sq(model[pos2] - dense[q - 2][posM]);
            }
        }
        return e;
    }

    /** Golden-section minimisation on [lo, hi]; returns {argmin, min}. */
    static double[] goldenSection(java.util.function.DoubleUnaryOperator f, double lo, double hi, double tol) {
        double gr = (Math.sqrt(5) - 1) / 2;
        double x1 = hi - gr * (hi - lo);
        double x2 = lo + gr * (hi - lo);
        double f1 = f.applyAsDouble(x1);
        double f2 = f.applyAsDouble(x2);
        while (hi - lo > tol) {
            if (f1 < f2) {
                hi = x2;
                x2 = x1;
                f2 = f1;
                x1 = hi - gr * (hi - lo);
                f1 = f.applyAsDouble(x1);
            } else {
                lo = x1;
                x1 = x2;
                f1 = f2;
                x2 = lo + gr * (hi - lo);
                f2 = f.applyAsDouble(x2);
            }
        }
        double x = 0.5 * (lo + hi);
        return new double[] {x, f.applyAsDouble(x)};
    }

    /**
     * Nearest rank-r unit-diagonal PSD matrix by alternating projections (top-r eigenpairs, rows normalised,
     * averaged with the data, diagonal reset to 1); returns U (m×r, unit rows) with ρ ≈ UUᵀ.
     */
    static double[] nearestLowRankCorrelation(double[] rho, int m, int r, int iters, SplittableRandom rng) {
        double[] x = rho.clone();
        double[] u = new double[m * r];
        for (int it = 0; it < iters; it++) {
            SymmetricEigen e = SymmetricEigen.of(SphereContrast.Matrices2.symmetrize(x, m), m);
            for (int k = 0; k < r; k++) {
                double sc = Math.sqrt(Math.max(k < m ? e.values()[k] : 0, 1e-9));
                for (int l = 0; l < m; l++) {
                    u[l + m * k] = k < m ? e.vectors()[l + m * k] * sc : rng.nextGaussian() * 1e-3;
                }
            }
            for (int l = 0; l < m; l++) {
                double n = 0;
                for (int k = 0; k < r; k++) {
                    n += u[l + m * k] * u[l + m * k];
                }
                if (!(n > 1e-16)) {
                    n = 0;
                    for (int k = 0; k < r; k++) {
                        u[l + m * k] = rng.nextGaussian();
                        n += u[l + m * k] * u[l + m * k];
                    }
                }
                n = Math.sqrt(n);
                for (int k = 0; k < r; k++) {
                    u[l + m * k] /= n;
                }
            }
            double[] xn = Matrices.multiply(false, u, true, u, m, m, r);
            for (int i = 0; i < m * m; i++) {
                x[i] = 0.5 * (xn[i] + rho[i]);
            }
            for (int l = 0; l < m; l++) {
                x[l + m * l] = 1.0;
            }
        }
        return u;
    }
}
