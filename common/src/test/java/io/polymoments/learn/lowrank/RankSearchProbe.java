package io.polymoments.learn.lowrank;

import io.polymoments.metrics.SymmetryAlignment;
import io.polymoments.model.ActivationMode;
import io.polymoments.model.LowRankTransform;
import io.polymoments.moments.PopulationMoments;
import io.polymoments.moments.WhitenedMoments;

/** Manual: RankSearchProbe kind r m d seeds n(0=population). */
public final class RankSearchProbe {
    public static void main(String[] a) {
        String kind = a[0];
        int r = Integer.parseInt(a[1]);
        int m = Integer.parseInt(a[2]);
        int d = Integer.parseInt(a[3]);
        int seeds = Integer.parseInt(a[4]);
        int n = Integer.parseInt(a[5]);
        int ok = 0;
        for (long seed = 0; seed < seeds; seed++) {
            double[] sigma = switch (kind) {
                case "he2" -> new double[] {0, 0, 1};
                case "mix2" -> new double[] {0, 0.5, 1};
                case "he3" -> new double[] {0, 0, 0, 1};
                case "mix3" -> new double[] {0, 0.5, 1, 0.4};
                default -> null;
            };
            int omega = kind.equals("free3") ? 3 : sigma == null ? 2 : sigma.length - 1;
            LowRankTransform t = sigma != null ? LowRankTransform.random(ActivationMode.KNOWN, sigma, r, m, d, seed)
                    : LowRankTransform.random(ActivationMode.FREE, new double[omega + 1], r, m, d, seed);
            WhitenedMoments wm = n > 0 ? WhitenedMomentAccumulator.fromSamples(t.sampleBlock(seed + 1000, 0, n), m)
                    : PopulationMoments.lowRank(t);
            final long s = seed;
            long t0 = System.nanoTime();
            RankSearch.Result res = RankSearch.search(m, omega, false, rr -> LowRankLearner.fit(wm,
                    (sigma != null ? LowRankOptions.known(m, rr, sigma) : LowRankOptions.free(m, rr, omega)).withSeed(s)));
            double secs = (System.nanoTime() - t0) / 1e9;
            ok += res.rank() == r ? 1 : 0;
            StringBuilder sb = new StringBuilder();
            for (RankSearch.Trial tr : res.trials()) {
                sb.append(String.format(" [r=%d %s cost/noise=%.3g null=%d/%d]", tr.rank(), tr.verdict(),
                        tr.cost() / tr.noiseLevel(), tr.nullDimension(), tr.expectedNullDimension()));
            }
            double errW = res.fit().model() == null || res.rank() != r ? Double.NaN : SymmetryAlignment.align(t, res.fit().model()).errW();
            System.out.printf("%s r=%d m=%d n=%d seed=%d -> r=%d %s errW=%.2e t=%.1fs%s%n", kind, r, m, n, seed,
                    res.rank(), res.fit().verdict(), errW, secs, sb);
        }
        System.out.printf("SUMMARY %s r=%d m=%d n=%d: %d/%d right r%n", kind, r, m, n, ok, seeds);
    }
}
