package io.polymoments.benchmark;

import static io.polymoments.InvalidInputException.setting;

import io.polymoments.InvalidInputException;
import io.polymoments.datasets.QuadraticSampler;
import io.polymoments.datasets.RowSampler;
import io.polymoments.datasets.SampleStream;
import io.polymoments.learn.quadratic.QuadraticFit;
import io.polymoments.learn.quadratic.QuadraticLearner;
import io.polymoments.linalg.NetlibProvider;
import io.polymoments.metrics.ParameterError;
import io.polymoments.model.QuadraticTransform;
import io.polymoments.model.QuadraticTransform.Structure;
import io.polymoments.moments.MomentSketch;
import io.polymoments.moments.SketchAccumulator;
import io.polymoments.moments.SketchBundle;
import io.polymoments.moments.SplitHalfSketch;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * The quadratic learner on data with additive Gaussian noise (docs/noise.md §7): for each seed, a random instance
 * (Q0 low-rank, ρ = 1) whose outputs carry noise of mean variance equal to the mean signal variance per output
 * (signal-to-noise 1, or the ratio given), isotropic or with standard deviations spread 10:1; fitted with the rank and the noise model on
 * auto, and the same inputs x fitted without the noise. Reports the verdict, the rank and noise model chosen, the noise
 * variances' relative error, and both parameter errors against the noiseless truth. Sketches are computed in this JVM
 * (the job's two passes without Spark: pass 1, the plan, pass 2 in the plan's whitening).
 */
public final class NoiseBenchmark {

    /**
     * @param r      latent dimension
     * @param d      outputs
     * @param n      rows per data set
     * @param spread ratio of the largest to the smallest noise standard deviation (1: isotropic)
     * @param snr    mean signal variance per output over mean noise variance
     * @param seeds  instances (seeds seed, seed + 1, …)
     * @param seed   first seed
     */
    public record Config(int r, int d, long n, double spread, double snr, int seeds, long seed) {
        public Config {
            if (r < 1 || d < 1 || seeds < 1) {
                throw new InvalidInputException(setting("r") + ", " + setting("d") + " and " + setting("seeds")
                        + " must be >= 1");
            }
            if (n < 1000) {
                throw new InvalidInputException(setting("n") + " must be >= 1000, got " + n);
            }
            if (!(snr > 0) || Double.isInfinite(snr)) {
                throw new InvalidInputException(setting("snr") + " must be a finite number > 0, got " + snr);
            }
            if (!(spread >= 1) || Double.isInfinite(spread)) {
                throw new InvalidInputException(setting("spread") + " must be a finite number >= 1, got " + spread);
            }
        }
    }

    /**
     * One instance: the noisy fit and the noiseless one on the same x.
     *
     * @param noiseError largest relative error of an estimated noise variance
     */
    public record Row(long seed, String verdict, int m, String noiseKind, double noiseError, double error,
                      double noiselessError, String noiselessVerdict) {
        public double ratio() {
            return error / noiselessError;
        }
    }

    public record Result(Config config, String blas, List<Row> rows) {
        public Map<String, Object> json() {
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("r", config.r());
            j.put("d", config.d());
            j.put("n", config.n());
            j.put("spread", config.spread());
            j.put("snr", config.snr());
            List<Map<String, Object>> list = new ArrayList<>();
            for (Row row : rows) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("seed", row.seed());
                m.put("verdict", row.verdict());
                m.put("m", row.m());
                m.put("noise", row.noiseKind());
                m.put("noiseVarianceError", row.noiseError());
                m.put("error", row.error());
                m.put("noiselessError", row.noiselessError());
                m.put("errorRatio", row.ratio());
                list.add(m);
            }
            j.put("runs", list);
            j.put("blas", blas);
            return j;
        }
    }

    private NoiseBenchmark() {}

    public static Result run(Config c, Consumer<Row> onRow) {
        List<Row> rows = new ArrayList<>();
        for (int s = 0; s < c.seeds(); s++) {
            Row row = instance(c, c.seed() + s);
            rows.add(row);
            onRow.accept(row);
        }
        return new Result(c, NetlibProvider.describe(), List.copyOf(rows));
    }

    static Row instance(Config c, long seed) {
        QuadraticTransform truth = QuadraticTransform.random(c.r(), c.d(), Structure.LOWRANK, 1.0, false, seed);
        double[] variances = variances(truth, c.spread(), c.snr());
        RowSampler clean = QuadraticSampler.of(truth);
        QuadraticLearner.Options options = QuadraticLearner.Options.defaults().withSeed(seed).withNoise(null);
        SampleStream stream = new SampleStream(seed, c.n());
        QuadraticFit noisy = fit(new DiagonalNoise(clean, sd(variances)), stream, options);
        QuadraticFit noiseless = fit(clean, stream, options);
        double[] est = noisy.noise().noise().variances();
        double worst = 0;
        for (int i = 0; i < c.d(); i++) {
            worst = Math.max(worst, Math.abs(est[i] - variances[i]) / variances[i]);
        }
        return new Row(seed, String.valueOf(noisy.verdict()), noisy.m(), noisy.noise().noise().kind().label(), worst,
                ParameterError.of(noisy.model(), truth).relative(), ParameterError.of(noiseless.model(), truth)
                .relative(), String.valueOf(noiseless.verdict()));
    }

    /** Noise variances of mean the mean signal variance over snr, standard deviations geometric from 1 to spread. */
    static double[] variances(QuadraticTransform truth, double spread, double snr) {
        int d = truth.d();
        double[] cov = truth.covariance();
        double signal = 0;
        for (int i = 0; i < d; i++) {
            signal += cov[i + i * d] / d;
        }
        double[] v = new double[d];
        double mean = 0;
        for (int i = 0; i < d; i++) {
            double sd = d == 1 ? 1 : Math.pow(spread, (double) i / (d - 1));
            v[i] = sd * sd;
            mean += v[i] / d;
        }
        for (int i = 0; i < d; i++) {
            v[i] *= signal / mean / snr;
        }
        return v;
    }

    private static double[] sd(double[] variances) {
        double[] s = new double[variances.length];
        for (int i = 0; i < s.length; i++) {
            s[i] = Math.sqrt(variances[i]);
        }
        return s;
    }

    /** The job's two passes in this JVM: pass 1, the learner's plan, pass 2 in the plan's whitening, the fit. */
    static QuadraticFit fit(RowSampler sampler, SampleStream stream, QuadraticLearner.Options options) {
        SketchAccumulator first = new SketchAccumulator(2, sampler.dim(), null);
        feed(sampler, stream, first);
        SplitHalfSketch raw = first.finish();
        MomentSketch total = raw.total();
        QuadraticLearner.Plan plan = QuadraticLearner.plan(total, options);
        SketchAccumulator second = new SketchAccumulator(3, sampler.dim(), plan.whitening());
        feed(sampler, stream, second);
        return QuadraticLearner.fit(new SketchBundle(raw, second.finish(), 0), plan, options);
    }

    private static void feed(RowSampler sampler, SampleStream stream, SketchAccumulator acc) {
        int d = sampler.dim();
        for (long b = 0; b < stream.blocks(); b++) {
            double[] block = stream.block(sampler, b);
            int rows = stream.rowsInBlock(b);
            for (int i = 0; i < rows; i++) {
                acc.add(block, i * d);
            }
        }
    }

    /** The inner rows plus N(0, diag(sd²)), drawn after them from the block's generator (the same x as without). */
    private record DiagonalNoise(RowSampler inner, double[] sd) implements RowSampler {
        private static final long serialVersionUID = 1L;

        @Override
        public int dim() {
            return inner.dim();
        }

        @Override
        public void sample(RandomGenerator rng, int rows, double[] out) {
            inner.sample(rng, rows, out);
            int d = inner.dim();
            for (int k = 0; k < rows * d; k++) {
                out[k] += sd[k % d] * rng.nextGaussian();
            }
        }
    }

    /** One table line. */
    public static String line(Row r) {
        return String.format(Locale.ROOT, "seed %3d: %-12s m = %2d, %-9s noise (worst variance error %5.1f%%),"
                + " error %.4g vs %.4g without noise (%.2fx; %s)", r.seed(), r.verdict(), r.m(), r.noiseKind(),
                100 * r.noiseError(), r.error(), r.noiselessError(), r.ratio(), r.noiselessVerdict());
    }
}
