package io.polymoments.decompose;

import io.polymoments.linalg.Matrices;
import io.polymoments.linalg.NetlibProvider;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Benchmark of the tensor-ring decomposition (not a test): exact rings of shape d×d×d with ranks (r,r,r) and
 * Gaussian cores plus relative noise σ, decomposed by spectral, spectral+ALS and random-init ALS. "success"
 * is fit &lt; 1e-8 without noise, or a fit within 2% of the fit of the true cores with noise (docs/tensor-ring.md §9.4,
 * §9.5). Cells with d &lt; r² are reported as not applicable to the spectral algorithm and skipped.
 *
 * <p>The CLI's {@code benchmark decompose} passes its options as a {@link Config} to {@link #run(Config)} and prints
 * {@link #table} and {@link #json}.
 */
public final class RingBenchmark {

    /**
     * @param dims             values of d
     * @param ranks            values of r
     * @param sigmas           relative noise levels
     * @param seeds            trials per cell for the spectral methods
     * @param randomSeeds      trials per cell for random-init ALS (it is the slow one); 0 to skip it
     * @param alsSweeps        ALS sweep limit after the spectral start
     * @param randomSweeps     ALS sweep limit from a random start (halved at d ≥ 100, as in docs/tensor-ring.md §9.4)
     */
    public record Config(int[] dims, int[] ranks, double[] sigmas, int seeds, int randomSeeds, int alsSweeps,
                         int randomSweeps) {}

    /** One (d, r, σ) cell. Times in seconds, medians over trials; errors are relative. */
    public record Row(int d, int r, double sigma, boolean applicable, int trials, double spectralSeconds,
                      double spectralFit, double spectralAlsSeconds, double spectralAlsReconVsClean,
                      double spectralAlsSweeps, int spectralAlsSuccesses, int randomTrials, double randomSeconds,
                      double randomReconVsClean, int randomSuccesses) {

        public String toJson() {
            return String.format(Locale.ROOT, "{\"d\":%d,\"r\":%d,\"sigma\":%s,\"applicable\":%b,\"trials\":%d,"
                            + "\"spectral_seconds\":%s,\"spectral_fit\":%s,\"spectral_als_seconds\":%s,"
                            + "\"spectral_als_recon_vs_clean\":%s,\"spectral_als_sweeps\":%s,\"spectral_als_success\":%d,"
                            + "\"random_trials\":%d,\"random_seconds\":%s,\"random_recon_vs_clean\":%s,\"random_success\":%d}",
                    d, r, num(sigma), applicable, trials, num(spectralSeconds), num(spectralFit), num(spectralAlsSeconds),
                    num(spectralAlsReconVsClean), num(spectralAlsSweeps), spectralAlsSuccesses, randomTrials,
                    num(randomSeconds), num(randomReconVsClean), randomSuccesses);
        }
    }

    private RingBenchmark() {}

    public static List<Row> run(Config c) {
        List<Row> rows = new ArrayList<>();
        for (int d : c.dims) {
            for (int r : c.ranks) {
                for (double sigma : c.sigmas) {
                    rows.add(cell(d, r, sigma, c));
                }
            }
        }
        return rows;
    }

    static Row cell(int d, int r, double sigma, Config c) {
        if (d < r * r) {
            return new Row(d, r, sigma, false, 0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0, 0,
                    Double.NaN, Double.NaN, 0);
        }
        int[] dims = {d, d, d};
        int[] ranks = {r, r, r};
        double[] specTime = new double[c.seeds];
        double[] specFit = new double[c.seeds];
        double[] alsTime = new double[c.seeds];
        double[] alsRecon = new double[c.seeds];
        double[] alsSweeps = new double[c.seeds];
        int alsOk = 0;
        int randomTrials = c.randomSeeds;
        double[] rndTime = new double[randomTrials];
        double[] rndRecon = new double[randomTrials];
        int rndOk = 0;
        for (int s = 0; s < Math.max(c.seeds, randomTrials); s++) {
            Random rng = new Random(1000L * d + 10L * r + s);
            DenseTensor clean = TensorRing.random(dims, ranks, rng).full();
            DenseTensor t = sigma > 0 ? addNoise(clean, sigma, rng) : clean;
            double trueFit = sigma > 0 ? clean.relativeErrorTo(t) : 0;
            if (s < c.seeds) {
                long t0 = System.nanoTime();
                SpectralRing3.Outcome o = SpectralRing3.decompose(t, ranks, new Random(s), 1);
                specTime[s] = (System.nanoTime() - t0) / 1e9;
                specFit[s] = o.fit();
                TensorRingResult res = new TensorRingDecomposition().ranks(ranks).seed(s).nIterMax(c.alsSweeps).fit(t);
                alsTime[s] = res.diagnostics().seconds();
                alsRecon[s] = res.ring().relativeError(clean);
                alsSweeps[s] = res.diagnostics().sweeps();
                alsOk += success(res.diagnostics().reconstructionError(), sigma, trueFit) ? 1 : 0;
            }
            if (s < randomTrials) {
                int sweeps = d >= 100 ? c.randomSweeps / 2 : c.randomSweeps;
                TensorRingResult res = new TensorRingDecomposition().ranks(ranks).init("random").seed(s).nIterMax(sweeps)
                        .fit(t);
                rndTime[s] = res.diagnostics().seconds();
                rndRecon[s] = res.ring().relativeError(clean);
                rndOk += success(res.diagnostics().reconstructionError(), sigma, trueFit) ? 1 : 0;
            }
        }
        return new Row(d, r, sigma, true, c.seeds, median(specTime), median(specFit), median(alsTime), median(alsRecon),
                median(alsSweeps), alsOk, randomTrials, median(rndTime), median(rndRecon), rndOk);
    }

    static boolean success(double fit, double sigma, double trueFit) {
        return sigma == 0 ? fit < 1e-8 : fit <= 1.02 * trueFit;
    }

    static DenseTensor addNoise(DenseTensor t, double sigma, Random rng) {
        double[] e = Matrices.gaussian(t.size(), 1, rng);
        double s = sigma * t.norm() / Matrices.frobeniusNorm(e);
        double[] out = t.data().clone();
        for (int k = 0; k < out.length; k++) {
            out[k] += s * e[k];
        }
        return new DenseTensor(t.dims(), out);
    }

    static double median(double[] v) {
        if (v.length == 0) {
            return Double.NaN;
        }
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : 0.5 * (s[s.length / 2 - 1] + s[s.length / 2]);
    }

    private static String num(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.3g", v) : "null";
    }

    /** Human-readable table of the rows. */
    public static String table(List<Row> rows) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%4s %2s %7s | %9s %9s | %9s %9s %6s %7s | %9s %9s %7s%n", "d", "r", "sigma",
                "spec s", "spec fit", "s+ALS s", "vs clean", "sweeps", "success", "rand s", "vs clean", "success"));
        for (Row w : rows) {
            if (!w.applicable) {
                sb.append(String.format(Locale.ROOT, "%4d %2d %7.0e | spectral not applicable (d < r^2)%n", w.d, w.r, w.sigma));
                continue;
            }
            sb.append(String.format(Locale.ROOT, "%4d %2d %7.0e | %9.3f %9.2e | %9.3f %9.2e %6.0f %3d/%-3d | %9.3f %9.2e %3d/%-3d%n",
                    w.d, w.r, w.sigma, w.spectralSeconds, w.spectralFit, w.spectralAlsSeconds, w.spectralAlsReconVsClean,
                    w.spectralAlsSweeps, w.spectralAlsSuccesses, w.trials, w.randomSeconds, w.randomReconVsClean,
                    w.randomSuccesses, w.randomTrials));
        }
        return sb.toString();
    }

    public static String json(List<Row> rows, double seconds) {
        StringBuilder sb = new StringBuilder("{\"benchmark\":\"tensor_ring\",\"linalg\":\"").append(NetlibProvider.describe())
                .append("\",\"seconds\":").append(num(seconds)).append(",\"rows\":[");
        for (int k = 0; k < rows.size(); k++) {
            sb.append(k == 0 ? "" : ",").append(rows.get(k).toJson());
        }
        return sb.append("]}").toString();
    }
}
