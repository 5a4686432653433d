package io.polymoments.learn.lowrank;

import io.polymoments.linalg.SymmetricEigen;
import io.polymoments.model.DiagramMoments;
import io.polymoments.model.Hermite;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;

/**
 * Step A (docs/lowrank.md §4): candidate unit directions in the whitened space as local maxima of the
 * whitened third moment κ_3(t) = E(t·z)³ and of ±the fourth cumulant κ_4(t) on the sphere (multi-start SS-HOPM
 * + Riemannian Newton), and for ω = 2 with known σ the matched contrast whose critical points include every
 * unit direction exactly.
 */
final class ContrastSearch {
    /** Starts per power-iteration task: one pass over the tensor serves them all. */
    private static final int POWER_BATCH = 32;

    private ContrastSearch() {}

    /** A local maximum t of a contrast with value f(t). */
    record Maximum(double[] direction, double value) {}

    /** Whitened fourth cumulant C4 = Z4 − (δδ + δδ + δδ) (Z2 = I after whitening). */
    static double[] fourthCumulant(double[] z4, int m) {
        double[] c = z4.clone();
        for (int a = 0; a < m; a++) {
            for (int b = 0; b < m; b++) {
                c[a + m * a + m * m * b + m * m * m * b] -= 1;
                c[a + m * b + m * m * a + m * m * m * b] -= 1;
                c[a + m * b + m * m * b + m * m * m * a] -= 1;
            }
        }
        return c;
    }

    /**
     * Distinct strict local maxima of T(t,…,t) on the sphere (order q), best first, |cos| ≤ {@code dedup}
     * between any two. The starts are drawn first and run on the driver threads; their results are taken in order.
     */
    static List<Maximum> localMaxima(double[] tensor, int q, int m, int nStarts, SplittableRandom rng, double dedup,
                                     DriverThreads threads) {
        double shift = (q - 1) * unfoldingNorm(tensor, q, m);
        SphereContrast f = q == 3 ? new SphereContrast(m, tensor, 3.0, null, 0) : new SphereContrast(m, null, 0, tensor, 4.0);
        double[][] starts = new double[nStarts][m];
        for (double[] t0 : starts) {
            for (int i = 0; i < m; i++) {
                t0[i] = rng.nextGaussian();
            }
        }
        List<Callable<double[][]>> powerRuns = new ArrayList<>();
        for (int from = 0; from < nStarts; from += POWER_BATCH) {
            double[][] batch = java.util.Arrays.copyOfRange(starts, from, Math.min(nStarts, from + POWER_BATCH));
            powerRuns.add(() -> SphereContrast.powerIterations(tensor, q, m, shift, batch, 100, 1e-9));
        }
        List<double[]> ends = new ArrayList<>();
        for (double[][] batch : threads.map(0, powerRuns)) {
            ends.addAll(List.of(batch));
        }
        List<double[]> seeds = new ArrayList<>();
        for (double[] t : ends) {
            boolean dup = false;
            for (double[] p : seeds) {
                if (Math.abs(SphereContrast.dot(p, t)) > 0.9999) { // same basin: Newton would only repeat itself
                    dup = true;
                    break;
                }
            }
            if (!dup) {
                seeds.add(t);
            }
        }
        List<Callable<Maximum>> newtonRuns = new ArrayList<>();
        for (double[] s : seeds) {
            newtonRuns.add(() -> {
                double[] t = f.newton(s, 30, true, 1.0, 1e-14);
                boolean ok = f.tangentGradientNorm(t) < 1e-8 * Math.max(1, Math.abs(f.value(t))) && f.isLocalMaximum(t);
                return ok ? new Maximum(t, f.value(t)) : null;
            });
        }
        List<Maximum> found = new ArrayList<>();
        for (Maximum x : threads.map(0, newtonRuns)) {
            if (x != null) {
                found.add(x);
            }
        }
        found.sort(Comparator.comparingDouble((Maximum x) -> -x.value()));
        List<Maximum> distinct = new ArrayList<>();
        for (Maximum x : found) {
            boolean dup = false;
            for (Maximum p : distinct) {
                if (Math.abs(SphereContrast.dot(p.direction(), x.direction())) > dedup) {
                    dup = true;
                    break;
                }
            }
            if (!dup) {
                distinct.add(x);
            }
        }
        return distinct;
    }

    /** Spectral norm of the m × m^{q−1} unfolding (√ of the top eigenvalue of T_(1)T_(1)ᵀ). */
    private static double unfoldingNorm(double[] tensor, int q, int m) {
        int inner = tensor.length / m;
        double[] g = new double[m * m];
        for (int i = 0; i < m; i++) {
            for (int j = i; j < m; j++) {
                double s = 0;
                for (int k = 0; k < inner; k++) {
                    s += tensor[i + m * k] * tensor[j + m * k];
                }
                g[i + m * j] = s;
                g[j + m * i] = s;
            }
        }
        return Math.sqrt(Math.max(0, SymmetricEigen.of(g, m).values()[0]));
    }

    /**
     * Pool of candidate directions: up to 3m maxima of the primary contrast (order 3: E(t·z)³; 4: +κ_4; −4: −κ_4),
     * then of the others, skipping directions within |cos| ≥ 0.98 of one already pooled.
     */
    static List<double[]> pool(double[] z3, double[] c4, int m, int primary, int startsPerContrast,
                               SplittableRandom rng, List<Double> primaryValues, DriverThreads threads) {
        int[] order = primary == 3 ? new int[] {3, 4, -4} : primary == 4 ? new int[] {4, 3, -4} : new int[] {-4, 3, 4};
        double[] negC4 = c4.clone();
        for (int i = 0; i < negC4.length; i++) {
            negC4[i] = -negC4[i];
        }
        List<double[]> pool = new ArrayList<>();
        for (int o : order) {
            double[] t = o == 3 ? z3 : o == 4 ? c4 : negC4;
            double maxAbs = 0;
            for (double v : t) {
                maxAbs = Math.max(maxAbs, Math.abs(v));
            }
            if (maxAbs < 1e-10) {
                continue;
            }
            List<Maximum> maxima = localMaxima(t, Math.abs(o), m, startsPerContrast, rng, 0.999, threads);
            for (int k = 0; k < Math.min(3 * m, maxima.size()); k++) {
                double[] x = maxima.get(k).direction();
                if (o == primary && primaryValues != null) {
                    primaryValues.add(maxima.get(k).value());
                }
                if (farFromAll(x, pool, 0.98)) {
                    pool.add(x);
                }
            }
        }
        return pool;
    }

    static boolean farFromAll(double[] x, List<double[]> pool, double cosMax) {
        for (double[] p : pool) {
            if (Math.abs(SphereContrast.dot(p, x)) >= cosMax) {
                return false;
            }
        }
        return true;
    }

    /**
     * ω = 2, known σ = s1 He_1 + s2 He_2 (all units): f(t) = (a/3)E(t·z)³ + (b/4)E(t·z)⁴ with G'(u) = a u² + b u³
     * chosen so that the chaos-1..2 projection of G'(σ̂(g)) is proportional to σ̂ (σ̂ = σ/sd). Then every unit
     * direction is an exact critical point (Gaussian integration by parts). Critical points are found by Newton
     * from the pool and random starts, and ranked by the single-unit signature E(t·z)³ = Eσ̂³, E(t·z)⁴ = Eσ̂⁴.
     *
     * @return up to m directions, best signature first, each with its signature mismatch as value
     */
    static List<Maximum> matchedDirections(double[] z3, double[] z4, int m, double[] s, List<double[]> starts,
                                           int nRandom, SplittableRandom rng, DriverThreads threads) {
        double sd = Math.sqrt(Hermite.unitVariance(s));
        double[] sh = {0.0, s[0] / sd, s[1] / sd};
        double[] c2 = Hermite.coefficientsOf(x -> Math.pow(Hermite.evaluate(sh, x), 2), 2, 12);
        double[] c3 = Hermite.coefficientsOf(x -> Math.pow(Hermite.evaluate(sh, x), 3), 2, 12);
        // null vector of the 2×3 system [c2 c3 −ŝ]·(a, b, c) = 0 (chaos 1 and 2): cross product of its rows
        double[] r1 = {c2[1], c3[1], -sh[1]};
        double[] r2 = {c2[2], c3[2], -sh[2]};
        double a = r1[1] * r2[2] - r1[2] * r2[1];
        double b = r1[2] * r2[0] - r1[0] * r2[2];
        // single-unit signature (exact: unit moments with ρ = 1)
        double[] one = {1.0};
        double[] sn = {sh[1], sh[2]};
        double m3 = DiagramMoments.unitMoments(one, sn, 1, 2, 3)[0];
        double m4 = DiagramMoments.unitMoments(one, sn, 1, 2, 4)[0];
        SphereContrast f = new SphereContrast(m, z3, a, z4, b);
        SphereContrast e3 = new SphereContrast(m, z3, 3.0, null, 0);
        SphereContrast e4 = new SphereContrast(m, null, 0, z4, 4.0);
        List<double[]> all = new ArrayList<>(starts);
        for (int k = 0; k < nRandom; k++) {
            double[] t = new double[m];
            for (int i = 0; i < m; i++) {
                t[i] = rng.nextGaussian();
            }
            all.add(t);
        }
        List<Callable<double[]>> newtonRuns = new ArrayList<>();
        for (double[] t0 : all) {
            newtonRuns.add(() -> f.newton(t0, 60, false, 0.3, 1e-15));
        }
        List<Maximum> cands = new ArrayList<>();
        for (double[] t : threads.map(0, newtonRuns)) {
            if (f.tangentGradientNorm(t) >= 1e-9) {
                continue;
            }
            for (int sgn = 1; sgn >= -1; sgn -= 2) {
                double[] tt = t.clone();
                for (int i = 0; i < m; i++) {
                    tt[i] *= sgn;
                }
                double score = Math.abs(e3.value(tt) - m3) + Math.abs(e4.value(tt) - m4) / Math.max(1, Math.abs(m4));
                cands.add(new Maximum(tt, score));
            }
        }
        cands.sort(Comparator.comparingDouble(Maximum::value));
        List<Maximum> picked = new ArrayList<>();
        for (Maximum c : cands) {
            boolean dup = false;
            for (Maximum p : picked) {
                if (Math.abs(SphereContrast.dot(p.direction(), c.direction())) > 0.999) {
                    dup = true;
                    break;
                }
            }
            if (!dup) {
                picked.add(c);
                if (picked.size() == m) {
                    break;
                }
            }
        }
        return picked;
    }
}
