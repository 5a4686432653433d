package io.polymoments.decompose;


import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Tensor-ring decomposition of a dense tensor: spectral initialisation (docs/tensor-ring.md §3, §4) refined by
 * TR-ALS (§5), or ALS from a random start. Vocabulary as in TensorLy:
 * {@code ranks, nIterMax, tol, init (spectral|random), seed, nDraws}.
 *
 * <pre>{@code
 * TensorRingResult r = new TensorRingDecomposition().ranks(3, 3, 3).seed(7).fit(tensor);
 * TensorRing ring = r.ring();   // cores R_n × d_n × R_{n+1}
 * }</pre>
 *
 * Instances are immutable; each setter returns a copy.
 */
public final class TensorRingDecomposition {

    /** How ALS is started. */
    public enum Init {
        /** the spectral algorithm (exact on exact data; needs d1 ≥ r1r2, d2 ≥ r2r3, d3 ≥ 3 in some orientation) */
        SPECTRAL,
        /** Gaussian cores scaled to the tensor's norm (always applicable, often stuck when d ≈ r²) */
        RANDOM;

        public static Init parse(String s) {
            try {
                return valueOf(s.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("init must be 'spectral' or 'random', got '" + s + "'");
            }
        }
    }

    /** A run that stalls above this multiple of the expected noise-level fit is restarted from a fresh spectral draw. */
    static final double RESTART_FACTOR = 1.5;

    private final int[] ranks;
    private final int nIterMax;
    private final double tol;
    private final Init init;
    private final long seed;
    private final int nDraws;
    private final int nRestarts;

    public TensorRingDecomposition() {
        this(null, 100, 1e-12, Init.SPECTRAL, 0L, 1, 3);
    }

    private TensorRingDecomposition(int[] ranks, int nIterMax, double tol, Init init, long seed, int nDraws, int nRestarts) {
        this.ranks = ranks;
        this.nIterMax = nIterMax;
        this.tol = tol;
        this.init = init;
        this.seed = seed;
        this.nDraws = nDraws;
        this.nRestarts = nRestarts;
    }

    /** Ring ranks R_0 … R_{N−1} (core n is R_n × d_n × R_{n+1}); no argument (or null) = estimate from the unfoldings. */
    public TensorRingDecomposition ranks(int... r) {
        if (r != null && r.length == 0) {
            r = null;
        }
        if (r != null) {
            for (int v : r) {
                if (v < 1) {
                    throw new IllegalArgumentException("ranks must be >= 1, got " + Arrays.toString(r));
                }
            }
        }
        return new TensorRingDecomposition(r == null ? null : r.clone(), nIterMax, tol, init, seed, nDraws, nRestarts);
    }

    /** Maximum ALS sweeps per run (0 = spectral estimate only). */
    public TensorRingDecomposition nIterMax(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("nIterMax must be >= 0, got " + n);
        }
        return new TensorRingDecomposition(ranks, n, tol, init, seed, nDraws, nRestarts);
    }

    /** Stop ALS once the relative error ‖T̂ − T‖/‖T‖ is below tol. */
    public TensorRingDecomposition tol(double t) {
        if (!(t >= 0)) {
            throw new IllegalArgumentException("tol must be >= 0, got " + t);
        }
        return new TensorRingDecomposition(ranks, nIterMax, t, init, seed, nDraws, nRestarts);
    }

    public TensorRingDecomposition init(Init i) {
        return new TensorRingDecomposition(ranks, nIterMax, tol, i, seed, nDraws, nRestarts);
    }

    public TensorRingDecomposition init(String i) {
        return init(Init.parse(i));
    }

    public TensorRingDecomposition seed(long s) {
        return new TensorRingDecomposition(ranks, nIterMax, tol, init, s, nDraws, nRestarts);
    }

    /** Spectral draws (random contractions) per start; the best-fitting one is kept. Costs nDraws×. */
    public TensorRingDecomposition nDraws(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("nDraws must be >= 1, got " + n);
        }
        return new TensorRingDecomposition(ranks, nIterMax, tol, init, seed, n, nRestarts);
    }

    /** Fresh spectral starts allowed when ALS stalls above the fit expected from the noise level (default 3). */
    public TensorRingDecomposition nRestarts(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("nRestarts must be >= 0, got " + n);
        }
        return new TensorRingDecomposition(ranks, nIterMax, tol, init, seed, nDraws, n);
    }

    public TensorRingResult fit(DenseTensor t) {
        long start = System.nanoTime();
        int order = t.order();
        if (order < 3) {
            throw new IllegalArgumentException("tensor-ring decomposition needs a tensor of order >= 3, got order " + order);
        }
        for (double v : t.data()) {
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("tensor contains NaN or infinite entries");
            }
        }
        double norm = t.norm();
        if (norm == 0) {
            throw new IllegalArgumentException("tensor is identically zero; nothing to decompose");
        }
        boolean estimated = ranks == null;
        int[] r = estimated ? RingRankEstimator.estimate(t).ranks() : ranks.clone();
        if (r.length != order) {
            throw new IllegalArgumentException("ranks has " + r.length + " entries, the tensor has order " + order
                    + "; give one rank per mode (core n is R_n x d_n x R_{n+1})");
        }
        Random rng = new Random(seed);
        RingAls.Unfoldings unfoldings = new RingAls.Unfoldings(t);
        if (init == Init.RANDOM) {
            TensorRing start0 = randomStart(t.dims(), r, norm, rng);
            RingAls.Result als = RingAls.refine(unfoldings, start0, nIterMax, tol, RingAls.DEFAULT_STALL);
            TensorRing ring = als.best();
            return new TensorRingResult(ring, new RingDiagnostics("random", estimated, new int[0], List.of(), Double.NaN,
                    Double.NaN, Double.NaN, Double.NaN, als.errors(), als.sweeps(), 0, ring.relativeError(t),
                    (System.nanoTime() - start) / 1e9));
        }
        SpectralStart first = spectralStart(t, r, rng);
        // Noisy data or a poor start: estimate the fit ALS should reach, to recognise a stalled run.
        double expected = expectedNoiseFit(first.outcome.noiseVariance(), t, r);
        // A run stuck above RESTART_FACTOR × the expected fit is cut short (swamp rule) only while a fresh
        // spectral draw can still replace it; the last allowed run gets all its sweeps.
        double restartLevel = Double.isFinite(expected) ? RESTART_FACTOR * expected : Double.POSITIVE_INFINITY;
        SpectralStart bestStart = first;
        RingAls.Result best = RingAls.refine(unfoldings, first.outcome.ring(), nIterMax, tol, RingAls.DEFAULT_STALL,
                nRestarts > 0 ? restartLevel : Double.POSITIVE_INFINITY);
        int restarts = 0;
        while (restarts < nRestarts && best.stalled() && best.bestError() > restartLevel) {
            restarts++;
            SpectralStart s = spectralStart(t, r, rng);
            RingAls.Result als = RingAls.refine(unfoldings, s.outcome.ring(), nIterMax, tol, RingAls.DEFAULT_STALL,
                    restarts < nRestarts ? restartLevel : Double.POSITIVE_INFINITY);
            if (als.bestError() < best.bestError()) {
                best = als;
                bestStart = s;
            }
        }
        TensorRing ring = best.best();
        SpectralRing3.Outcome o = bestStart.outcome;
        return new TensorRingResult(ring, new RingDiagnostics("spectral", estimated, o.orientation(), bestStart.grouping,
                o.clusterSepRatio(), o.imagResidual(), o.wSvGap(), best.errors()[0], best.errors(), best.sweeps(),
                restarts, ring.relativeError(t), (System.nanoTime() - start) / 1e9));
    }

    private record SpectralStart(SpectralRing3.Outcome outcome, List<int[]> grouping) {}

    /** The spectral estimate: order 3 directly, order N through a grouping into an order-3 ring. */
    private SpectralStart spectralStart(DenseTensor t, int[] r, Random rng) {
        if (t.order() == 3) {
            return new SpectralStart(SpectralRing3.decompose(t, r, rng, nDraws), List.of());
        }
        RingGrouping grouping = RingGrouping.choose(t.dims(), r);
        if (grouping == null) {
            throw new IllegalArgumentException("spectral tensor-ring decomposition of shape " + Arrays.toString(t.dims())
                    + " with ranks " + Arrays.toString(r) + " is not possible: no grouping of consecutive modes into"
                    + " three groups G1, G2, G3 gives D1 >= r1*r2, D2 >= r2*r3 and D3 >= 3 (docs/tensor-ring.md"
                    + " section 4); use smaller ranks or init=random");
        }
        DenseTensor grouped = grouping.group(t);
        int[] rg = RingGrouping.groupRanks(r, grouping.groups());
        SpectralRing3.Outcome o3 = SpectralRing3.decompose(grouped, rg, rng, nDraws);
        TensorRing ring = grouping.split(o3.ring(), t.dims(), r).balanced();
        double fit = ring.relativeError(t);
        SpectralRing3.Outcome o = new SpectralRing3.Outcome(ring, o3.orientation(), o3.clusterSepRatio(),
                o3.imagResidual(), o3.wSvGap(), o3.condB0(), fit, o3.noiseVariance());
        return new SpectralStart(o, grouping.groups());
    }

    static TensorRing randomStart(int[] dims, int[] r, double norm, Random rng) {
        TensorRing ring = TensorRing.random(dims, r, rng);
        double scale = Math.pow(norm / ring.norm(), 1.0 / dims.length);
        List<double[]> cores = new ArrayList<>();
        for (double[] c : ring.cores()) {
            double[] s = c.clone();
            for (int k = 0; k < s.length; k++) {
                s[k] *= scale;
            }
            cores.add(s);
        }
        return new TensorRing(dims, r, cores);
    }

    /**
     * The relative fit ALS should reach if the tensor is a ring of these ranks plus white noise of relative
     * variance σ̂² (estimated by the spectral step from the energy outside the signal subspaces):
     * σ̂·√(1 − #params/#entries). NaN when there is no estimate.
     */
    static double expectedNoiseFit(double noiseVariance, DenseTensor t, int[] r) {
        if (!(noiseVariance >= 0)) {
            return Double.NaN;
        }
        int order = t.order();
        long params = 0;
        for (int n = 0; n < order; n++) {
            params += (long) r[n] * t.dim(n) * r[(n + 1) % order];
        }
        double frac = Math.max(0, 1 - (double) params / t.size());
        return Math.sqrt(noiseVariance * frac);
    }
}
