package io.polymoments.learn.lowrank;

import io.polymoments.linalg.Matrices;
import io.polymoments.linalg.NetlibProvider;
import io.polymoments.metrics.SymmetryAlignment;
import io.polymoments.model.ActivationMode;
import io.polymoments.model.LowRankTransform;
import io.polymoments.moments.SketchAccumulator;
import io.polymoments.moments.SketchBundle;
import io.polymoments.moments.SplitHalfSketch;
import io.polymoments.moments.WhitenedMoments;
import io.polymoments.moments.Whitening;
import io.polymoments.tensor.DenseTensors;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The low-rank learner's driver cost (not a test): Wick-square units σ = He₂ on random instances
 * ({@link LowRankTransform#random}, d = 2m), fitted from exact population moments or from the sketches of n rows
 * generated in this JVM (the two passes without Spark, so every figure is of the driver alone). Reports the CPU time
 * of Steps A–D summed over the driver threads, errW against the truth and whether the fit succeeded (FITS, and
 * errW ≤ 1e-6 from population moments). A {@code benchmark} command passes a {@link Config} to {@link #run} and prints
 * {@link #table} and the rows' {@link Row#toJson}.
 */
public final class LowRankBenchmark {
    private static final int BLOCK = 4096;

    /**
     * @param sizes   (m, r) pairs
     * @param rows    rows behind each sketch; 0 for exact population moments
     * @param seeds   instances per size (seeds seed, seed + 1, …)
     * @param seed    first instance seed (the sample's seed is derived from it)
     * @param threads driver threads of the fit (0: one per processor)
     */
    public record Config(int[][] sizes, long rows, int seeds, long seed, int threads) {}

    /**
     * One fit. Times in seconds: {@code driverCpuSeconds} is the sum of {@code stepCpuSeconds} (Steps A–D);
     * {@code wallSeconds} the fit's elapsed time.
     */
    public record Row(int m, int r, int d, long rows, long seed, int threads, double driverCpuSeconds,
                      double[] stepCpuSeconds, double wallSeconds, LowRankVerdict verdict, double cost,
                      double noiseLevel, double errW, boolean success, double[] restartCosts) {

        public String toJson() {
            return String.format(Locale.ROOT, "{\"m\":%d,\"r\":%d,\"d\":%d,\"rows\":%d,\"seed\":%d,\"threads\":%d,"
                            + "\"driverCpuSeconds\":%.3f,\"stepCpuSeconds\":[%.3f,%.3f,%.3f,%.3f],\"wallSeconds\":%.3f,"
                            + "\"verdict\":\"%s\",\"cost\":%.6g,\"noiseLevel\":%.6g,\"errW\":%.3g,\"success\":%b,"
                            + "\"restarts\":%d}",
                    m, r, d, rows, seed, threads, driverCpuSeconds, stepCpuSeconds[0], stepCpuSeconds[1],
                    stepCpuSeconds[2], stepCpuSeconds[3], wallSeconds, verdict, cost, noiseLevel, errW, success,
                    restartCosts.length);
        }
    }

    private LowRankBenchmark() {}

    public static List<Row> run(Config c) {
        List<Row> out = new ArrayList<>();
        for (int[] size : c.sizes()) {
            for (int k = 0; k < c.seeds(); k++) {
                out.add(fit(size[0], size[1], c.rows(), c.seed() + k, c.threads()));
            }
        }
        return out;
    }

    /** One He₂ instance with m units in r latent dimensions, d = 2m, fitted with the default options. */
    public static Row fit(int m, int r, long rows, long seed, int threads) {
        int d = 2 * m;
        LowRankTransform truth = LowRankTransform.random(ActivationMode.KNOWN, new double[] {0, 0, 1}, r, m, d, seed);
        WhitenedMoments wm = rows == 0 ? population(truth) : sketch(truth, rows, seed + 1_000_003L);
        LowRankOptions opt = LowRankOptions.known(m, r, 0, 0, 1).withSeed(seed).withThreads(threads);
        long[] cpu = new long[4];
        long t0 = System.nanoTime();
        LowRankFit fit = LowRankLearner.fit(wm, opt, cpu);
        double wall = (System.nanoTime() - t0) / 1e9;
        double errW = fit.model() == null ? Double.NaN : SymmetryAlignment.align(truth, fit.model()).errW();
        boolean success = fit.verdict() == LowRankVerdict.FITS && (rows > 0 || errW <= 1e-6);
        double[] steps = Arrays.stream(cpu).mapToDouble(n -> n / 1e9).toArray();
        return new Row(m, r, d, rows, seed, opt.driverThreads(), Arrays.stream(steps).sum(), steps, wall,
                fit.verdict(), fit.cost(), fit.noiseLevel(), errW, success, fit.restartCosts());
    }

    /** Exact whitened moments of the model. */
    static WhitenedMoments population(LowRankTransform t) {
        int m = t.hidden();
        int d = t.outputDim();
        Whitening wh = Whitening.of(t.mean(), t.covariance(), d, m);
        double[] b = Matrices.multiply(Matrices.transpose(wh.basis().matrix(), d, m), t.outputWeights(), m, d, m);
        return new WhitenedMoments(wh, Double.POSITIVE_INFINITY, DenseTensors.transform(t.unitMoments(3), m, 3, b, m),
                DenseTensors.transform(t.unitMoments(4), m, 4, b, m), null, null);
    }

    /** The learner's input from the two passes over n generated rows (raw order 2, then whitened order 4). */
    static WhitenedMoments sketch(LowRankTransform t, long rows, long seed) {
        int d = t.outputDim();
        SketchAccumulator first = new SketchAccumulator(2, d, null);
        forEachRow(t, rows, seed, first);
        SplitHalfSketch raw = first.finish();
        Whitening wh = Whitening.of(raw.total(), Whitening.spectrum(raw.total()), t.hidden(), "hidden");
        SketchAccumulator second = new SketchAccumulator(4, d, wh.basis());
        forEachRow(t, rows, seed, second);
        return SketchMoments.fromBundle(new SketchBundle(raw, second.finish(), 0));
    }

    private static void forEachRow(LowRankTransform t, long rows, long seed, SketchAccumulator acc) {
        for (long block = 0; block * BLOCK < rows; block++) {
            for (double[] y : t.sampleBlock(seed, block, (int) Math.min(BLOCK, rows - block * BLOCK))) {
                acc.add(y);
            }
        }
    }

    /** A fixed-width table of the rows, with the BLAS in use. */
    public static String table(List<Row> rows) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
                "low-rank driver, He2, d = 2m (%s)%n%4s %3s %9s %5s %7s %7s %7s %7s %7s %8s %9s %8s %8s%n",
                NetlibProvider.describe(), "m", "r", "rows", "seed", "cpu s", "A", "B", "C", "D", "wall s", "errW",
                "restarts", "verdict"));
        for (Row r : rows) {
            sb.append(String.format(Locale.ROOT, "%4d %3d %9d %5d %7.2f %7.2f %7.2f %7.2f %7.2f %8.2f %9.2e %8d %8s%n",
                    r.m(), r.r(), r.rows(), r.seed(), r.driverCpuSeconds(), r.stepCpuSeconds()[0],
                    r.stepCpuSeconds()[1], r.stepCpuSeconds()[2], r.stepCpuSeconds()[3], r.wallSeconds(), r.errW(),
                    r.restartCosts().length, r.verdict()));
        }
        return sb.toString();
    }
}
