package io.polymoments.learn.lowrank;

import io.polymoments.learn.optim.LevenbergMarquardt;
import io.polymoments.learn.optim.OptimizationResult;
import io.polymoments.learn.optim.ResidualFunction;
import io.polymoments.linalg.LeastSquares;
import io.polymoments.linalg.Matrices;
import io.polymoments.linalg.SymmetricEigen;
import io.polymoments.model.DiagramMoments;
import io.polymoments.model.Hermite;
import io.polymoments.tensor.DenseTensors;
import io.polymoments.tensor.SymmetricIndex;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Step B (docs/lowrank.md §6): initial (M, U, S) from m whitened directions T = [t_1..t_m]: ĥ = Tᵀz are the
 * normalised unit activations; (i) per-unit activation (FREE: fit to the univariate 3rd/4th moments of ĥ_l),
 * (ii) M_0 = T^{−T}·diag(K_ll)^{−1/2}, (iii) pairwise correlations ρ_ll' by a global 1-D search + refinement on
 * the moments of orders 2–4 supported on {l, l'}, (iv) nearest rank-r unit-diagonal PSD matrix → U_0.
 */
final class InitialParameters {

    /** Initial M (m×m), U (m×r, unit rows) and S (m×ω). */
    record Start(double[] mixing, double[] directions, double[] coefficients) {}

    private final double[] z3;
    private final double[] z4;
    private final int m;
    private final int omega;
    private final double[] knownRow;
    private final List<double[]> dirs = new ArrayList<>();
    private final List<double[]> coef = new ArrayList<>();   // per direction: S row (length ω)
    private final Map<Long, Double> rho = new ConcurrentHashMap<>(); // start() may run on several driver threads
    private final double[] scale = new double[3];

    /**
     * Caches everything of Step B that depends on single directions (activation fit) or pairs (ρ search), so
     * that many candidate direction sets can be initialised and screened cheaply.
     *
     * @param knownRow σ's normalised coefficients S_1..S_ω when known (same for all units), else null (fit per unit)
     */
    InitialParameters(List<double[]> pool, double[] z3, double[] z4, int m, int omega, double[] knownRow) {
        this.z3 = z3;
        this.z4 = z4;
        this.m = m;
        this.omega = omega;
        this.knownRow = knownRow;
        for (double[] t : pool) {
            add(t);
        }
        // per-order weights of the pair search: 1/rms of the whitened moments, in units of the known unit scale
        double sd = knownRow == null ? 1.0 : Math.sqrt(Hermite.unitVariance(knownRow));
        double[][] dense = {Matrices.identity(m), z3, z4};
        for (int q = 2; q <= 4; q++) {
            SymmetricIndex idx = SymmetricIndex.of(m, q);
            double ss = 0;
            for (int t = 0; t < idx.size(); t++) {
                ss += sq(dense[q - 2][idx.uniqueToDense[t]]);
            }
            scale[q - 2] = 1.0 / (Math.max(1e-12, Math.sqrt(ss / idx.size())) * Math.pow(sd, q));
        }
    }

    /** Adds a direction (normalised) and returns its index. Not thread-safe: add every direction before start(). */
    int add(double[] t) {
        double[] n = SphereContrast.normalised(t);
        dirs.add(n);
        coef.add(knownRow != null ? knownRow.clone() : fitUnitActivation(SphereContrast.dot(DenseTensors.contract(z3, m, 3, n,
                1), n), SphereContrast.dot(DenseTensors.contract(z4, m, 4, n, 1), n), omega));
        return dirs.size() - 1;
    }

    int size() {
        return dirs.size();
    }

    private double[] coefficients(int i) {
        return coef.get(i);
    }

    private double sd(int i) {
        return Math.sqrt(Hermite.unitVariance(coefficients(i)));
    }

    /**
     * ρ between the units seen along directions i and j (cached). Always searched with the lower index first: the
     * search is symmetric only up to rounding, and the cached value must not depend on which call came first.
     */
    private double correlation(int i, int j) {
        int lo = Math.min(i, j);
        int hi = Math.max(i, j);
        return rho.computeIfAbsent(lo * 1_000_003L + hi, key -> pairCorrelation(lo, hi));
    }

    /**
     * Initial parameters for the direction set {@code subset} (indices into this cache): S per direction,
     * M_0 = T^{−T}·diag(sd)^{−1} (z = M_0 h with h_l = sd_l·ĥ_l, ĥ = Tᵀz), pairwise ρ, nearest rank-r correlation.
     */
    Start start(int[] subset, int r, SplittableRandom rng) {
        double[] mh = new double[m * m];   // row l = t_l
        double[] s = new double[m * omega];
        double[] sd = new double[m];
        for (int l = 0; l < m; l++) {
            double[] t = dirs.get(subset[l]);
            for (int i = 0; i < m; i++) {
                mh[l + m * i] = t[i];
            }
            double[] sl = coefficients(subset[l]);
            for (int j = 0; j < omega; j++) {
                s[l + m * j] = sl[j];
            }
            sd[l] = sd(subset[l]);
        }
        double[] inv = LeastSquares.solve(mh, m, m, Matrices.identity(m), m);
        double[] m0 = new double[m * m];
        for (int l = 0; l < m; l++) {
            for (int i = 0; i < m; i++) {
                m0[i + m * l] = inv[i + m * l] / sd[l];
            }
        }
        double[] rhoMat = Matrices.identity(m);
        for (int a = 0; a < m; a++) {
            for (int b = a + 1; b < m; b++) {
                double v = correlation(subset[a], subset[b]);
                rhoMat[a + m * b] = v;
                rhoMat[b + m * a] = v;
            }
        }
        double[] u = nearestLowRankCorrelation(rhoMat, m, r, 200, rng);
        return new Start(m0, u, s);
    }

    private static final int[][][] PAIR_TUPLES = {
            {{0, 1}},
            {{0, 0, 1}, {0, 1, 1}},
            {{0, 0, 0, 1}, {0, 0, 1, 1}, {0, 1, 1, 1}}};

    /**
     * ρ_ab minimising the weighted mismatch of the moments of orders 2–4 of (h_a, h_b) whose index multiset is
     * exactly {a, b} (these depend on ρ_ab alone): grid of 201 values in [−0.995, 0.995], then golden-section
     * refinement around the three best local minima (the refinement matters: for quadratic-dominant σ the pair
     * moments are nearly even in ρ).
     */
    private double pairCorrelation(int i, int j) {
        double[] ta = dirs.get(i);
        double[] tb = dirs.get(j);
        double sa = sd(i);
        double sb = sd(j);
        double[][] emp = new double[3][];
        for (int q = 2; q <= 4; q++) {
            emp[q - 2] = new double[PAIR_TUPLES[q - 2].length];
            for (int k = 0; k < emp[q - 2].length; k++) {
                int[] tup = PAIR_TUPLES[q - 2][k];
                double v = q == 2 ? SphereContrast.dot(ta, tb) : contractAll(q == 3 ? z3 : z4, q, tup, ta, tb);
                for (int x : tup) {
                    v *= x == 0 ? sa : sb;
                }
                emp[q - 2][k] = v;
            }
        }
        double[] s2 = new double[2 * omega];
        double[] ca = coefficients(i);
        double[] cb = coefficients(j);
        for (int k = 0; k < omega; k++) {
            s2[2 * k] = ca[k];
            s2[1 + 2 * k] = cb[k];
        }
        // each pair moment is a polynomial in ρ of degree ≤ 2ω (at most min(k, q−k)·ω edges cross between the
        // a- and b-vertices): interpolate it exactly at 2ω+1 Chebyshev nodes, then search on the polynomials
        int deg = 2 * omega;
        int nodes = deg + 1;
        double[] vander = new double[nodes * nodes];
        double[] values = new double[nodes * 6];
        for (int k = 0; k < nodes; k++) {
            double g = Math.cos(Math.PI * (k + 0.5) / nodes);
            for (int p = 0; p < nodes; p++) {
                vander[k + nodes * p] = Math.pow(g, p);
            }
            double[] mv = pairModelMoments(g, s2);
            for (int c = 0; c < 6; c++) {
                values[k + nodes * c] = mv[c];
            }
        }
        double[] poly = LeastSquares.solve(vander, nodes, nodes, values, 6);  // column c: coefficients of moment c
        double[] weight = new double[6];
        double[] target = new double[6];
        int c0 = 0;
        for (int q = 2; q <= 4; q++) {
            for (int k = 0; k < PAIR_TUPLES[q - 2].length; k++) {
                int ones = 0;
                for (int x : PAIR_TUPLES[q - 2][k]) {
                    ones += x;
                }
                weight[c0] = sq(scale[q - 2]) * Hermite.factorial(q) / (Hermite.factorial(ones) * Hermite.factorial(q - ones));
                target[c0] = emp[q - 2][k];
                c0++;
            }
        }
        java.util.function.DoubleUnaryOperator err = g -> {
            double e = 0;
            for (int c = 0; c < 6; c++) {
                double v = 0;
                for (int p = nodes - 1; p >= 0; p--) {
                    v = v * g + poly[p + nodes * c];
                }
                e += weight[c] * sq(v - target[c]);
            }
            return e;
        };
        int nGrid = 201;
        double[] grid = new double[nGrid];
        double[] e = new double[nGrid];
        for (int k = 0; k < nGrid; k++) {
            grid[k] = -0.995 + 1.99 * k / (nGrid - 1);
            e[k] = err.applyAsDouble(grid[k]);
        }
        List<Integer> minima = new ArrayList<>();
        for (int k = 0; k < nGrid; k++) {
            if ((k == 0 || e[k] <= e[k - 1]) && (k == nGrid - 1 || e[k] <= e[k + 1])) {
                minima.add(k);
            }
        }
        minima.sort(java.util.Comparator.comparingDouble(k -> e[k]));
        double h = grid[1] - grid[0];
        double bestVal = Double.POSITIVE_INFINITY;
        double bestG = 0;
        for (int k = 0; k < Math.min(3, minima.size()); k++) {
            double g0 = grid[minima.get(k)];
            double[] x = goldenSection(err, Math.max(-1.0, g0 - h), Math.min(1.0, g0 + h), 1e-12);
            if (x[1] < bestVal) {
                bestVal = x[1];
                bestG = x[0];
            }
        }
        return bestG;
    }

    /** T(t_{x_1}, …, t_{x_q}) with x_v ∈ {0: ta, 1: tb}. */
    private double contractAll(double[] tensor, int q, int[] tup, double[] ta, double[] tb) {
        double[] cur = tensor;
        for (int v = q - 1; v >= 1; v--) {
            cur = DenseTensors.contract(cur, m, v + 1, tup[v] == 0 ? ta : tb, v);
        }
        return SphereContrast.dot(cur, tup[0] == 0 ? ta : tb);
    }

    /** The six pair moments (order of PAIR_TUPLES) of two units with coefficients s2 (2×ω) and correlation g. */
    private double[] pairModelMoments(double g, double[] s2) {
        double[] rhoPair = {1, g, g, 1};
        double[] out = new double[6];
        int c = 0;
        for (int q = 2; q <= 4; q++) {
            double[] model = SymmetricIndex.of(2, q).toDense(DiagramMoments.unitMoments(rhoPair, s2, 2, omega, q));
            for (int[] tup : PAIR_TUPLES[q - 2]) {
                int pos = 0;
                int stride = 1;
                for (int v = 0; v < q; v++) {
                    pos += tup[v] * stride;
                    stride *= 2;
                }
                out[c++] = model[pos];
            }
        }
        return out;
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
            SymmetricEigen e = SymmetricEigen.of(Matrices.symmetrizeInPlace(x.clone(), m), m);
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
