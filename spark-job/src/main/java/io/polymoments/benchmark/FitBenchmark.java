package io.polymoments.benchmark;

import static io.polymoments.InvalidInputException.setting;

import io.polymoments.InvalidInputException;
import io.polymoments.datasets.LocalSketches;
import io.polymoments.datasets.QuadraticSampler;
import io.polymoments.datasets.SampleStream;
import io.polymoments.learn.quadratic.MultiStartRefinement;
import io.polymoments.learn.quadratic.QuadraticFit;
import io.polymoments.learn.quadratic.QuadraticLearner;
import io.polymoments.learn.quadratic.QuadraticRefinement;
import io.polymoments.learn.quadratic.RefinementResult;
import io.polymoments.linalg.NetlibProvider;
import io.polymoments.metrics.ParameterError;
import io.polymoments.model.QuadraticTransform;
import io.polymoments.model.QuadraticTransform.Structure;
import io.polymoments.moments.SketchBundle;
import io.polymoments.tensor.Svec;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The quadratic learner's driver figures: driver time (plan → spectral → refinement → goodness of fit) of one
 * problem from a sketch; statistical efficiency (error of the spectral-start fit against the refinement started at
 * the truth, on the same moments, docs/quadratic.md §14.3 and §14.14); and the success rate of the spectral start
 * against random starts (§14.12). Sketches are computed in this JVM over generated blocks (the two-pass plan without
 * Spark), so every figure is of the driver alone.
 */
public final class FitBenchmark {

    /**
     * @param driverR       r of the driver-time problem
     * @param driverD       d of the driver-time problem
     * @param driverN       samples behind the driver-time sketch
     * @param repeats       timed driver runs after one warm-up; the best is reported
     * @param r             r of the accuracy runs
     * @param d             d of the accuracy runs; null: 2·r(r+1)/2
     * @param base          Q0 of the accuracy runs (equal, lowrank or random)
     * @param rho           ρ of the accuracy runs
     * @param n             samples per accuracy run
     * @param seeds         accuracy runs (instances and samples)
     * @param randomStarts  random starts per run for the success-rate comparison
     * @param successFactor a start succeeds when its error is at most this times the truth-started error
     * @param seed          seed of every instance and sample
     */
    public record Config(int driverR, int driverD, long driverN, int repeats, int r, Integer d, String base, double rho,
                         long n, int seeds, int randomStarts, double successFactor, long seed) {
        public Config {
            if (repeats < 1 || seeds < 1) {
                throw new InvalidInputException(setting("repeats") + " and " + setting("seeds") + " must be >= 1, got "
                        + repeats + " and " + seeds);
            }
            if (randomStarts < 0) {
                throw new InvalidInputException(setting("randomStarts") + " must be >= 0, got " + randomStarts);
            }
            if (n < 1000 || driverN < 1000) {
                throw new InvalidInputException(setting("n") + " and " + setting("driverN") + " must be >= 1000, got "
                        + n + " and " + driverN);
            }
            Structure.parse(base);
        }

        int accuracyD() {
            return d != null ? d : 2 * Svec.tri(r);
        }
    }

    /** The driver-time problem: best wall and thread-CPU time over the repeats, the learner's step timings. */
    public record DriverTime(int k, double sketchSeconds, double bestSeconds, double bestCpuSeconds,
                             double secondsWithoutResidualTrace, Map<String, Double> timings, int iterations,
                             double parameterError, String verdict) {}

    /** One accuracy run: errors of the spectral start, the fit and the truth-started refinement. */
    public record SeedRow(int index, double spectralError, double fitError, double truthStartError, boolean spectralOk,
                          int randomOk, int randomStarts, double seconds, double driverSeconds) {
        public double ratio() {
            return fitError / truthStartError;
        }
    }

    public record Result(Config config, String blas, DriverTime driver, List<SeedRow> rows) {
        public double medianRatio() {
            return median(rows.stream().mapToDouble(SeedRow::ratio).toArray());
        }

        public double maxRatio() {
            return rows.stream().mapToDouble(SeedRow::ratio).max().orElse(Double.NaN);
        }

        public double medianFitError() {
            return median(rows.stream().mapToDouble(SeedRow::fitError).toArray());
        }

        public double meanDriverSeconds() {
            return rows.stream().mapToDouble(SeedRow::driverSeconds).average().orElse(Double.NaN);
        }

        public int spectralOk() {
            return (int) rows.stream().filter(SeedRow::spectralOk).count();
        }

        public int randomOk() {
            return rows.stream().mapToInt(SeedRow::randomOk).sum();
        }

        public int randomTotal() {
            return rows.stream().mapToInt(SeedRow::randomStarts).sum();
        }

        /** Every figure, in the order README's JSON line shows them. */
        public Map<String, Object> json() {
            Config c = config;
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("driverSeconds", driver.bestSeconds());
            j.put("driverCpuSeconds", driver.bestCpuSeconds());
            j.put("driverR", c.driverR());
            j.put("driverD", c.driverD());
            j.put("driverK", driver.k());
            j.put("driverN", c.driverN());
            j.put("driverTimings", driver.timings());
            j.put("driverSecondsWithoutResidualTrace", driver.secondsWithoutResidualTrace());
            j.put("driverParameterError", driver.parameterError());
            Map<String, Object> ratio = new LinkedHashMap<>();
            ratio.put("median", medianRatio());
            ratio.put("max", maxRatio());
            j.put("errorRatioToTruthStart", ratio);
            j.put("spectralSuccessRate", spectralOk() / (double) rows.size());
            j.put("randomStartSuccessRate", randomTotal() == 0 ? Double.NaN : randomOk() / (double) randomTotal());
            j.put("successFactor", c.successFactor());
            j.put("r", c.r());
            j.put("d", c.accuracyD());
            j.put("base", c.base());
            j.put("rho", c.rho());
            j.put("n", c.n());
            j.put("seeds", c.seeds());
            j.put("randomStartsPerSeed", c.randomStarts());
            j.put("medianFitError", medianFitError());
            j.put("blas", blas);
            return j;
        }
    }

    private FitBenchmark() {}

    /** Runs both parts; {@code onRow} sees each accuracy run as it ends (the runs take minutes at the defaults). */
    public static Result run(Config c, Consumer<SeedRow> onRow) {
        QuadraticLearner.Options options = QuadraticLearner.Options.defaults().withSeed(c.seed());
        DriverTime driver = driverTime(c, options);
        List<SeedRow> rows = new ArrayList<>();
        for (int s = 0; s < c.seeds(); s++) {
            SeedRow row = accuracyRun(c, options, s);
            rows.add(row);
            onRow.accept(row);
        }
        return new Result(c, NetlibProvider.describe(), driver, List.copyOf(rows));
    }

    private static DriverTime driverTime(Config c, QuadraticLearner.Options options) {
        int k = Svec.tri(c.driverR());
        QuadraticTransform big = QuadraticTransform.random(c.driverR(), c.driverD(), Structure.LOWRANK, 1.0, false,
                c.seed());
        long t0 = System.nanoTime();
        SketchBundle sketch = LocalSketches.twoPass(QuadraticSampler.of(big), new SampleStream(c.seed(), c.driverN()),
                3, k).bundle();
        double sketchSeconds = (System.nanoTime() - t0) / 1e9;
        double best = Double.MAX_VALUE;
        double bestCpu = Double.MAX_VALUE;
        QuadraticFit bigFit = null;
        // CPU time of this thread as well: on a shared machine the wall time includes waiting for a core
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (int rep = 0; rep <= c.repeats(); rep++) {
            long t = System.nanoTime();
            long cpu0 = threads.getCurrentThreadCpuTime();
            QuadraticFit f = QuadraticLearner.fit(sketch, options);
            double secs = (System.nanoTime() - t) / 1e9;
            double cpu = (threads.getCurrentThreadCpuTime() - cpu0) / 1e9;
            if (rep > 0 && secs < best) { // rep 0 warms the JIT up
                best = secs;
                bigFit = f;
            }
            if (rep > 0) {
                bestCpu = Math.min(bestCpu, cpu);
            }
        }
        // the learner records the residual norms after every iteration (one extra objective evaluation each); the
        // same spectral step + refinement without that trace, for comparison
        QuadraticFrame frame = QuadraticFrame.of(sketch);
        double bestNoTrace = Double.MAX_VALUE;
        for (int rep = 0; rep < c.repeats(); rep++) {
            long t = System.nanoTime();
            frame.spectralAndRefinement(sketch, options);
            bestNoTrace = Math.min(bestNoTrace, (System.nanoTime() - t) / 1e9);
        }
        return new DriverTime(k, sketchSeconds, best, bestCpu, bestNoTrace, bigFit.timings(),
                bigFit.refinement().totalIterations(), ParameterError.of(bigFit.model(), big).relative(),
                String.valueOf(bigFit.verdict()));
    }

    private static SeedRow accuracyRun(Config c, QuadraticLearner.Options options, int s) {
        long runSeed = c.seed() * 1000 + s;
        long ts = System.nanoTime();
        QuadraticTransform truth = QuadraticTransform.random(c.r(), c.accuracyD(), Structure.parse(c.base()), c.rho(),
                false, runSeed);
        SketchBundle bundle = LocalSketches.twoPass(QuadraticSampler.of(truth), new SampleStream(runSeed, c.n()), 3,
                Svec.tri(c.r())).bundle();
        long td = System.nanoTime();
        QuadraticFit fit = QuadraticLearner.fit(bundle, options);
        double driverSeconds = (System.nanoTime() - td) / 1e9;
        QuadraticFrame frame = QuadraticFrame.of(bundle);
        double errSpectral = fit.spectralModel() == null ? Double.NaN
                : ParameterError.of(fit.spectralModel(), truth).relative();
        double errFit = ParameterError.of(fit.model(), truth).relative();
        double errTruth = ParameterError.of(frame.refineFrom(frame.whitenedFrame(truth), options), truth).relative();
        int ok = 0;
        for (int j = 0; j < c.randomStarts(); j++) {
            RefinementResult rr = new MultiStartRefinement().withNStarts(1).withSeed(runSeed * 7919 + j)
                    .withRefinement(QuadraticFrame.refinement(options).withSolver(QuadraticRefinement.Solver.LBFGS))
                    .refineHomogeneous(frame.nu(), frame.t(), frame.m(), c.r()).best();
            double e = ParameterError.of(frame.mapBack(rr.z()), truth).relative();
            ok += e <= c.successFactor() * errTruth ? 1 : 0;
        }
        return new SeedRow(s, errSpectral, errFit, errTruth, errFit <= c.successFactor() * errTruth, ok,
                c.randomStarts(), (System.nanoTime() - ts) / 1e9, driverSeconds);
    }

    static double median(double[] v) {
        if (v.length == 0) {
            return Double.NaN;
        }
        double[] sorted = v.clone();
        Arrays.sort(sorted);
        int k = sorted.length;
        return k % 2 == 1 ? sorted[k / 2] : 0.5 * (sorted[k / 2 - 1] + sorted[k / 2]);
    }
}
