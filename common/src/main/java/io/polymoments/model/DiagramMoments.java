package io.polymoments.model;

import io.polymoments.tensor.SymmetricIndex;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Exact joint moments of Hermite-series units by the diagram formula.
 *
 * <p>Units h_l = Σ_{j=1..ω} S_lj He_j(g_l), g = (g_1..g_m) jointly Gaussian with unit variances and correlation
 * matrix ρ. For unit-variance g_1..g_q (possibly equal),
 * E[Π_v He_{j_v}(g_v)] = Σ_n Π_v j_v! / Π_{v<w} n_vw! · Π_{v<w} ρ_vw^{n_vw}, summed over loop-free multigraphs
 * n on q vertices with degrees j_v. Hence E[h_{l_1}···h_{l_q}] is a polynomial in S and ρ evaluated here,
 * together with its exact partial derivatives, for q ≤ 4 (3, 13 and 143 patterns for q = 2, 3, 4 at ω = 3).
 *
 * <p>Layouts: ρ is m×m column-major; S is m×ω column-major (S[l + m·(j−1)] multiplies He_j of unit l).
 */
public final class DiagramMoments {
    private static final ConcurrentHashMap<Integer, Patterns> PATTERNS = new ConcurrentHashMap<>();

    private DiagramMoments() {}

    /** Multigraph patterns on q vertices whose degrees lie in [1, ω]. */
    record Patterns(int q, int omega, int[][] edges, int[][] exponent, int[][] degree, double[] coefficient) {
        int size() {
            return coefficient.length;
        }
    }

    static Patterns patterns(int q, int omega) {
        return PATTERNS.computeIfAbsent(q * 64 + omega, key -> buildPatterns(q, omega));
    }

    private static Patterns buildPatterns(int q, int omega) {
        List<int[]> edges = new ArrayList<>();
        for (int v = 0; v < q; v++) {
            for (int w = v + 1; w < q; w++) {
                edges.add(new int[] {v, w});
            }
        }
        int ne = edges.size();
        List<int[]> exps = new ArrayList<>();
        List<int[]> degs = new ArrayList<>();
        List<Double> coefs = new ArrayList<>();
        int[] n = new int[ne];
        long total = (long) Math.pow(omega + 1, ne);
        for (long code = 0; code < total; code++) {
            long c = code;
            for (int e = 0; e < ne; e++) {
                n[e] = (int) (c % (omega + 1));
                c /= omega + 1;
            }
            int[] deg = new int[q];
            for (int e = 0; e < ne; e++) {
                deg[edges.get(e)[0]] += n[e];
                deg[edges.get(e)[1]] += n[e];
            }
            boolean ok = true;
            for (int d : deg) {
                ok &= d >= 1 && d <= omega;
            }
            if (!ok) {
                continue;
            }
            double coef = 1.0;
            for (int d : deg) {
                coef *= Hermite.factorial(d);
            }
            for (int k : n) {
                coef /= Hermite.factorial(k);
            }
            exps.add(n.clone());
            degs.add(deg);
            coefs.add(coef);
        }
        double[] coef = new double[coefs.size()];
        for (int i = 0; i < coef.length; i++) {
            coef[i] = coefs.get(i);
        }
        return new Patterns(q, omega, edges.toArray(new int[0][]), exps.toArray(new int[0][]),
                degs.toArray(new int[0][]), coef);
    }

    /** Number of diagram patterns for order q and degree ω (e.g. 143 for q = 4, ω = 3). */
    public static int patternCount(int q, int omega) {
        return patterns(q, omega).size();
    }

    /** Index of the unordered pair a ≠ b among the m(m−1)/2 pairs (a < b enumerated row by row). */
    public static int pairIndex(int a, int b, int m) {
        int lo = Math.min(a, b);
        int hi = Math.max(a, b);
        return lo * m - lo * (lo + 1) / 2 + (hi - lo - 1);
    }

    /** E[h_{l_1}···h_{l_q}] for the unique sorted tuples of {@link SymmetricIndex#of(int, int)}. */
    public static double[] unitMoments(double[] rho, double[] s, int m, int omega, int q) {
        checkShapes(rho, s, m, omega);
        SymmetricIndex idx = SymmetricIndex.of(m, q);
        double[] values = new double[idx.size()];
        if (q == 1) {
            return values;
        }
        // the cost function of the low-rank learner's restarts and screening: patterns flattened, and the diagrams
        // whose S factor vanishes for every unit (e.g. odd degrees of an even activation) dropped once, not per tuple
        Patterns pat = patterns(q, omega);
        int ne = pat.edges().length;
        int w = omega + 1;
        int[] kept = new int[pat.size()];
        int nk = 0;
        for (int p = 0; p < pat.size(); p++) {
            boolean vanishes = false;
            for (int v = 0; v < q; v++) {
                vanishes |= columnIsZero(s, m, pat.degree()[p][v] - 1);
            }
            if (!vanishes) {
                kept[nk++] = p;
            }
        }
        int[] deg = new int[nk * q];
        int[] ex = new int[nk * ne];
        double[] coef = new double[nk];
        for (int k = 0; k < nk; k++) {
            int p = kept[k];
            for (int v = 0; v < q; v++) {
                deg[k * q + v] = v * omega + pat.degree()[p][v] - 1;
            }
            for (int e = 0; e < ne; e++) {
                ex[k * ne + e] = e * w + pat.exponent()[p][e];
            }
            coef[k] = pat.coefficient()[p];
        }
        int[][] edges = pat.edges();
        double[] sv = new double[q * omega];   // S of the tuple's units, per position and degree
        double[] pw = new double[ne * w];      // ρ^k along each edge of the tuple
        for (int t = 0; t < values.length; t++) {
            int[] l = idx.tuples[t];
            for (int v = 0; v < q; v++) {
                for (int j = 0; j < omega; j++) {
                    sv[v * omega + j] = s[l[v] + m * j];
                }
            }
            for (int e = 0; e < ne; e++) {
                int a = l[edges[e][0]];
                int b = l[edges[e][1]];
                double r = a == b ? 1.0 : rho[a + m * b];
                pw[e * w] = 1.0;
                for (int k = 1; k <= omega; k++) {
                    pw[e * w + k] = pw[e * w + k - 1] * r;
                }
            }
            double sum = 0;
            for (int k = 0; k < nk; k++) {
                double prod = coef[k];   // the same order of factors as the derivatives' path: equal to the last bit
                for (int v = 0; v < q; v++) {
                    prod *= sv[deg[k * q + v]];
                }
                for (int e = 0; e < ne; e++) {
                    prod *= pw[ex[k * ne + e]];
                }
                sum += prod;
            }
            values[t] = sum;
        }
        return values;
    }

    private static boolean columnIsZero(double[] s, int m, int j) {
        for (int l = 0; l < m; l++) {
            if (s[l + m * j] != 0.0) {
                return false;
            }
        }
        return true;
    }

    /** Moments together with their derivatives with respect to S and to the off-diagonal ρ_ab (a < b). */
    public static Derivatives unitMomentsWithDerivatives(double[] rho, double[] s, int m, int omega, int q) {
        return compute(rho, s, m, omega, q);
    }

    /**
     * Moments with their derivatives through each tuple position and each edge of the tuple, the form the structured
     * normal equations of the low-rank learner need (docs/lowrank.md §7): for unique tuple t = (l_1..l_q),
     * {@code dPosition[(t·q + v)·ω + j − 1]} = ∂E_t/∂S_{l_v j} through position v alone and {@code dEdge[t·ne + e]} =
     * ∂E_t/∂ρ_{l_v l_w} through edge e = (v, w) = {@link #edges}(q)[e] alone (0 when l_v = l_w: ρ_ll = 1 is no
     * parameter). Summing over the positions holding unit l, or over the edges joining units a ≠ b, gives the
     * derivatives of {@link #unitMomentsWithDerivatives}. With {@code withS} false, dPosition is null and diagrams with a
     * vanishing S factor are skipped, since they then contribute nothing.
     */
    public static LocalDerivatives unitMomentsWithLocalDerivatives(double[] rho, double[] s, int m, int omega, int q,
                                                                   boolean withS) {
        checkShapes(rho, s, m, omega);
        SymmetricIndex idx = SymmetricIndex.of(m, q);
        int nu = idx.size();
        Patterns pat = patterns(q, omega);
        int ne = pat.edges().length;
        int nf = q + ne;
        double[] values = new double[nu];
        double[] dPos = withS ? new double[nu * q * omega] : null;
        double[] dEdge = new double[nu * ne];
        double[][] pw = new double[ne][omega + 1];
        boolean[] free = new boolean[ne];
        double[] f = new double[nf];
        double[] prefix = new double[nf + 1];
        double[] suffix = new double[nf + 1];
        for (int t = 0; t < nu; t++) {
            int[] l = idx.tuples[t];
            powers(pat, l, rho, m, omega, pw, free);
            double sum = 0;
            for (int p = 0; p < pat.size(); p++) {
                int[] deg = pat.degree()[p];
                int[] ex = pat.exponent()[p];
                boolean vanishes = false;
                for (int v = 0; v < q; v++) {
                    f[v] = s[l[v] + m * (deg[v] - 1)];
                    vanishes |= f[v] == 0.0;
                }
                if (vanishes && !withS) {
                    continue;
                }
                for (int e = 0; e < ne; e++) {
                    f[q + e] = pw[e][ex[e]];
                }
                prefix[0] = pat.coefficient()[p];
                for (int i = 0; i < nf; i++) {
                    prefix[i + 1] = prefix[i] * f[i];
                }
                suffix[nf] = 1.0;
                for (int i = nf - 1; i >= 0; i--) {
                    suffix[i] = suffix[i + 1] * f[i];
                }
                sum += prefix[nf];
                if (withS) {
                    for (int v = 0; v < q; v++) {
                        dPos[(t * q + v) * omega + deg[v] - 1] += prefix[v] * suffix[v + 1];
                    }
                }
                for (int e = 0; e < ne; e++) {
                    if (free[e] && ex[e] > 0) {
                        dEdge[t * ne + e] += prefix[q + e] * suffix[q + e + 1] * ex[e] * pw[e][ex[e] - 1];
                    }
                }
            }
            values[t] = sum;
        }
        return new LocalDerivatives(values, dPos, dEdge);
    }

    /** The edges (v, w), v < w, of the complete graph on q tuple positions, in the order of {@code dEdge}. */
    public static int[][] edges(int q) {
        int[][] e = patterns(q, 1).edges();
        int[][] copy = new int[e.length][];
        for (int i = 0; i < e.length; i++) {
            copy[i] = e[i].clone();
        }
        return copy;
    }

    /** See {@link #unitMomentsWithLocalDerivatives}; dPosition is null unless asked for. */
    public record LocalDerivatives(double[] values, double[] dPosition, double[] dEdge) {}

    /** pw[e][k] = ρ^k along edge e of tuple l (ρ = 1 within a unit); free[e]: the edge joins two different units. */
    private static void powers(Patterns pat, int[] l, double[] rho, int m, int omega, double[][] pw, boolean[] free) {
        for (int e = 0; e < pw.length; e++) {
            int a = l[pat.edges()[e][0]];
            int b = l[pat.edges()[e][1]];
            double r = a == b ? 1.0 : rho[a + m * b];
            free[e] = a != b;
            pw[e][0] = 1.0;
            for (int k = 1; k <= omega; k++) {
                pw[e][k] = pw[e][k - 1] * r;
            }
        }
    }

    private static void checkShapes(double[] rho, double[] s, int m, int omega) {
        if (rho.length != m * m || s.length != m * omega) {
            throw new IllegalArgumentException("rho must be " + m + "x" + m + " and S " + m + "x" + omega
                    + "; got " + rho.length + " and " + s.length + " entries");
        }
    }

    /**
     * @param values unique moments (length nu)
     * @param dS     nu × (m·ω), row-major: dS[t·mω + l + m·(j−1)] = ∂E_t/∂S_lj
     * @param dRho   nu × m(m−1)/2, row-major: dRho[t·np + pairIndex(a,b)] = ∂E_t/∂ρ_ab (ρ symmetric, one parameter per pair)
     */
    public record Derivatives(double[] values, double[] dS, double[] dRho) {}

    private static Derivatives compute(double[] rho, double[] s, int m, int omega, int q) {
        checkShapes(rho, s, m, omega);
        SymmetricIndex idx = SymmetricIndex.of(m, q);
        int nu = idx.size();
        double[] values = new double[nu];
        int mw = m * omega;
        int np = m * (m - 1) / 2;
        double[] dS = new double[nu * mw];
        double[] dRho = new double[nu * np];
        if (q == 1) {
            return new Derivatives(values, dS, dRho);
        }
        Patterns pat = patterns(q, omega);
        int ne = pat.edges().length;
        int nf = q + ne;
        double[][] pw = new double[ne][omega + 1];
        int[] pairOf = new int[ne];
        double[] f = new double[nf];
        double[] prefix = new double[nf + 1];
        double[] suffix = new double[nf + 1];
        for (int t = 0; t < nu; t++) {
            int[] l = idx.tuples[t];
            for (int e = 0; e < ne; e++) {
                int a = l[pat.edges()[e][0]];
                int b = l[pat.edges()[e][1]];
                double r = a == b ? 1.0 : rho[a + m * b];
                pairOf[e] = a == b ? -1 : pairIndex(a, b, m);
                pw[e][0] = 1.0;
                for (int k = 1; k <= omega; k++) {
                    pw[e][k] = pw[e][k - 1] * r;
                }
            }
            double sum = 0;
            for (int p = 0; p < pat.size(); p++) {
                int[] deg = pat.degree()[p];
                int[] ex = pat.exponent()[p];
                for (int v = 0; v < q; v++) {
                    f[v] = s[l[v] + m * (deg[v] - 1)];
                }
                for (int e = 0; e < ne; e++) {
                    f[q + e] = pw[e][ex[e]];
                }
                prefix[0] = pat.coefficient()[p];
                for (int i = 0; i < nf; i++) {
                    prefix[i + 1] = prefix[i] * f[i];
                }
                suffix[nf] = 1.0;
                for (int i = nf - 1; i >= 0; i--) {
                    suffix[i] = suffix[i + 1] * f[i];
                }
                sum += prefix[nf];
                for (int v = 0; v < q; v++) {
                    dS[t * mw + l[v] + m * (deg[v] - 1)] += prefix[v] * suffix[v + 1];
                }
                for (int e = 0; e < ne; e++) {
                    if (pairOf[e] < 0 || ex[e] == 0) {
                        continue;
                    }
                    double dpow = ex[e] * pw[e][ex[e] - 1];
                    dRho[t * np + pairOf[e]] += prefix[q + e] * suffix[q + e + 1] * dpow;
                }
            }
            values[t] = sum;
        }
        return new Derivatives(values, dS, dRho);
    }

}
