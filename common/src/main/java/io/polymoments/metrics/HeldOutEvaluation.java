package io.polymoments.metrics;

import io.polymoments.linalg.Blas;
import io.polymoments.linalg.Matrices;
import io.polymoments.model.QuadraticTransform;
import io.polymoments.model.RadialLaw;
import io.polymoments.moments.MomentSketch;
import io.polymoments.moments.SketchBundle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How well a quadratic model explains held-out data (docs/quadratic.md §12): moment residuals in the data's whitened
 * coordinates, each against its own sampling noise, sliced W1 between data and model samples against the two-sample
 * floor, and — when the truth is known — the parameter error up to rotation and the exact coupling bound on W2.
 *
 * <p>Noise levels: the whitened mean has covariance I/n exactly, so its noise is √(m/n); for the covariance and the
 * third cumulant the two halves of the split-half sketch give a free estimate, ‖even − odd‖·√(n_e·n_o)/n (for equal
 * halves ‖even − odd‖/2), which is the standard size of the total's error.
 */
public final class HeldOutEvaluation {
    /** Residual-to-noise ratio above which a moment check fails (a fitted model sits near √2). */
    public static final double MAX_MOMENT_RATIO = 3.0;
    /** Sliced-W1-to-floor ratio above which the distribution check fails. */
    public static final double MAX_SLICED_RATIO = 1.5;
    /** Rows each half of the split-half sketch needs for its covariance / third cumulant to estimate noise. */
    public static final long MIN_HALF_ROWS = 50;

    private final int nDirections;
    private final long seed;

    /** 200 directions (docs/quadratic.md §12.3), seed 1. */
    public HeldOutEvaluation() {
        this(200, 1L);
    }

    public HeldOutEvaluation(int nDirections, long seed) {
        if (nDirections < 1) {
            throw new IllegalArgumentException("nDirections must be >= 1, got " + nDirections);
        }
        this.nDirections = nDirections;
        this.seed = seed;
    }

    /** Outcome; parameterError / couplingW2 are null when no truth was given or its shape differs. */
    public record Report(long n, int m, MomentCheck mean, MomentCheck covariance, MomentCheck third,
                         double rawCovarianceRelative, int slicedSamples, int slicedDirections, double slicedW1,
                         double slicedW1Floor, Double parameterError, Double couplingW2, Double couplingW2Relative,
                         boolean consistent, List<String> notes) {
        public double slicedW1Ratio() {
            return slicedW1Floor > 0 ? slicedW1 / slicedW1Floor : Double.NaN;
        }

        public String verdict() {
            return consistent ? "consistent with the held-out data" : "inconsistent with the held-out data";
        }

        /** A few lines for a terminal. */
        public String summary() {
            StringBuilder sb = new StringBuilder();
            sb.append(String.format(Locale.ROOT, "held-out n = %,d, whitened dimension m = %d%n", n, m));
            sb.append(String.format(Locale.ROOT, "%-34s %11s %11s %8s%n", "check", "residual", "noise", "ratio"));
            line(sb, "mean (whitened)", mean);
            line(sb, "covariance (whitened)", covariance);
            line(sb, "third cumulant (whitened)", third);
            sb.append(String.format(Locale.ROOT, "%-34s %11.4g %11.4g %8.2f%n", "sliced W1 (" + slicedSamples
                    + " vs " + slicedSamples + ")", slicedW1, slicedW1Floor, slicedW1Ratio()));
            if (parameterError != null) {
                sb.append(String.format(Locale.ROOT, "parameter error up to the model's symmetries: %.4g%n",
                        parameterError));
            }
            if (couplingW2 != null && couplingW2Relative != null) {
                sb.append(String.format(Locale.ROOT, "coupling bound on W2: %.4g (%.3g%% of sqrt E|y - Ey|^2)%n",
                        couplingW2, 100 * couplingW2Relative));
            }
            sb.append("verdict: ").append(verdict());
            for (String note : notes) {
                sb.append(System.lineSeparator()).append("note: ").append(note);
            }
            return sb.toString();
        }

        private static void line(StringBuilder sb, String name, MomentCheck c) {
            sb.append(String.format(Locale.ROOT, "%-34s %11.4g %11.4g %8.2f%n", name, c.residual(), c.noise(),
                    c.ratio()));
        }
    }

    /**
     * @param model      the model under test
     * @param law        its input law
     * @param bundle     held-out sketch: pass 1 (order ≥ 2) and whitened pass 2 (order ≥ 3, basis = the whitening)
     * @param data       row-major nSliced×d held-out rows for the sliced distance (a subsample of the data)
     * @param nSliced    number of those rows; the model draws as many (twice, for the floor)
     * @param truth      the true model or null
     * @param truthLaw   its input law (ignored without truth)
     */
    public Report evaluate(QuadraticTransform model, RadialLaw law, SketchBundle bundle, double[] data, int nSliced,
                           QuadraticTransform truth, RadialLaw truthLaw) {
        Report r = evaluate(EvaluatedModel.quadratic(model, law), bundle, data, nSliced);
        return truth == null ? r : againstQuadraticTruth(r, model, law, truth, truthLaw);
    }

    /**
     * The report of a quadratic model with its parameter error against a true quadratic model and the coupling
     * bound on their W2 distance; a truth of another shape gets a note instead.
     */
    public static Report againstQuadraticTruth(Report r, QuadraticTransform model, RadialLaw law,
                                               QuadraticTransform truth, RadialLaw truthLaw) {
        int d = model.d();
        List<String> notes = new ArrayList<>(r.notes());
        if (truth.d() != d || truth.r() != model.r()) {
            notes.add("the truth has r = " + truth.r() + ", d = " + truth.d() + " but the model r = " + model.r()
                    + ", d = " + model.d() + ": no parameter error");
            return withTruth(r, null, null, null, notes);
        }
        ParameterError pe = ParameterError.of(model, truth);
        double cw2 = CouplingBound.w2(truth, model, pe.rotation());
        double[] ct = truth.covariance(truthLaw);
        double tr = 0;
        for (int i = 0; i < d; i++) {
            tr += ct[i + i * d];
        }
        if (!truthLaw.isGaussian() || !law.isGaussian()) {
            notes.add("the coupling bound is exact for Gaussian input only; with input law " + truthLaw
                    + " it is indicative");
        }
        return withTruth(r, pe.relative(), cw2, cw2 / Math.sqrt(tr), notes);
    }

    /** The report with a parameter error (and coupling bound) against a truth added; the verdict is unchanged. */
    public static Report withTruth(Report r, Double parameterError, Double couplingW2, Double couplingW2Relative,
                                   List<String> notes) {
        return new Report(r.n(), r.m(), r.mean(), r.covariance(), r.third(), r.rawCovarianceRelative(),
                r.slicedSamples(), r.slicedDirections(), r.slicedW1(), r.slicedW1Floor(), parameterError, couplingW2,
                couplingW2Relative, r.consistent(), notes);
    }

    /**
     * The checks that need only the model's exact moments and samples (any {@link EvaluatedModel}); no truth.
     *
     * @param model   the model under test
     * @param bundle  held-out sketch: pass 1 (order ≥ 2) and whitened pass 2 (order ≥ 3, basis = the whitening)
     * @param data    row-major nSliced×d held-out rows for the sliced distance (a subsample of the data)
     * @param nSliced number of those rows; the model draws as many (twice, for the floor)
     */
    public Report evaluate(EvaluatedModel model, SketchBundle bundle, double[] data, int nSliced) {
        if (!bundle.isWhitened() || bundle.whitened().order() < 3) {
            throw new IllegalArgumentException("evaluation needs a whitened sketch of order >= 3 (pass 2)");
        }
        MomentSketch rawEven = bundle.raw().even();
        MomentSketch rawOdd = bundle.raw().odd();
        MomentSketch raw = bundle.raw().total();
        MomentSketch zEven = bundle.whitened().even();
        MomentSketch zOdd = bundle.whitened().odd();
        MomentSketch z = bundle.whitened().total();
        int d = raw.dim();
        int m = z.dim();
        if (model.outputDim() != d) {
            throw new IllegalArgumentException("the model has d = " + model.outputDim() + " outputs but the data have " + d
                    + " columns");
        }
        if (data.length != (long) nSliced * d) {
            throw new IllegalArgumentException("data must be nSliced x d = " + nSliced + " x " + d);
        }
        List<String> notes = new ArrayList<>();
        long n = raw.count();
        double[] w = z.basis().matrix();
        double halfFactor = Math.sqrt((double) rawEven.count() * rawOdd.count()) / n;
        // each half holds about n/2 rows (a hash of each row picks it): tiny data leave too few in one of them
        boolean halves = Math.min(rawEven.count(), rawOdd.count()) >= MIN_HALF_ROWS
                && Math.min(zEven.count(), zOdd.count()) >= MIN_HALF_ROWS;
        if (!halves) {
            notes.add("too few rows in one half of the split-half sketch (" + rawEven.count() + " / " + rawOdd.count()
                    + "): the noise levels of the covariance and third cumulant are unknown (NaN); use more rows");
        }

        // mean: δ = Wᵀ(μ_model − ȳ); the whitened sample mean has covariance I/n
        double[] diff = raw.mean();
        double[] mu = model.mean();
        for (int i = 0; i < d; i++) {
            diff[i] = mu[i] - diff[i];
        }
        double[] delta = Matrices.multiply(true, w, false, diff, m, 1, d);
        double[] ybar = raw.mean();
        MomentCheck meanCheck = new MomentCheck(Matrices.frobeniusNorm(delta), Math.sqrt(m / (double) n),
                Matrices.frobeniusNorm(delta) / Math.max(Matrices.frobeniusNorm(
                        Matrices.multiply(true, w, false, ybar, m, 1, d)), Double.MIN_NORMAL));

        // covariance in whitened coordinates
        double[] cModel = model.covariance();
        double[] cData = raw.covariance();
        double[] sModel = congruence(w, cModel, d, m);
        double[] sData = congruence(w, cData, d, m);
        double covNoise = halves ? halfFactor * Matrices.distance(congruence(w, rawEven.covariance(), d, m),
                congruence(w, rawOdd.covariance(), d, m)) : Double.NaN;
        MomentCheck covCheck = new MomentCheck(Matrices.distance(sModel, sData), covNoise,
                Matrices.distance(sModel, sData) / Matrices.frobeniusNorm(sData));
        double rawCov = Matrices.distance(cModel, cData) / Math.max(Matrices.frobeniusNorm(cData), Double.MIN_NORMAL);

        // third cumulant in whitened coordinates
        double[] tModel = model.whitenedThirdCumulant(w, m);
        double[] tData = z.thirdCumulant();
        double zHalf = Math.sqrt((double) zEven.count() * zOdd.count()) / z.count();
        double tNorm = Matrices.frobeniusNorm(tData);
        MomentCheck thirdCheck = new MomentCheck(Matrices.distance(tModel, tData),
                halves ? zHalf * Matrices.distance(zEven.thirdCumulant(), zOdd.thirdCumulant()) : Double.NaN,
                tNorm > 0 ? Matrices.distance(tModel, tData) / tNorm : Double.NaN);

        // sliced W1 in the data's whitened coordinates, against the floor of two independent model samples
        double[] s1 = model.sample(nSliced, seed * 0x9E3779B97F4A7C15L + 11);
        double[] s2 = model.sample(nSliced, seed * 0x9E3779B97F4A7C15L + 12);
        double sw = SlicedWasserstein.w1(data, nSliced, s1, nSliced, d, w, m, nDirections, seed);
        double floor = SlicedWasserstein.w1(s2, nSliced, s1, nSliced, d, w, m, nDirections, seed);

        // an unknown (NaN) ratio does not fail a check
        boolean ok = !(meanCheck.ratio() > MAX_MOMENT_RATIO) && !(covCheck.ratio() > MAX_MOMENT_RATIO)
                && !(thirdCheck.ratio() > MAX_MOMENT_RATIO) && !(sw > MAX_SLICED_RATIO * floor);
        return new Report(n, m, meanCheck, covCheck, thirdCheck, rawCov, nSliced, nDirections, sw, floor, null, null,
                null, ok, notes);
    }

    /** Wᵀ C W (m×m) for a d×m W and a d×d C, column-major. */
    static double[] congruence(double[] w, double[] c, int d, int m) {
        double[] cw = new double[d * m];
        Blas.gemm(false, false, d, m, d, 1.0, c, 0, d, w, 0, d, 0.0, cw, 0, d);
        double[] out = new double[m * m];
        Blas.gemm(true, false, m, m, d, 1.0, w, 0, d, cw, 0, d, 0.0, out, 0, m);
        return Matrices.symmetrizeInPlace(out, m);
    }
}
