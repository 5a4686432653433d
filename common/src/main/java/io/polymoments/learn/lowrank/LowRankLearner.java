package io.polymoments.learn.lowrank;

import io.polymoments.learn.optim.GaussNewtonPolish;
import io.polymoments.learn.optim.NormalEquationsFunction;
import io.polymoments.linalg.Svd;
import io.polymoments.model.ActivationMode;
import io.polymoments.model.DiagramMoments;
import io.polymoments.model.Hermite;
import io.polymoments.model.LowRankTransform;
import io.polymoments.moments.WhitenedMoments;
import io.polymoments.moments.Whitening;
import io.polymoments.tensor.SymmetricIndex;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Method-of-moments learner for low-rank degree-ω transformations y = W σ(Ax) + c (docs/lowrank.md §4–§8), from
 * the mean, covariance and whitened 3rd/4th moments of y ({@link WhitenedMoments}):
 * <ol>
 *   <li>Step A: candidate unit directions in the whitened space (contrast maximisation on the sphere; the
 *       matched contrast for ω = 2 with known σ);</li>
 *   <li>Step B: initial activation, mixing matrix and Gram matrix of the hidden directions;</li>
 *   <li>Step C: Levenberg–Marquardt on all unique whitened moments of orders 2–4 (exact Jacobian), every
 *       restart run and the best kept (with population moments restarts stop once the fit is exact);</li>
 *   <li>Step D: W = P_m Λ_m^{1/2} M, offset, diagnostics and a {@link LowRankVerdict}.</li>
 * </ol>
 * Typical call: {@code LowRankLearner.fit(new WhitenedMoments(Whitening.of(mean, cov, d, m), n, z3, z4, se3, se4),
 * LowRankOptions.known(m, r, 0, 0, 1))}; from the moment engine's sketches (Spark passes) the input is
 * {@link SketchMoments#fromBundle}.
 */
public final class LowRankLearner {
    private LowRankLearner() {}

    /**
     * Generic identifiability bound for Wick-power units σ = He_ω (docs/lowrank.md §3): parameters are identifiable
     * for generic directions when m ≤ C(r+ω−1, ω) − r, and at m = C(r+ω−1, ω) − r + 1 exactly when ω^{r−1} = m.
     * Mixed activations are generically at least as well identified. Returns null when within the bound,
     * otherwise a message.
     */
    public static String identifiabilityWarning(int m, int r, int omega) {
        long dOmega = SymmetricIndex.binomial(r + omega - 1, omega);
        long bound = dOmega - r;
        if (m <= bound) {
            return null;
        }
        if (m == bound + 1 && Math.pow(omega, r - 1) == m) {
            return null;
        }
        return "m=" + m + " units exceed the identifiability bound m <= C(r+omega-1, omega) - r = " + bound
                + " for r=" + r + ", omega=" + omega + ": for Wick-power activations (sigma = He_omega) the parameters "
                + "(W, A) are generically NOT identifiable from the law (the law may still be fitted); "
                + "use fewer units or a larger latent dimension r";
    }

    /**
     * Plain-array entry point. {@code z3}/{@code z4} (dense m³/m⁴ means of z⊗z⊗z and z⊗z⊗z⊗z) must have been
     * computed with z = Wᵀ(y − mean), W = {@code Whitening.of(mean, covariance, d, m).basis().matrix()} — the same
     * deterministic whitening this method recomputes.
     *
     * @param n        number of rows (Double.POSITIVE_INFINITY for exact population moments)
     * @param z3StdErr standard errors of z3's entries (dense m³) or null; likewise z4StdErr
     */
    public static LowRankFit fit(double[] mean, double[] covariance, int d, double n, double[] z3, double[] z4,
                                 double[] z3StdErr, double[] z4StdErr, LowRankOptions opt) {
        Whitening wh = Whitening.of(mean, covariance, d, opt.hidden());
        return fit(new WhitenedMoments(wh, n, z3, z4, z3StdErr, z4StdErr), opt);
    }

    /** Fits the model; see the class comment. */
    public static LowRankFit fit(WhitenedMoments wm, LowRankOptions opt) {
        return fit(wm, opt, new long[4]);
    }

    /**
     * As {@link #fit(WhitenedMoments, LowRankOptions)}, adding the CPU time of Steps A–D, summed over the driver
     * threads, to {@code cpuNanos} (nanoseconds, {A, B, C, D}).
     */
    static LowRankFit fit(WhitenedMoments wm, LowRankOptions opt, long[] cpuNanos) {
        int m = opt.hidden();
        int r = opt.rank();
        int omega = opt.degree();
        checkShapes(wm, opt);
        String warning = identifiabilityWarning(m, r, omega);
        if (warning != null && opt.strict()) {
            throw new IllegalArgumentException(warning);
        }
        long t0 = System.nanoTime();
        long c0 = DriverThreads.threadCpuNanos();
        double[] c4 = ContrastSearch.fourthCumulant(wm.z4(), m);
        double[] gz = gaussianityStatistics(wm, c4);
        boolean gaussian = wm.isPopulation() ? gz[0] < 1e-9 && gz[1] < 1e-9
                : wm.hasStdErr() && gz[0] < opt.gaussianityZ() && gz[1] < opt.gaussianityZ();
        if (gaussian) {
            return nearGaussianFit(wm, opt, warning, gz);
        }
        SplittableRandom rng = new SplittableRandom(opt.seed());
        int primary = primaryContrast(wm, opt);
        List<Double> maxima = new ArrayList<>();
        double[] knownS = opt.mode() == ActivationMode.KNOWN ? knownActivation(opt) : null;
        List<double[]> pool;
        Restarts.Outcome out;
        MomentMap map;
        long[] stepB = new long[2];   // wall, CPU of Step B on this thread
        long t1;
        long c1;
        DriverThreads threads = new DriverThreads(opt.driverThreads());
        try {
            // ---- Step A
            pool = startingDirections(wm, opt, c4, primary, rng, maxima, threads);
            t1 = System.nanoTime();
            c1 = DriverThreads.threadCpuNanos();

            // ---- Steps B + C
            if (opt.mode() == ActivationMode.KNOWN_UNKNOWN_NORMS) {
                // free-activation fit, then every free restart's solution projected on {κ·T(α)σ} and refined
                MomentMap freeMap = momentMap(wm, r, omega, ActivationMode.FREE, null, true);
                Restarts.Outcome free = Restarts.run(wm, opt, freeMap, pool, null, rng, threads, stepB);
                map = momentMap(wm, r, omega, ActivationMode.KNOWN_UNKNOWN_NORMS, opt.activation(), true);
                out = refineOnKnownNorms(wm, opt, freeMap, free, map, threads);
            } else {
                map = momentMap(wm, r, omega, opt.mode(), knownS, true);
                out = Restarts.run(wm, opt, map, pool, knownS, rng, threads, stepB);
            }
        } finally {
            threads.close();
        }
        long[] poolCpu = threads.poolCpuNanos();
        long t2 = System.nanoTime();
        long c2 = DriverThreads.threadCpuNanos();

        // ---- Step D
        // Levenberg–Marquardt stops on the cost, which resolves θ only to about √ε: polish on the gradient
        NormalEquationsFunction normal = map.normalEquations();
        double[] theta = GaussNewtonPolish.polish(normal, out.theta());
        out = new Restarts.Outcome(theta, normal.cost(theta), out.costs(), out.thetas());
        LowRankTransform model = toModel(wm, map, out.theta(), opt);
        int n = map.residualCount();
        int p = map.parameterCount();
        double[] res = new double[n];
        double[] jac = new double[n * p];
        map.evaluate(out.theta(), res, jac);
        double[] sv = Svd.of(jac, n, p).s();
        int nullDim = 0;
        for (double s : sv) {
            if (s <= opt.nullTol() * sv[0]) {
                nullDim++;
            }
        }
        int expectedNull = r * (r - 1) / 2;
        int equalMaxima = wm.isPopulation() && isWickPower(opt) ? countTopMaxima(maxima, 1e-6) : 0;
        int nMom = map.momentResidualCount();
        boolean weighted = wm.hasStdErr() && !wm.isPopulation();
        double noise = weighted ? nMom : opt.exactCost();
        double threshold = weighted ? opt.fitFactor() * nMom : opt.exactCost();
        Judgement judgement = judge(out, m, threshold, weighted, nullDim, expectedNull, equalMaxima, warning);
        long t3 = System.nanoTime();
        long c3 = DriverThreads.threadCpuNanos();
        cpuNanos[0] += c1 - c0 + poolCpu[0];
        cpuNanos[1] += stepB[1] + poolCpu[1];
        cpuNanos[2] += c2 - c1 - stepB[1] + poolCpu[2];
        cpuNanos[3] += c3 - c2 + poolCpu[3];
        double[] mx = new double[maxima.size()];
        for (int i = 0; i < mx.length; i++) {
            mx[i] = maxima.get(i);
        }
        long ms = 1_000_000L;
        return new LowRankFit(judgement.verdict(), judgement.message(), model, out.cost(), noise, nMom, p, nullDim,
                expectedNull, sv, out.costs(), pool.size(), primary, mx, warning, gz,
                new long[] {(t1 - t0) / ms, stepB[0] / ms, (t2 - t1 - stepB[0]) / ms, (t3 - t2) / ms});
    }

    /** The whitened moments' dimension is the number of units, and m units can be linearly independent. */
    private static void checkShapes(WhitenedMoments wm, LowRankOptions opt) {
        int m = opt.hidden();
        int r = opt.rank();
        int omega = opt.degree();
        if (wm.m() != m) {
            throw new IllegalArgumentException("whitened moments have m=" + wm.m() + " dimensions but options ask for "
                    + m + " units; whiten with Whitening.of(mean, cov, d, " + m + ")");
        }
        long maxIndependent = SymmetricIndex.binomial(r + omega, omega) - 1;
        if (m > maxIndependent) {
            throw new IllegalArgumentException("m=" + m + " units cannot be linearly independent: degree-" + omega
                    + " polynomials of r=" + r + " variables span only " + maxIndependent + " centred dimensions; "
                    + "use m <= " + maxIndependent + " or a larger r");
        }
    }

    /** The result when the whitened 3rd/4th cumulants vanish within sampling error: no model is fitted. */
    private static LowRankFit nearGaussianFit(WhitenedMoments wm, LowRankOptions opt, String warning, double[] gz) {
        int m = opt.hidden();
        int r = opt.rank();
        int omega = opt.degree();
        boolean fullRank = m == wm.whitening().d();
        String msg = fullRank
                ? "No low-rank structure: the covariance has full rank (m = d) and the whitened 3rd/4th cumulants vanish "
                + "within sampling error; the data are consistent with an affine image of N(0, I). No degree-" + omega
                + " model was fitted."
                : "Moments up to order 4 are consistent with an affine image of a Gaussian (whitened 3rd/4th cumulants "
                + "vanish within sampling error): no nonlinear transform is identifiable from them. The data may "
                + "still be non-Gaussian (moment-matching constructions exist).";
        return new LowRankFit(fullRank ? LowRankVerdict.NO_LOW_RANK_STRUCTURE : LowRankVerdict.MOMENTS_NEAR_GAUSSIAN,
                msg, null, Double.NaN, Double.NaN, 0, 0, -1, r * (r - 1) / 2, new double[0], new double[0], 0, 0,
                new double[0], warning, gz, new long[] {0, 0, 0, 0});
    }

    /** The known activation's Hermite coefficients, the same for every unit (m×ω, unit fastest). */
    private static double[] knownActivation(LowRankOptions opt) {
        int m = opt.hidden();
        int omega = opt.degree();
        double[] knownS = new double[m * omega];
        for (int l = 0; l < m; l++) {
            for (int j = 1; j <= omega; j++) {
                knownS[l + m * (j - 1)] = opt.activation()[j];
            }
        }
        return knownS;
    }

    /**
     * Step A: the pool of starting directions, contrast maxima first; with a known degree-2 activation the directions
     * whose matched contrast fits go in front.
     */
    private static List<double[]> startingDirections(WhitenedMoments wm, LowRankOptions opt, double[] c4, int primary,
                                                     SplittableRandom rng, List<Double> maxima, DriverThreads threads) {
        int m = opt.hidden();
        List<double[]> pool = ContrastSearch.pool(wm.z3(), c4, m, primary, opt.contrastStartsPerUnit() * m, rng, maxima,
                threads);
        if (opt.mode() != ActivationMode.KNOWN || opt.degree() != 2) {
            return pool;
        }
        double[] s = {opt.activation()[1], opt.activation()[2]};
        List<ContrastSearch.Maximum> matched = ContrastSearch.matchedDirections(wm.z3(), wm.z4(), m, s, pool,
                20 * m, rng, threads);
        double accept = wm.isPopulation() ? 1e-6 : 0.05;
        List<double[]> newPool = new ArrayList<>();
        for (ContrastSearch.Maximum x : matched) {
            if (x.value() < accept) {
                newPool.add(x.direction());
            }
        }
        for (double[] x : pool) {
            if (ContrastSearch.farFromAll(x, newPool, 0.98)) {
                newPool.add(x);
            }
        }
        return newPool;
    }

    /** Steps B + C for known activations of unknown norms: every free restart projected on the norms and refined. */
    private static Restarts.Outcome refineOnKnownNorms(WhitenedMoments wm, LowRankOptions opt, MomentMap freeMap,
                                                       Restarts.Outcome free, MomentMap map, DriverThreads threads) {
        Integer[] byCost = new Integer[free.thetas().size()];
        for (int i = 0; i < byCost.length; i++) {
            byCost[i] = i;
        }
        java.util.Arrays.sort(byCost, java.util.Comparator.comparingDouble(i -> free.costs()[i]));
        Restarts.Runs runs = new Restarts.Runs(Restarts.lm(opt, wm, map), map, threads, wm.isPopulation(), opt.exactCost());
        for (int i : byCost) {
            if (runs.settled()) {
                break;
            }
            runs.start(Restarts.projectToNorms(freeMap, free.thetas().get(i), opt.activation()));
        }
        return runs.outcome();
    }

    /** The verdict of Step D and the message that explains it. */
    private record Judgement(LowRankVerdict verdict, String message) {}

    private static Judgement judge(Restarts.Outcome out, int m, double threshold, boolean weighted, int nullDim,
                                   int expectedNull, int equalMaxima, String warning) {
        if (!(out.cost() <= threshold)) {
            return new Judgement(LowRankVerdict.DOES_NOT_FIT, String.format("Moments not matched: best cost %.3g vs"
                    + " %s %.3g after %d restarts; an optimisation "
                    + "failure (wrong basin) or a misspecified model (m, r, omega, activation). Try more restarts or "
                    + "another seed.", out.cost(), weighted ? "noise level" : "exactness threshold", threshold, out.costs().length)
                    + (nullDim > expectedNull ? " The moment Jacobian also has " + nullDim + " null directions (expected "
                    + expectedNull + "): the parameters are probably not identifiable in this setting." : ""));
        } else if (equalMaxima > m) {
            return new Judgement(LowRankVerdict.NOT_IDENTIFIABLE, "Not identifiable (finite ambiguity): moments fit,"
                    + " parameters do not. Step A found " + equalMaxima
                    + " directions attaining the maximal contrast of a single Wick-power unit, more than the m = " + m
                    + " units: the span of the units contains rank-one elements that are not units, so several (W, A) "
                    + "give the same law. The Jacobian test cannot see this (null space " + nullDim + ")."
                    + (warning != null ? " (" + warning + ")" : ""));
        } else if (nullDim > expectedNull) {
            return new Judgement(LowRankVerdict.NOT_IDENTIFIABLE, "Not identifiable: moments fit, parameters do not."
                    + " The moment Jacobian has " + nullDim
                    + " null directions, more than the r(r-1)/2 = " + expectedNull + " rotations of x, so other (W, A) "
                    + "reproduce the same moments; report the law, not the parameters."
                    + (warning != null ? " (" + warning + ")" : ""));
        }
        return new Judgement(LowRankVerdict.FITS, String.format("Moments fitted (cost %.3g, %s %.3g); parameters"
                        + " locally identifiable (Jacobian null space %d = r(r-1)/2).", out.cost(),
                weighted ? "noise level" : "exactness threshold", threshold, nullDim));
    }

    /** Known activation with a single non-constant Hermite term (σ = c·He_ω + const): all units share one contrast maximum. */
    private static boolean isWickPower(LowRankOptions opt) {
        if (opt.mode() == ActivationMode.FREE) {
            return false;
        }
        int nonzero = 0;
        for (int j = 1; j <= opt.degree(); j++) {
            nonzero += opt.activation()[j] != 0 ? 1 : 0;
        }
        return nonzero == 1;
    }

    /** Number of contrast maxima within relative {@code tol} of the largest. */
    private static int countTopMaxima(List<Double> values, double tol) {
        double top = Double.NEGATIVE_INFINITY;
        for (double v : values) {
            top = Math.max(top, v);
        }
        int k = 0;
        for (double v : values) {
            k += v >= top - tol * Math.abs(top) ? 1 : 0;
        }
        return k;
    }

    /** Primary Step A contrast: skewness when the (normalised) units are clearly skewed, else kurtosis. */
    private static int primaryContrast(WhitenedMoments wm, LowRankOptions opt) {
        int m = wm.m();
        if (opt.mode() != ActivationMode.FREE) {
            double[] s = java.util.Arrays.copyOfRange(opt.activation(), 1, opt.degree() + 1);
            double e3 = DiagramMoments.unitMoments(new double[] {1}, s, 1, opt.degree(), 3)[0];
            return Math.abs(e3) / Math.pow(Hermite.unitVariance(s), 1.5) > 0.2 ? 3 : 4;
        }
        double n3 = 0;
        for (double v : wm.z3()) {
            n3 += v * v;
        }
        return Math.sqrt(n3) > 0.2 * Math.sqrt(m) ? 3 : 4;
    }

    /**
     * Standardised statistics of the whitened 3rd moment and 4th cumulant: with standard errors
     * (Σ (entry/se)² − df)/√(2df) over unique entries; for population moments the max absolute entry.
     */
    static double[] gaussianityStatistics(WhitenedMoments wm, double[] c4) {
        int m = wm.m();
        SymmetricIndex i3 = SymmetricIndex.of(m, 3);
        SymmetricIndex i4 = SymmetricIndex.of(m, 4);
        if (wm.isPopulation() || !wm.hasStdErr()) {
            double a = 0;
            double b = 0;
            for (double v : wm.z3()) {
                a = Math.max(a, Math.abs(v));
            }
            for (double v : c4) {
                b = Math.max(b, Math.abs(v));
            }
            return new double[] {a, b};
        }
        double s3 = 0;
        for (int t = 0; t < i3.size(); t++) {
            int p = i3.uniqueToDense[t];
            s3 += sq(wm.z3()[p] / wm.z3StdErr()[p]);
        }
        double s4 = 0;
        for (int t = 0; t < i4.size(); t++) {
            int p = i4.uniqueToDense[t];
            s4 += sq(c4[p] / wm.z4StdErr()[p]);
        }
        return new double[] {(s3 - i3.size()) / Math.sqrt(2.0 * i3.size()), (s4 - i4.size()) / Math.sqrt(2.0 * i4.size())};
    }

    private static double sq(double x) {
        return x * x;
    }

    /**
     * The moment map with targets from {@code wm}: entry weights 1/se with standard errors (se of the order-2
     * entries from the 4th moments, Var(z_a z_b) = E z_a²z_b² − δ_ab), otherwise √multiplicity / rms of the order.
     *
     * @param activation KNOWN: m×ω normalised S; KNOWN_UNKNOWN_NORMS: σ = c_0..c_ω; FREE: null
     */
    static MomentMap momentMap(WhitenedMoments wm, int r, int omega, ActivationMode mode, double[] activation,
                               boolean useStdErr) {
        int m = wm.m();
        double[][] targets = new double[3][];
        double[][] weights = new double[3][];
        SymmetricIndex i2 = SymmetricIndex.of(m, 2);
        targets[0] = new double[i2.size()];
        for (int t = 0; t < i2.size(); t++) {
            targets[0][t] = i2.tuples[t][0] == i2.tuples[t][1] ? 1.0 : 0.0;
        }
        targets[1] = SymmetricIndex.of(m, 3).toUnique(wm.z3());
        targets[2] = SymmetricIndex.of(m, 4).toUnique(wm.z4());
        boolean se = useStdErr && wm.hasStdErr() && !wm.isPopulation();
        for (int q = 2; q <= 4; q++) {
            SymmetricIndex idx = SymmetricIndex.of(m, q);
            double[] w = new double[idx.size()];
            if (se) {
                for (int t = 0; t < idx.size(); t++) {
                    double s;
                    if (q == 2) {
                        int a = idx.tuples[t][0];
                        int b = idx.tuples[t][1];
                        double var = wm.z4()[a + m * a + m * m * b + m * m * m * b] - (a == b ? 1.0 : 0.0);
                        s = Math.sqrt(Math.max(var, 1e-12) / wm.n());
                    } else {
                        s = (q == 3 ? wm.z3StdErr() : wm.z4StdErr())[idx.uniqueToDense[t]];
                    }
                    w[t] = 1.0 / Math.max(s, 1e-300);
                }
            } else {
                double ss = 0;
                for (double v : targets[q - 2]) {
                    ss += v * v;
                }
                double scale = 1.0 / Math.max(1e-12, Math.sqrt(ss / idx.size()));
                for (int t = 0; t < idx.size(); t++) {
                    w[t] = scale * Math.sqrt(idx.multiplicity[t]);
                }
            }
            weights[q - 2] = w;
        }
        return new MomentMap(m, r, omega, mode, activation, targets, weights);
    }

    /** Step D: back to y-space, W = P_m Λ_m^{1/2} M, unit rows of U, unit-variance units in FREE mode. */
    private static LowRankTransform toModel(WhitenedMoments wm, MomentMap map, double[] th, LowRankOptions opt) {
        Whitening wh = wm.whitening();
        int m = map.m();
        int r = map.r();
        int d = wh.d();
        int omega = map.omega();
        double[] mm = map.mixing(th);
        double[] u = map.directions(th);
        double[] s = map.coefficients(th);
        for (int l = 0; l < m; l++) {
            double n = 0;
            for (int k = 0; k < r; k++) {
                n += u[l + m * k] * u[l + m * k];
            }
            n = Math.sqrt(n);
            for (int k = 0; k < r; k++) {
                u[l + m * k] /= n;
            }
        }
        double[][] act = new double[m][];
        double[] s0 = new double[m];
        double[] a = u.clone();
        switch (opt.mode()) {
            case FREE -> {
                for (int l = 0; l < m; l++) {
                    double[] row = new double[omega];
                    for (int j = 0; j < omega; j++) {
                        row[j] = s[l + m * j];
                    }
                    double sd = Math.sqrt(Hermite.unitVariance(row));
                    act[l] = new double[omega + 1];
                    for (int j = 0; j < omega; j++) {
                        act[l][j + 1] = row[j] / sd;
                    }
                    for (int i = 0; i < m; i++) {
                        mm[i + m * l] *= sd;
                    }
                }
            }
            case KNOWN -> {
                for (int l = 0; l < m; l++) {
                    act[l] = opt.activation();
                    s0[l] = opt.activation()[0];
                }
            }
            case KNOWN_UNKNOWN_NORMS -> {
                double[] alpha = map.activationPart(th);
                for (int l = 0; l < m; l++) {
                    act[l] = opt.activation();
                    s0[l] = Hermite.rescale(opt.activation(), alpha[l])[0];
                    for (int k = 0; k < r; k++) {
                        a[l + m * k] = alpha[l] * u[l + m * k];
                    }
                }
            }
        }
        double[] w = new double[d * m];
        double[] p = wh.eigenvectors();
        for (int l = 0; l < m; l++) {
            for (int k = 0; k < m; k++) {
                double c = Math.sqrt(wh.eigenvalues()[k]) * mm[k + m * l];
                for (int i = 0; i < d; i++) {
                    w[i + d * l] += p[i + d * k] * c;
                }
            }
        }
        double[] offset = wh.mean().clone();
        for (int i = 0; i < d; i++) {
            for (int l = 0; l < m; l++) {
                offset[i] -= w[i + d * l] * s0[l];
            }
        }
        return LowRankTransform.of(opt.mode(), w, a, offset, act, d, m, r);
    }
}
