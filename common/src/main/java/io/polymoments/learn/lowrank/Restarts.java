package io.polymoments.learn.lowrank;

import io.polymoments.learn.optim.IterationListener;
import io.polymoments.learn.optim.LevenbergMarquardt;
import io.polymoments.learn.optim.OptimizationResult;
import io.polymoments.learn.optim.StopReason;
import io.polymoments.model.Hermite;

import io.polymoments.moments.WhitenedMoments;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Steps B + C of {@link LowRankLearner}: which sets of candidate directions start Levenberg–Marquardt, in which
 * order, and the moment-matching runs themselves; plus the projection of a free-activation fit onto a known
 * activation with unknown norms.
 */
final class Restarts {
    private Restarts() {}

    /** Share of the cost's noise level below which ten Levenberg–Marquardt steps' progress counts as none. */
    static final double FLOOR_SHARE = 1e-3;

    /**
     * Step C's Levenberg–Marquardt. With standard errors the cost's noise level is the number of moment residuals
     * (LowRankLearner's verdict), and a restart stops once ten steps lower its cost by less than
     * {@link #FLOOR_SHARE} of it: its slow tail rarely changes which restart is best, and the best one then runs on
     * to its optimum ({@link Runs#outcome}).
     */
    static LevenbergMarquardt lm(LowRankOptions opt, WhitenedMoments wm, MomentMap map) {
        boolean weighted = wm.hasStdErr() && !wm.isPopulation();
        return new LevenbergMarquardt().withNIterMax(opt.maxIter()).withTol(opt.tol()).withGtol(0).withXtol(1e-15)
                .withNoiseFloor(weighted ? FLOOR_SHARE * map.momentResidualCount() : 0);
    }

    /** Best θ and cost, the final cost of every restart, and every restart's θ (same order as costs). */
    record Outcome(double[] theta, double cost, double[] costs, List<double[]> thetas) {}

    /**
     * Steps B + C. Levenberg–Marquardt first runs from the m best pool directions. If that is not exact
     * (always, with samples) Step B initialises {@code screenedSets} candidate sets (1–3 members swapped for
     * other pool or random directions) and ranks them by their initial moment cost; the next restart starts from
     * a local-search optimum of that cost, the others from the best-ranked sets. All {@code nRestarts} run
     * (population moments: until one is exact) and the lowest final cost wins. Step B runs on the calling thread,
     * so the starting points are the same whatever the thread count; the restarts run on {@code threads} while it
     * prepares the next ones.
     *
     * @param stepB wall and CPU nanoseconds of Step B's work on the calling thread are added to stepB[0], stepB[1]
     */
    static Outcome run(WhitenedMoments wm, LowRankOptions opt, MomentMap map, List<double[]> pool,
                       double[] knownS, SplittableRandom rng, DriverThreads threads, long[] stepB) {
        int m = map.m();
        int r = map.r();
        int omega = map.omega();
        long tb = System.nanoTime();
        long cb = DriverThreads.threadCpuNanos();
        double[] knownRow = null;
        if (knownS != null) {
            knownRow = new double[omega];
            for (int j = 0; j < omega; j++) {
                knownRow[j] = knownS[m * j];
            }
        }
        InitialParameters init = new InitialParameters(pool, wm.z3(), wm.z4(), m, omega, knownRow);
        // random directions: fill a pool smaller than m, and always offer a few for diversity
        int target = Math.max(m, pool.size()) + Math.max(2, m / 2);
        while (init.size() < target) {
            double[] t = new double[m];
            for (int i = 0; i < m; i++) {
                t[i] = rng.nextGaussian();
            }
            init.add(t);
        }
        int poolSize = init.size();
        int[] first = new int[m];
        for (int l = 0; l < m; l++) {
            first[l] = l;
        }
        charge(stepB, tb, cb);
        Runs runs = new Runs(lm(opt, wm, map), map, threads, wm.isPopulation(), opt.exactCost());
        InitialCosts costs = new InitialCosts(init, map, r, threads);
        java.util.Set<String> tried = new java.util.HashSet<>();
        List<int[]> queue = new ArrayList<>();
        queue.add(first);   // the best contrast maxima first: with exact moments this usually suffices
        boolean screened = false;
        boolean searched = false;
        int qi = 0;
        while (runs.size() < opt.restarts()) {
            if (wm.isPopulation() && !screened) {
                runs.awaitAll(); // the first restart is usually exact: screen only when it is not
            }
            if (runs.settled()) {
                break; // exact to rounding: no restart can improve on it
            }
            int[] set = null;
            long ts = System.nanoTime();
            long cs = DriverThreads.threadCpuNanos();
            if (!tried.isEmpty() && !screened) {
                screened = true;
                queue = screen(costs, first, poolSize, opt.screenedSets(), rng);
                qi = 0;
            }
            if (screened && !searched && !queue.isEmpty()) {
                searched = true;
                set = localSearch(costs, queue.get(0), poolSize, rng);
            }
            charge(stepB, ts, cs);
            if (set == null) {
                while (qi < queue.size() && tried.contains(key(queue.get(qi)))) {
                    qi++;
                }
                if (qi >= queue.size()) {
                    break;
                }
                set = queue.get(qi++);
            }
            if (!tried.add(key(set))) {
                continue;
            }
            InitialParameters.Start st;
            long tInit = System.nanoTime();
            long cInit = DriverThreads.threadCpuNanos();
            try {
                st = init.start(set, r, rng);
            } catch (RuntimeException e) { // singular direction set
                continue;
            } finally {
                charge(stepB, tInit, cInit);
            }
            runs.start(map.pack(st.mixing(), st.directions(), st.coefficients()));
        }
        if (runs.size() == 0) {
            throw new IllegalStateException("no usable initial point: every candidate set of directions was singular");
        }
        return runs.outcome();
    }

    private static void charge(long[] stepB, long wall0, long cpu0) {
        stepB[0] += System.nanoTime() - wall0;
        stepB[1] += DriverThreads.threadCpuNanos() - cpu0;
    }

    /**
     * Levenberg–Marquardt runs in the order they were started, on the driver threads. The outcome reads them back in
     * that order and keeps the first of equal costs; with population moments it keeps the runs up to the first exact
     * one, as a sequential loop that stops there would, so it does not depend on the thread count. Runs started after
     * an exact one cannot change the outcome: they are abandoned at their next step.
     */
    static final class Runs {
        private final LevenbergMarquardt lm;
        private final MomentMap map;
        private final DriverThreads threads;
        private final boolean stopWhenExact;
        private final double exactCost;
        private final List<Future<OptimizationResult>> runs = new ArrayList<>();
        private final AtomicInteger firstExact = new AtomicInteger(Integer.MAX_VALUE);

        Runs(LevenbergMarquardt lm, MomentMap map, DriverThreads threads, boolean stopWhenExact, double exactCost) {
            this.lm = lm;
            this.map = map;
            this.threads = threads;
            this.stopWhenExact = stopWhenExact;
            this.exactCost = exactCost;
        }

        void start(double[] theta0) {
            int index = runs.size();
            IterationListener abandon = (iteration, x, cost) -> {
                if (firstExact.get() < index) {
                    throw new Abandoned();
                }
            };
            runs.add(threads.submit(2, () -> {
                OptimizationResult sol = lm.minimize(map.normalEquations(), theta0, stopWhenExact ? abandon : null);
                if (stopWhenExact && sol.value() <= exactCost) {
                    firstExact.accumulateAndGet(index, Math::min);
                }
                return sol;
            }));
        }

        int size() {
            return runs.size();
        }

        void awaitAll() {
            for (Future<OptimizationResult> f : runs) {
                DriverThreads.get(f);
            }
        }

        /** With population moments: a finished run is exact, so later runs cannot change the outcome. */
        boolean settled() {
            return firstExact.get() < Integer.MAX_VALUE;
        }

        Outcome outcome() {
            OptimizationResult best = null;
            List<Double> costs = new ArrayList<>();
            List<double[]> thetas = new ArrayList<>();
            for (Future<OptimizationResult> f : runs) {
                OptimizationResult sol = DriverThreads.get(f);
                costs.add(sol.value());
                thetas.add(sol.x());
                if (best == null || sol.value() < best.value()) {
                    best = sol;
                }
                if (stopWhenExact && best.value() <= exactCost) {
                    break; // the first exact run: later ones may have been abandoned
                }
            }
            if (best != null && best.stopReason() == StopReason.NOISE_FLOOR) {
                // the winner runs on to the optimum: where the floor stopped it depends on the sketch's rounding
                // (the same sketch merged in another order), the optimum does not. It resumes with the small damping a
                // run has reached by then (1e-9–1e-8): the default 1e-3 takes steps so short near the optimum that the
                // relative-decrease test ends it 3e-8 away from it
                best = lm.withNoiseFloor(0).withLambdaInit(1e-9).minimize(map.normalEquations(), best.x());
            }
            double bestCost = best == null ? Double.POSITIVE_INFINITY : best.value();
            double[] c = new double[costs.size()];
            for (int i = 0; i < c.length; i++) {
                c[i] = costs.get(i);
            }
            return new Outcome(best == null ? null : best.x(), bestCost, c, thetas);
        }

        /** Thrown from a run that started after an exact one finished. */
        private static final class Abandoned extends RuntimeException {
            Abandoned() {
                super("an earlier restart is exact", null, false, false);
            }
        }
    }

    /**
     * Candidate direction sets: {@code first} and sets with 1–3 of its members swapped for other pool directions,
     * ordered by their Step B initial moment cost (singular sets dropped).
     */
    private static List<int[]> screen(InitialCosts costs, int[] first, int poolSize, int nSets, SplittableRandom rng) {
        int m = first.length;
        List<int[]> sets = new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        sets.add(first);
        seen.add(key(first));
        int attempts = 0;
        while (sets.size() < nSets && attempts++ < 20 * nSets && poolSize > m) {
            int[] set = first.clone();
            int nSwap = Math.min(m, 1 + rng.nextInt(3));
            for (int j : distinct(rng, m, nSwap)) {
                int cand;
                do {
                    cand = rng.nextInt(poolSize);
                } while (contains(set, cand));
                set[j] = cand;
            }
            if (seen.add(key(set))) {
                sets.add(set);
            }
        }
        List<Double> evaluated = costs.of(sets);
        double[] cost = new double[sets.size()];
        Integer[] order = new Integer[sets.size()];
        for (int i = 0; i < cost.length; i++) {
            cost[i] = evaluated.get(i);
            order[i] = i;
        }
        java.util.Arrays.sort(order, java.util.Comparator.comparingDouble(i -> cost[i]));
        List<int[]> out = new ArrayList<>();
        for (int i : order) {
            if (Double.isFinite(cost[i])) {
                out.add(sets.get(i));
            }
        }
        return out;
    }

    /**
     * First-improvement local search over direction sets (swap one member for another pool direction) on the
     * initial moment cost of Step B: a wrong direction typically raises the initial cost by orders of magnitude,
     * so this repairs sets that miss a unit the contrast ranked low. The candidates of a position are tried in their
     * (random) order, a batch per driver thread at a time; the first that lowers the cost is taken, as in a sequential
     * search.
     */
    static int[] localSearch(InitialCosts costs, int[] start, int poolSize, SplittableRandom rng) {
        int m = start.length;
        int[] set = start.clone();
        double cost = costs.of(List.of(set)).get(0);
        for (int round = 0; round < 2 * m; round++) {
            boolean improved = false;
            int[] positions = distinct(rng, m, m);
            for (int l : positions) {
                int[] cands = distinct(rng, poolSize, poolSize);
                List<int[]> trials = new ArrayList<>();
                for (int c : cands) {
                    if (!contains(set, c)) {
                        int[] trial = set.clone();
                        trial[l] = c;
                        trials.add(trial);
                    }
                }
                boolean found = false;
                int from = 0;
                while (from < trials.size() && !found) {
                    List<int[]> batch = trials.subList(from, costs.batchEnd(trials, from));
                    from += batch.size();
                    List<Double> evaluated = costs.of(batch);
                    for (int i = 0; i < batch.size(); i++) {
                        if (evaluated.get(i) < cost) {
                            cost = evaluated.get(i);
                            set = batch.get(i);
                            found = true;
                            improved = true;
                            break;
                        }
                    }
                }
            }
            if (!improved) {
                break;
            }
        }
        return set;
    }

    /**
     * The moment cost at Step B's initial point of direction sets, each set's once (the local search meets the same
     * sets again), the sets not yet seen evaluated on the driver threads. A set's random numbers (used only for
     * degenerate sets) come from the set itself, so its cost is the same on any thread and in any order.
     */
    static final class InitialCosts {
        private final InitialParameters init;
        private final MomentMap map;
        private final int r;
        private final DriverThreads threads;
        private final java.util.Map<String, Double> known = new java.util.HashMap<>();

        InitialCosts(InitialParameters init, MomentMap map, int r, DriverThreads threads) {
            this.init = init;
            this.map = map;
            this.r = r;
            this.threads = threads;
        }

        /** The costs of the sets, in their order. */
        List<Double> of(List<int[]> sets) {
            List<String> todo = new ArrayList<>();
            List<Callable<Double>> tasks = new ArrayList<>();
            for (int[] set : sets) {
                String k = key(set);
                if (!known.containsKey(k) && !todo.contains(k)) {
                    todo.add(k);
                    tasks.add(() -> cost(set));
                }
            }
            List<Double> fresh = threads.map(1, tasks);
            for (int i = 0; i < todo.size(); i++) {
                known.put(todo.get(i), fresh.get(i));
            }
            List<Double> out = new ArrayList<>();
            for (int[] set : sets) {
                out.add(known.get(key(set)));
            }
            return out;
        }

        /** End of a batch from {@code from}: as many sets as it takes to give every driver thread one not yet seen. */
        int batchEnd(List<int[]> sets, int from) {
            int fresh = 0;
            int end = from;
            while (end < sets.size() && fresh < threads.size()) {
                fresh += known.containsKey(key(sets.get(end))) ? 0 : 1;
                end++;
            }
            return end;
        }

        private double cost(int[] set) {
            try {
                InitialParameters.Start st = init.start(set, r, new SplittableRandom(key(set).hashCode()));
                double[] res = new double[map.residualCount()];
                map.evaluate(map.pack(st.mixing(), st.directions(), st.coefficients()), res, null);
                double c = 0;
                for (double v : res) {
                    c += v * v;
                }
                return Double.isFinite(c) ? c : Double.POSITIVE_INFINITY;
            } catch (RuntimeException e) {
                return Double.POSITIVE_INFINITY;
            }
        }
    }

    private static String key(int[] set) {
        int[] s = set.clone();
        java.util.Arrays.sort(s);
        return java.util.Arrays.toString(s);
    }

    private static boolean contains(int[] set, int x) {
        for (int v : set) {
            if (v == x) {
                return true;
            }
        }
        return false;
    }

    private static int[] distinct(SplittableRandom rng, int m, int k) {
        int[] perm = new int[m];
        for (int i = 0; i < m; i++) {
            perm[i] = i;
        }
        for (int i = 0; i < k; i++) {
            int j = i + rng.nextInt(m - i);
            int tmp = perm[i];
            perm[i] = perm[j];
            perm[j] = tmp;
        }
        return java.util.Arrays.copyOf(perm, k);
    }

    /**
     * KNOWN_UNKNOWN_NORMS initialisation from a FREE fit: per unit, the free coefficients S_l (unit variance)
     * are projected on {κ·T(α)σ} over α (grid + golden section), for both signs of u_l.
     */
    static double[] projectToNorms(MomentMap freeMap, double[] thFree, double[] sigma) {
        int m = freeMap.m();
        int r = freeMap.r();
        int omega = freeMap.omega();
        double[] mm = freeMap.mixing(thFree);
        double[] u = freeMap.directions(thFree);
        double[] s = freeMap.coefficients(thFree);
        double[] alphas = new double[m];
        for (int l = 0; l < m; l++) {
            double bestLoss = Double.POSITIVE_INFINITY;
            double bestAlpha = 1;
            double bestKappa = 1;
            int bestFlip = 1;
            for (int flip = 1; flip >= -1; flip -= 2) {
                double[] sl = new double[omega];
                for (int j = 0; j < omega; j++) {
                    sl[j] = s[l + m * j] * ((j + 1) % 2 == 1 && flip < 0 ? -1 : 1);
                }
                java.util.function.DoubleUnaryOperator loss = a -> {
                    double[] f = java.util.Arrays.copyOfRange(Hermite.rescale(sigma, a), 1, omega + 1);
                    double k = SphereContrast.dot(f, sl) / SphereContrast.dot(f, f);
                    double e = 0;
                    for (int j = 0; j < omega; j++) {
                        e += sq(k * f[j] - sl[j]);
                    }
                    return e;
                };
                double a0 = 0.2;
                double e0 = Double.POSITIVE_INFINITY;
                for (int g = 0; g <= 280; g++) {
                    double a = 0.2 + 0.01 * g;
                    double e = loss.applyAsDouble(a);
                    if (e < e0) {
                        e0 = e;
                        a0 = a;
                    }
                }
                double[] x = InitialParameters.goldenSection(loss, Math.max(0.05, a0 - 0.02), a0 + 0.02, 1e-12);
                if (x[1] < bestLoss) {
                    bestLoss = x[1];
                    bestAlpha = x[0];
                    double[] f = java.util.Arrays.copyOfRange(Hermite.rescale(sigma, x[0]), 1, omega + 1);
                    bestKappa = SphereContrast.dot(f, sl) / SphereContrast.dot(f, f);
                    bestFlip = flip;
                }
            }
            alphas[l] = bestAlpha;
            for (int i = 0; i < m; i++) {
                mm[i + m * l] *= bestKappa;
            }
            for (int k = 0; k < r; k++) {
                u[l + m * k] *= bestFlip;
            }
        }
        double[] th = new double[m * m + m * r + m];
        System.arraycopy(mm, 0, th, 0, m * m);
        System.arraycopy(u, 0, th, m * m, m * r);
        System.arraycopy(alphas, 0, th, m * m + m * r, m);
        return th;
    }

    private static double sq(double x) {
        return x * x;
    }
}
