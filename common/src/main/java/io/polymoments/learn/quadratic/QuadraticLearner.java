package io.polymoments.learn.quadratic;

import static io.polymoments.InvalidInputException.setting;

import io.polymoments.InvalidInputException;
import io.polymoments.learn.GaussianityCheck;
import io.polymoments.learn.gof.DirectionalFourthMoments;
import io.polymoments.learn.gof.GoodnessOfFit;
import io.polymoments.learn.gof.GoodnessOfFitCheck;
import io.polymoments.learn.gof.SplitHalfThirdMoments;
import io.polymoments.linalg.LinalgException;
import io.polymoments.linalg.Matrices;
import io.polymoments.linalg.SymmetricEigen;
import io.polymoments.model.QuadraticTransform;
import io.polymoments.moments.AdditiveNoise;
import io.polymoments.moments.Basis;
import io.polymoments.moments.ColumnScale;
import io.polymoments.moments.MomentSketch;
import io.polymoments.moments.SketchBundle;
import io.polymoments.moments.SplitHalfSketch;
import io.polymoments.moments.WhitenedMoments;
import io.polymoments.moments.Whitening;
import io.polymoments.tensor.Svec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The quadratic learner end to end on moment sketches (docs/quadratic.md §3, §7, §9, §13). Two steps, because the model
 * order must be known before the second pass (its whitening dimension m):
 * <ol>
 *   <li>{@link #plan}: from the pass-1 sketch (mean, covariance) the spectrum, the rank / model-class decision
 *       ({@link RankSelector}) and the whitening basis of pass 2; with d &lt; tri(r) (rank given) the spectral method
 *       does not apply and the plan whitens all d coordinates for multi-start moment matching
 *       (docs/quadratic.md §8);</li>
 *   <li>{@link #fit}: from the bundle (raw pass-1 sketch, whitened split-half pass-2 sketch, optional directional
 *       fourth-power sums) the spectral estimate, the two-stage refinement, the map back to (Q, b, c) and the
 *       goodness-of-fit verdict.</li>
 * </ol>
 * Failures that are the data's or the user's fault (no admissible rank, rank too large, sketch whitened at another
 * rank) are {@link InvalidInputException}s with the reason and what to do.
 */
public final class QuadraticLearner {

    /** Fewer batch means than this make the κ4 standard errors too noisy to judge by (docs/quadratic.md §9: ≥ 20
     * recommended). */
    public static final int MIN_KAPPA4_BATCHES = 10;
    /**
     * With the noise model on auto, trailing eigenvalues below this share of the largest are taken for rounding:
     * noise-free polynomial data lie on the signal's subspace, and their sample covariance vanishes off it.
     */
    static final double NOISE_FREE_TAIL = 1e-10;

    private QuadraticLearner() {}

    /**
     * Learner settings.
     *
     * @param rank       number of latent variables r, or null to decide from the spectrum
     * @param modelClass HOMOGENEOUS or AFFINE, or null (auto: decided from the spectrum, as {@link RankSelector} does)
     * @param inputLaw   law of x; ROTATION_INVARIANT implies the homogeneous model
     * @param seed       seed of the spectral step's random starts, the multi-start frames
     * @param maxIter    solver iteration limit per refinement stage (Gauss–Newton; L-BFGS for multi-start)
     * @param tol        relative-decrease tolerance of the refinement (docs/quadratic.md §7)
     * @param noise      additive Gaussian noise in the outputs: none, isotropic, diagonal, or null (auto: decided from
     *                   the covariance spectrum, docs/noise.md §4)
     */
    public record Options(Integer rank, ModelClass modelClass, InputLaw inputLaw, long seed, int maxIter, double tol,
                          AdditiveNoise.Kind noise) {

        /** Noise-free data (no noise model). */
        public Options(Integer rank, ModelClass modelClass, InputLaw inputLaw, long seed, int maxIter, double tol) {
            this(rank, modelClass, inputLaw, seed, maxIter, tol, AdditiveNoise.Kind.NONE);
        }

        public Options {
            if (rank != null && rank < 1) {
                throw new IllegalArgumentException("rank (number of latent variables r) must be >= 1 or auto, got "
                        + rank);
            }
            if (modelClass == ModelClass.ROTATION_INVARIANT) {
                throw new IllegalArgumentException("pass inputLaw = ROTATION_INVARIANT rather than modelClass"
                        + " ROTATION_INVARIANT; modelClass is homogeneous, affine or null (auto)");
            }
            if (inputLaw == null) {
                throw new IllegalArgumentException("inputLaw must be gaussian or rotation-invariant, got null");
            }
            if (inputLaw == InputLaw.ROTATION_INVARIANT && modelClass == ModelClass.AFFINE) {
                throw new IllegalArgumentException("a rotation-invariant input law is only supported for the"
                        + " homogeneous model (docs/quadratic.md section 6); drop the affine model class");
            }
            if (maxIter < 1) {
                throw new IllegalArgumentException("maxIter must be >= 1, got " + maxIter);
            }
            if (!(tol >= 0) || Double.isInfinite(tol)) {
                throw new IllegalArgumentException("tol must be a finite number >= 0, got " + tol);
            }
        }

        /** Automatic rank and class, Gaussian input, seed 0, 5000 iterations, tol 1e-16 (the stopping rule of
         * docs/quadratic.md §7). */
        public static Options defaults() {
            return new Options(null, null, InputLaw.GAUSSIAN, 0L, 5000, 1e-16);
        }

        public Options withRank(Integer r) {
            return new Options(r, modelClass, inputLaw, seed, maxIter, tol, noise);
        }

        public Options withModelClass(ModelClass c) {
            return new Options(rank, c, inputLaw, seed, maxIter, tol, noise);
        }

        public Options withInputLaw(InputLaw l) {
            return new Options(rank, modelClass, l, seed, maxIter, tol, noise);
        }

        public Options withSeed(long s) {
            return new Options(rank, modelClass, inputLaw, s, maxIter, tol, noise);
        }

        public Options withMaxIter(int n) {
            return new Options(rank, modelClass, inputLaw, seed, n, tol, noise);
        }

        public Options withTol(double t) {
            return new Options(rank, modelClass, inputLaw, seed, maxIter, t, noise);
        }

        /** The noise model ({@code null}: decided from the covariance spectrum). */
        public Options withNoise(AdditiveNoise.Kind k) {
            return new Options(rank, modelClass, inputLaw, seed, maxIter, tol, k);
        }

        /** The class restriction handed to the rank selector (null = auto). */
        ModelClass selectorClass() {
            return inputLaw == InputLaw.ROTATION_INVARIANT ? ModelClass.ROTATION_INVARIANT : modelClass;
        }
    }

    /**
     * What pass 2 needs and what {@link #fit} checks the bundle against.
     *
     * @param decision    rank and class (for multi-start: m = d and the reason says so)
     * @param multiStart  true when d &lt; m(r): no spectral start exists, moment matching from random starts
     * @param d           output dimension
     * @param whitening   basis of pass 2: z = Wᵀ(y − ȳ), W = V_m Λ_m^{-1/2}
     * @param eigenvalues covariance spectrum, descending (all d)
     * @param noise       the additive noise estimated under the decided rank (none for noise-free data); the
     *                    whitening is that of the signal covariance C − Ψ
     * @param seconds     time of the driver step (eigen-decomposition and decision)
     */
    public record Plan(RankDecision decision, boolean multiStart, int d, Basis whitening, double[] eigenvalues,
                       AdditiveNoise.Estimate noise, double seconds) {
        public int m() {
            return whitening.dim();
        }

        /** This plan made only so that the higher moments can be checked: no rank explains the covariance. */
        public Plan provisional(String why, List<NoisyRankSearch.Candidate> tried) {
            return new Plan(decision.provisional(why, tried), multiStart, d, whitening, eigenvalues, noise, seconds);
        }
    }

    /** Decides the model order from the pass-1 sketch and builds the whitening of pass 2. */
    public static Plan plan(MomentSketch pass1, Options options) {
        long t0 = System.nanoTime();
        int d = pass1.dim();
        double[] mean = pass1.mean();
        double[] cov = pass1.covariance();
        SymmetricEigen eig = SymmetricEigen.of(cov, d);
        double[] lam = eig.values();
        ModelClass cls = options.selectorClass();
        Integer rank = options.rank();
        RankDecision decision;
        boolean multiStart = false;
        if (rank != null && (cls == null ? ModelClass.HOMOGENEOUS : cls).rank(rank) > d) {
            ModelClass msClass = cls == null ? ModelClass.HOMOGENEOUS : cls;
            if (msClass == ModelClass.ROTATION_INVARIANT) {
                throw new InvalidInputException("rank " + rank + " needs d >= " + msClass.rank(rank) + " outputs for"
                        + " the rotation-invariant model, but d = " + d + "; below that only Gaussian-input multi-start"
                        + " moment matching exists (docs/quadratic.md section 8): use " + setting("inputLaw") + " gaussian or a"
                        + " smaller " + setting("rank"));
            }
            multiStart = true;
            decision = new RankDecision(msClass, rank, d, Double.NaN, Double.NaN, "d = " + d + " < " + msClass.rank(rank)
                    + " (" + msClass.toString().toLowerCase() + ", r = " + rank + "): no spectral method applies"
                    + " (docs/quadratic.md section 8); moment matching from random starts on all d whitened"
                    + " coordinates");
        } else {
            try {
                decision = RankSelector.decide(lam, rank, cls, RankSelector.DEFAULT_MIN_GAP_RATIO,
                        RankSelector.DEFAULT_BULK_FACTOR);
            } catch (IllegalArgumentException e) {
                if (rank != null || options.noise() == AdditiveNoise.Kind.NONE) {
                    throw new InvalidInputException(fewRows(pass1.count(), d) + e.getMessage(), e);
                }
                decision = noisyRank(cov, lam, d, pass1.count(), cls, options.noise(), e);
            }
            if (rank == null && options.noise() != AdditiveNoise.Kind.NONE && decision.m() == d) {
                // a full-rank covariance with d admissible is also what noise over a smaller signal looks like: a
                // rank below d whose tail is noise explains it with fewer parameters
                NoisyRankSearch.Result s = NoisyRankSearch.search(cov, lam, d, pass1.count(), cls, options.noise());
                if (s.chosen() != null) {
                    decision = fromSearch(s, lam);
                }
            }
        }
        int m = decision.m();
        AdditiveNoise.Estimate noise = noise(cov, lam, d, m, multiStart ? AdditiveNoise.Kind.NONE : options.noise(),
                pass1.count());
        double[] signal = noise.noise().signalCovariance(cov);
        WhitenedMoments wm;
        try {
            wm = noise.noise().kind() == AdditiveNoise.Kind.NONE ? WhitenedMoments.whiten(mean, cov, d, eig, m)
                    : WhitenedMoments.whiten(mean, signal, d, SymmetricEigen.of(signal, d), m);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(fewRows(pass1.count(), d) + e.getMessage(), e);
        }
        Basis basis = new Basis(d, m, mean.clone(), wm.w());
        return new Plan(decision, multiStart, d, basis, lam.clone(), noise, seconds(t0));
    }

    /**
     * No gap in the spectrum: the smallest admissible rank whose trailing eigenvalues are the noise's
     * ({@link NoisyRankSearch}), or {@link UndecidedRankException} with every candidate's distance from noise.
     */
    private static RankDecision noisyRank(double[] cov, double[] lam, int d, long n, ModelClass cls,
                                          AdditiveNoise.Kind asked, IllegalArgumentException noGap) {
        NoisyRankSearch.Result s = NoisyRankSearch.search(cov, lam, d, n, cls, asked);
        NoisyRankSearch.Candidate c = s.chosen();
        if (c == null) {
            NoisyRankSearch.Candidate closest = s.closest();
            String tails = closest == null ? "" : String.format(Locale.ROOT, "no admissible rank leaves a trailing"
                    + " spectrum that is noise either: the closest is %s (a noise tail has z <= %.0f)",
                    closest.describe(), NoisyRankSearch.MAX_TAIL_Z);
            throw new UndecidedRankException(fewRows(n, d) + noGap.getMessage() + (tails.isEmpty() ? "" : " With"
                    + " additive noise " + tails + "."), noGap, s.candidates(),
                    "the spectrum shows no gap at an admissible rank, and " + (tails.isEmpty()
                            ? "no rank below d = " + d + " can be tested against a noise tail" : tails));
        }
        return fromSearch(s, lam);
    }

    private static RankDecision fromSearch(NoisyRankSearch.Result s, double[] lam) {
        NoisyRankSearch.Candidate c = s.chosen();
        double gap = lam[c.m() - 1] / Math.max(lam[c.m()], Double.MIN_NORMAL);
        return new RankDecision(c.modelClass(), c.r(), c.m(), gap, Double.NaN, "no gap in the spectrum; the"
                + " smallest rank whose trailing eigenvalues are noise: " + c.describe(), s.candidates(), null);
    }

    /**
     * Largest d for which auto considers diagonal noise: its estimate solves least-squares systems of (d − m)²/2 rows
     * and d columns, seconds per rank tried beyond this; ask for {@code diagonal} to have it anyway.
     */
    static final int AUTO_DIAGONAL_MAX_DIM = 100;

    /**
     * The noise model asked for, or for {@code null} the one the spectrum supports (docs/noise.md §4): none when the
     * d − m trailing eigenvalues vanish (noise-free data lie on the signal's subspace), else diagonal where it is
     * identifiable and fits the trailing spectrum significantly better than one common variance (a likelihood-ratio
     * test, docs/noise.md §6), else isotropic.
     */
    static AdditiveNoise.Estimate noise(double[] cov, double[] lam, int d, int m, AdditiveNoise.Kind asked, long n) {
        if (asked != null) {
            return m >= d && asked != AdditiveNoise.Kind.NONE
                    ? AdditiveNoise.estimate(cov, d, m, AdditiveNoise.Kind.NONE)
                    : AdditiveNoise.estimate(cov, d, m, asked);
        }
        if (m >= d || !(lam[m] > NOISE_FREE_TAIL * lam[0])) {
            return AdditiveNoise.estimate(cov, d, m, AdditiveNoise.Kind.NONE);
        }
        if ((d - m) * (d - m + 1) / 2 < d || d > AUTO_DIAGONAL_MAX_DIM) {
            return AdditiveNoise.estimate(cov, d, m, AdditiveNoise.Kind.ISOTROPIC);
        }
        AdditiveNoise.Estimate diagonal = AdditiveNoise.estimate(cov, d, m, AdditiveNoise.Kind.DIAGONAL);
        AdditiveNoise.Estimate isotropic = AdditiveNoise.estimate(cov, d, m, AdditiveNoise.Kind.ISOTROPIC);
        if (!diagonal.identifiable()) {
            return isotropic;
        }
        // isotropic noise is the diagonal model with d − 1 constraints: the drop of the tail statistic from one to the
        // other is χ² with d − 1 degrees of freedom when the noise is isotropic (the variance each output's estimate
        // carries at low signal-to-noise is far above the 2/n of a variance seen directly)
        double drop = NoisyRankSearch.statistic(cov, isotropic.noise().variances(), d, m, n)
                - NoisyRankSearch.statistic(cov, diagonal.noise().variances(), d, m, n);
        double z = (drop - (d - 1)) / Math.sqrt(2.0 * (d - 1));
        return z > NoisyRankSearch.MAX_TAIL_Z ? diagonal : isotropic;
    }

    /**
     * What n ≤ d rows mean for a failed model-order decision, said first because it explains the rest; empty for
     * n &gt; d.
     */
    private static String fewRows(long n, int d) {
        if (n > d) {
            return "";
        }
        return "only n = " + n + " rows for d = " + d + " columns (n < d): the covariance of n rows has rank at most"
                + " n - 1 = " + (n - 1) + " whatever the data, so its spectrum cannot show the number of latent"
                + " variables, and the third moments the fit needs are mostly noise at this n (the quadratic learner"
                + " needs thousands of rows, and many more rows than columns). Fit from more rows, or from fewer"
                + " columns (" + setting("columns") + "), or force the model order with " + setting("rank") + " R and "
                + setting("modelClass") + " homogeneous|affine. Details: ";
    }

    /** Plans from the bundle's raw sketch, then fits (the refit of a stored sketch). */
    public static QuadraticFit fit(SketchBundle bundle, Options options) {
        return fit(bundle, plan(bundle.raw().total(), options), options);
    }

    /**
     * Fits from a bundle whose whitened sketch was taken in the plan's whitening dimension (the basis stored with
     * the sketch is the one used, so a sketch computed elsewhere with the same rank works).
     */
    public static QuadraticFit fit(SketchBundle bundle, Plan plan, Options options) {
        SplitHalfSketch white = matchingWhitenedSketch(bundle, plan);
        int d = plan.d();
        int m = plan.m();
        RankDecision decision = plan.decision();
        Map<String, Double> timings = new LinkedHashMap<>();
        timings.put("plan", plan.seconds());
        List<String> notes = new ArrayList<>();
        long t0 = System.nanoTime();
        MomentSketch raw = bundle.raw().total();
        double[] mean = raw.mean();
        double[] cov = raw.covariance();
        double[] w = white.basis().matrix();
        // B = (C − Ψ)·W = V_m Λ_m^{1/2} of the signal: y − ȳ = Bz + ε, for whatever W the sketch was whitened with
        double[] b = Matrices.multiply(false, plan.noise().noise().signalCovariance(cov), false, w, d, m, d);
        MomentSketch whiteTotal = white.total();
        long n = whiteTotal.count();
        double[] t = whiteTotal.thirdCumulant();
        SplitHalfThirdMoments third = new SplitHalfThirdMoments(m, t, white.even().thirdCumulant(),
                white.odd().thirdCumulant(), n);
        WhitenedMoments wm = WhitenedMoments.third(Whitening.recorded(mean, cov, plan.eigenvalues().clone(), w, b), t);
        DirectionalFourthMoments fourth = directionalFourthMoments(bundle, m, notes);
        if (fourth != null && plan.noise().noise().kind() != AdditiveNoise.Kind.NONE) {
            fourth = fourth.withVariances(directionVariances(fourth, cov, w, d, m));
        }
        timings.put("moments", seconds(t0));

        QuadraticRefinement refinement = new QuadraticRefinement().withLimits(options.maxIter(), options.tol())
                .withResidualTrace(true);
        ModelClass cls = decision.modelClass();
        int r = decision.r();
        SpectralFit spectral = null;
        if (!plan.multiStart()) {
            t0 = System.nanoTime();
            spectral = spectralStep(wm, decision, options.seed(), notes);
            timings.put("spectral", seconds(t0));
        }
        t0 = System.nanoTime();
        Fitting fitting = new Fitting(cls, r, m, mean, b, t, spectral, options.seed());
        double[] nu = wm.whitenedMean();
        Refined refined = fitting.refine(refinement, true, nu, notes);
        timings.put("refinement", seconds(t0));

        t0 = System.nanoTime();
        GaussianityCheck.Result gaussianity = gaussianity(white, notes);
        timings.put("gaussianityCheck", seconds(t0));

        t0 = System.nanoTime();
        double[] lam = plan.eigenvalues();
        // with a noise model the covariance has no gap to report: the noise fills it by design
        double rankGap = m < d && plan.noise().noise().kind() == AdditiveNoise.Kind.NONE
                ? lam[m - 1] / Math.max(lam[m], Double.MIN_NORMAL) : Double.NaN;
        GoodnessOfFitCheck check = new GoodnessOfFitCheck();
        GoodnessOfFit gof;
        if (cls == ModelClass.AFFINE) {
            gof = check.affine(refined.result().z(), r, third, fourth, rankGap, gaussianity);
        } else if (cls == ModelClass.ROTATION_INVARIANT) {
            gof = rotationInvariantGoodnessOfFit(check, refined.result(), fitting, third, n, rankGap, gaussianity,
                    notes);
        } else {
            gof = check.homogeneous(refined.result().z(), r, third, nu, fourth, rankGap, gaussianity);
            if (gof.meanZ() > GoodnessOfFitCheck.DEFAULT_MAX_MEAN_Z) {
                // the homogeneous model's mean equation tr Z_a = ν_a says c = 0; outputs with a constant offset
                // (any unit with an arbitrary zero) contradict it and drag the whole frame (an offset of 1e9 gave
                // res3_ratio 1e6). Refit with free constants: the frame then depends on T̃ and the covariance only,
                // both offset-free, and c = ȳ − tr Q absorbs the offset
                long t1 = System.nanoTime();
                QuadraticRefinement free = refinement.withSchedule(
                        refinement.schedule().stream().map(MomentWeights::withoutMean).toList());
                refined = fitting.refine(free, false, null, notes);
                notes.add(String.format(java.util.Locale.ROOT, "the means are not tr(Q_i) (mean_z %.3g > %.3g with"
                        + " c = 0): refitted with free constants, y_i = x'Q_i x + c_i", gof.meanZ(),
                        GoodnessOfFitCheck.DEFAULT_MAX_MEAN_Z));
                gof = check.homogeneous(refined.result().z(), r, third, null, fourth, rankGap, gaussianity);
                timings.put("refitFreeConstants", seconds(t1));
            }
        }
        if (decision.unexplained() != null) {
            gof = gof.failedBy("covariance (order 2): " + decision.unexplained());
        }
        timings.put("goodnessOfFit", seconds(t0));
        QuadraticTransform model = refined.model();
        QuadraticTransform spectralModel = spectral == null ? null : spectral.model();
        ColumnScale scale = bundle.scale();
        if (scale != null) {
            notes.add("the data's squares leave the double range in their own units, so both passes sketched "
                    + scale.describe() + " (exact powers of two); spectra and moments in these diagnostics are in"
                    + " those units, the model is mapped back exactly to the data's units");
            model = inDataUnits(model, scale);
            spectralModel = spectralModel == null ? null : inDataUnits(spectralModel, scale);
        }
        return new QuadraticFit(model, cls, r, m, d, n, decision, refined.method(),
                spectralModel, spectral == null ? null : spectral.diagnostics(),
                spectral == null ? 1.0 : spectral.alpha2(), spectral == null ? 1.0 : spectral.alpha3(),
                refined.multi(), refined.result(), gof, timings, notes, plan.noise());
    }

    /** The bundle's whitened sketch, checked against the plan (same data, rank m, order 3, both halves filled). */
    private static SplitHalfSketch matchingWhitenedSketch(SketchBundle bundle, Plan plan) {
        SplitHalfSketch white = bundle.whitened();
        if (white == null) {
            throw new InvalidInputException("the sketch has no whitened third moments; compute it with 'moments --whiten"
                    + " --order 3 --rank " + plan.m() + "' (or fit from the samples)");
        }
        Basis basis = white.basis();
        int d = plan.d();
        int m = plan.m();
        RankDecision decision = plan.decision();
        if (basis.inputDim() != d) {
            throw new InvalidInputException("the whitened sketch was taken of " + basis.inputDim() + "-dimensional data,"
                    + " the raw sketch of " + d + "-dimensional data; they do not belong together");
        }
        if (basis.dim() != m) {
            throw new InvalidInputException("the whitened sketch has rank " + basis.dim() + ", but the "
                    + decision.modelClass().toString().toLowerCase() + " model with r = " + decision.r() + " needs"
                    + " whitening rank m = " + m + " (" + decision.reason() + "); recompute it with 'moments --whiten"
                    + " --order 3 --rank " + m + "', or fit from the samples");
        }
        if (white.order() < 3) {
            throw new InvalidInputException("the whitened sketch has order " + white.order() + "; the quadratic"
                    + " learner needs order >= 3");
        }
        if (white.even().count() < 3 || white.odd().count() < 3) {
            throw new InvalidInputException("the whitened sketch holds only " + white.total().count() + " rows; the"
                    + " split-half noise estimate needs at least 3 rows in each half (and far more to be accurate)");
        }
        return white;
    }

    /** The directional fourth-moment sums for the κ4 check, or null (with a note) when they cannot serve. */
    /**
     * Var(θᵀz) = θᵀWᵀCWθ for each direction: z is whitened by the signal's covariance C − Ψ, so the data's own
     * covariance C leaves 1 + θᵀWᵀΨWθ (docs/noise.md §1: Gaussian noise adds to order 2 only).
     */
    private static double[] directionVariances(DirectionalFourthMoments fourth, double[] cov, double[] w, int d,
                                               int m) {
        double[] zc = Matrices.multiply(true, w, false, Matrices.multiply(false, cov, false, w, d, m, d), m, m, d);
        double[] theta = fourth.directions();
        double[] v = new double[fourth.nDirections()];
        for (int l = 0; l < v.length; l++) {
            double s = 0;
            for (int a = 0; a < m; a++) {
                for (int b = 0; b < m; b++) {
                    s += theta[l * m + a] * zc[a + b * m] * theta[l * m + b];
                }
            }
            v[l] = s;
        }
        return v;
    }

    private static DirectionalFourthMoments directionalFourthMoments(SketchBundle bundle, int m, List<String> notes) {
        if (bundle.directional() == null) {
            notes.add("no directional fourth-moment sums in the sketch: kappa4 check skipped");
            return null;
        }
        if (bundle.directional().dim() != m) {
            notes.add("directional fourth-moment sums are in dimension " + bundle.directional().dim()
                    + ", not m = " + m + ": kappa4 check skipped");
            return null;
        }
        DirectionalFourthMoments all = DirectionalFourthMoments.of(bundle.directional());
        if (all.nBlocks() < MIN_KAPPA4_BATCHES) {
            // a handful of batch means gives a standard error that is itself off by a large factor, which
            // would reject correct models (docs/quadratic.md §9 asks for >= 20)
            notes.add("only " + all.nBlocks() + " batches of rows for the batch-means standard errors (< "
                    + MIN_KAPPA4_BATCHES + "): kappa4 check skipped; it needs more rows");
            return null;
        }
        return all;
    }

    /** The spectral step, or null (with a note) when it fails and multi-start moment matching takes over. */
    private static SpectralFit spectralStep(WhitenedMoments wm, RankDecision decision, long seed, List<String> notes) {
        try {
            SpectralFit spectral = SpectralLearner.fit(wm, decision, JordanFrame.Options.defaults().withSeed(seed));
            if (!finite(spectral.whitenedFrame())) {
                throw new ArithmeticException("the spectral frame has NaN entries");
            }
            return spectral;
        } catch (LinalgException | IllegalArgumentException | ArithmeticException e) {
            if (decision.modelClass() == ModelClass.ROTATION_INVARIANT) {
                throw new InvalidInputException("the rotation-invariant spectral step failed: " + e.getMessage()
                        + "; the data may not follow the model (try " + setting("inputLaw") + " gaussian)", e);
            }
            notes.add("spectral step failed (" + e.getMessage() + "); fell back to multi-start moment matching");
            return null;
        }
    }

    /** A refinement, the multi-start record behind it (null after a spectral start), its model and how it was found. */
    private record Refined(RefinementResult result, MultiStartResult multi, QuadraticTransform model, String method) {}

    /** What the refinement step starts from: the spectral fit, or (when null) the moments for multi-start. */
    private record Fitting(ModelClass cls, int r, int m, double[] mean, double[] b, double[] t, SpectralFit spectral,
                           long seed) {
        /**
         * Refines the spectral frame, or runs multi-start moment matching when there is none; {@code withMean} false
         * drops the mean equation (homogeneous model, free constants).
         */
        Refined refine(QuadraticRefinement refinement, boolean withMean, double[] nu, List<String> notes) {
            if (spectral != null) {
                RefinementResult refined = cls == ModelClass.AFFINE
                        ? refinement.refineAffine(spectral.targetThird(), spectral.whitenedFrame(), m, r)
                        : refinement.refineHomogeneous(withMean ? spectral.targetMean() : null,
                        spectral.targetThird(), spectral.whitenedFrame(), m, r);
                return new Refined(refined, null, spectral.toModel(refined.z()), "spectral+refinement");
            }
            MultiStartRefinement ms = new MultiStartRefinement().withSeed(seed)
                    .withRefinement(refinement.withSolver(QuadraticRefinement.Solver.LBFGS));
            MultiStartResult multi = cls == ModelClass.AFFINE ? ms.refineAffine(t, m, r)
                    : ms.refineHomogeneous(nu, t, m, r);
            notes.add(multi.diagnostic());
            return new Refined(multi.best(), multi, SpectralFit.mapBack(cls, r, m, multi.best().z(), b, mean),
                    "multi-start");
        }
    }

    /**
     * The frame reproduces the Gaussianised tensor γ·S built from T̃, not T̃ itself: compare it with that target, with
     * T̃'s split-half noise carried over (approximate: exact when α2 = 1); κ4 of a rotation-invariant law is not
     * 48 tr(A⁴), so that check is skipped.
     */
    private static GoodnessOfFit rotationInvariantGoodnessOfFit(GoodnessOfFitCheck check, RefinementResult refined,
                                                                Fitting fitting, SplitHalfThirdMoments third, long n,
                                                                double rankGap, GaussianityCheck.Result gaussianity,
                                                                List<String> notes) {
        SpectralFit spectral = fitting.spectral();
        double[] target = spectral.targetThird();
        double[] even = new double[target.length];
        double[] odd = new double[target.length];
        for (int i = 0; i < target.length; i++) {
            double half = 0.5 * (third.tEven()[i] - third.tOdd()[i]);
            even[i] = target[i] + half;
            odd[i] = target[i] - half;
        }
        GoodnessOfFit gof = check.homogeneous(refined.z(), fitting.r(), new SplitHalfThirdMoments(fitting.m(), target,
                even, odd, n), spectral.targetMean(), null, rankGap, gaussianity);
        notes.add("rotation-invariant input: res3 is measured against the Gaussianised third moment with T's"
                + " split-half noise (approximate); the kappa4 check does not apply");
        return gof;
    }

    /**
     * The {@link GaussianityCheck} of the whitened sketch (orders 3 and, when the sketch has them, 4); null with a
     * note when the sketch has too few rows for it (fewer than 10·m).
     */
    private static GaussianityCheck.Result gaussianity(SplitHalfSketch white, List<String> notes) {
        try {
            GaussianityCheck.Result g = GaussianityCheck.check(white);
            if (g.maxOrder() < 4) {
                notes.add("the whitened sketch has order 3: the Gaussianity check tested third cumulants only");
            }
            return g;
        } catch (InvalidInputException e) {
            notes.add("Gaussianity check skipped: " + e.getMessage());
            return null;
        }
    }

    /** Number of parameters of the fitted map (for reports): d·tri(r) (+ d·r affine) + d. */
    public static long parameterCount(QuadraticFit fit) {
        return (long) fit.d() * (Svec.tri(fit.r()) + (fit.affine() ? fit.r() : 0) + 1);
    }

    /** A model fitted to y_i / s_i, in the data's units (refused when a parameter would leave the double range). */
    private static QuadraticTransform inDataUnits(QuadraticTransform model, ColumnScale scale) {
        try {
            return model.withOutputScale(scale.factors());
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("the fitted quadratic cannot be stored in the data's own units (it was"
                    + " fitted to " + scale.describe() + "): " + e.getMessage() + ". The data lie too close to the edge"
                    + " of the double range; divide them by a power of two (e.g. 2^-16) and fit again.", e);
        }
    }

    private static boolean finite(double[] a) {
        for (double v : a) {
            if (!Double.isFinite(v)) {
                return false;
            }
        }
        return true;
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) * 1e-9;
    }
}
