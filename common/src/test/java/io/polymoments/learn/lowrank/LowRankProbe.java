package io.polymoments.learn.lowrank;

import io.polymoments.metrics.SymmetryAlignment;
import io.polymoments.model.ActivationMode;
import io.polymoments.model.LowRankTransform;
import io.polymoments.moments.PopulationMoments;
import io.polymoments.moments.WhitenedMoments;

/**
 * Manual measurement harness (not a unit test): success rates of {@link LowRankLearner} on random instances,
 * from population moments or (with a sample size n > 0) from n samples with standard-error weights.
 * Usage: LowRankProbe kind r m d instances restarts [firstSeed [n]], kind in he2, mix2, he3, mix3, free2, free3, alpha3.
 */
public final class LowRankProbe {
    public static void main(String[] args) {
        String kind = args[0];
        int r = Integer.parseInt(args[1]);
        int m = Integer.parseInt(args[2]);
        int d = Integer.parseInt(args[3]);
        int seeds = Integer.parseInt(args[4]);
        int restarts = Integer.parseInt(args[5]);
        long seed0 = args.length > 6 ? Long.parseLong(args[6]) : 0;
        int nSamples = args.length > 7 ? Integer.parseInt(args[7]) : 0;
        int ok = 0;
        for (long seed = seed0; seed < seed0 + seeds; seed++) {
            LowRankTransform t;
            LowRankOptions opt;
            switch (kind) {
                case "he2" -> { t = LowRankTransform.random(ActivationMode.KNOWN, new double[] {0, 0, 1}, r, m, d, seed); opt = LowRankOptions.known(m, r, 0, 0, 1); }
                case "mix2" -> { t = LowRankTransform.random(ActivationMode.KNOWN, new double[] {0, 0.5, 1}, r, m, d, seed); opt = LowRankOptions.known(m, r, 0, 0.5, 1); }
                case "he3" -> { t = LowRankTransform.random(ActivationMode.KNOWN, new double[] {0, 0, 0, 1}, r, m, d, seed); opt = LowRankOptions.known(m, r, 0, 0, 0, 1); }
                case "mix3" -> { t = LowRankTransform.random(ActivationMode.KNOWN, new double[] {0, 0.5, 1, 0.4}, r, m, d, seed); opt = LowRankOptions.known(m, r, 0, 0.5, 1, 0.4); }
                case "free2" -> { t = LowRankTransform.random(ActivationMode.FREE, new double[3], r, m, d, seed); opt = LowRankOptions.free(m, r, 2); }
                case "free3" -> { t = LowRankTransform.random(ActivationMode.FREE, new double[4], r, m, d, seed); opt = LowRankOptions.free(m, r, 3); }
                case "alpha3" -> { t = LowRankTransform.random(ActivationMode.KNOWN_UNKNOWN_NORMS, new double[] {0, 0.5, 1, 0.4}, r, m, d, seed); opt = LowRankOptions.unknownNorms(m, r, 0, 0.5, 1, 0.4); }
                default -> throw new IllegalArgumentException(kind);
            }
            opt = opt.withNRestarts(restarts).withSeed(seed).withNIterMax(Integer.getInteger("lr.iter", 300));
            long t0 = System.nanoTime();
            WhitenedMoments wm = nSamples > 0 ? WhitenedMomentAccumulator.fromSamples(t.sampleBlock(seed + 1000, 0, nSamples), m)
                    : PopulationMoments.lowRank(t);
            t0 = System.nanoTime();
            LowRankFit fit = LowRankLearner.fit(wm, opt);
            double secs = (System.nanoTime() - t0) / 1e9;
            SymmetryAlignment.AlignmentError e = fit.model() == null ? null : SymmetryAlignment.align(t, fit.model());
            boolean success = e != null && e.errW() < 1e-6;
            ok += success ? 1 : 0;
            System.out.printf("%s r=%d m=%d d=%d n=%d seed=%d: %s errW=%.2e errGram=%.2e cost=%.2e noise=%.0f null=%d/%d restarts=%d pool=%d t=%.2fs ms=%s%n",
                    kind, r, m, d, nSamples, seed, fit.verdict(), e == null ? Double.NaN : e.errW(), e == null ? Double.NaN : e.errGram(),
                    fit.cost(), fit.noiseLevel(), fit.nullDimension(), fit.expectedNullDimension(), fit.restartCosts().length, fit.poolSize(), secs,
                    java.util.Arrays.toString(fit.millis()));
        }
        System.out.printf("SUMMARY %s r=%d m=%d d=%d: %d/%d errW<1e-6%n", kind, r, m, d, ok, seeds);
    }
}
