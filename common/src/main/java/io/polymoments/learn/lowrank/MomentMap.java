package io.polymoments.learn.lowrank;

import io.polymoments.learn.optim.NormalEquationsFunction;
import io.polymoments.learn.optim.ResidualFunction;
import io.polymoments.linalg.Matrices;
import io.polymoments.linalg.NetlibProvider;
import io.polymoments.model.ActivationMode;
import io.polymoments.model.DiagramMoments;
import io.polymoments.model.Hermite;
import io.polymoments.tensor.DenseTensors;
import io.polymoments.tensor.SymmetricIndex;

/**
 * The whitened moment map of Step C (docs/lowrank.md §7) as weighted least-squares residuals with the exact
 * analytic Jacobian: θ = (M m×m, U m×r, then S m×ω in FREE mode or α ∈ R^m in KNOWN_UNKNOWN_NORMS mode),
 * model moments M E_2 Mᵀ, M^{⊗3}E_3, M^{⊗4}E_4 with E_q(ρ(U), S) from the diagram formula, one residual per
 * unique entry (weight · (model − target)), plus gauge residuals ‖u_l‖² − 1 (and Σ_j j!S_lj² − 1 in FREE mode).
 * All arrays column-major; θ packs M, then U, then S or α.
 *
 * <p>Every Jacobian column moves one unit, so it is q·sym(v ⊗ Y) for an order-(q−1) tensor Y: for M_cb, v = e_c and
 * Y = F_b, the core E with modes 2..q transformed by M; for a parameter of unit a (U_a·, S_a· or α_a), v = M_·a and
 * Y = M^{⊗(q−1)}G with G the derivative of E on the tuples holding a, divided by a's count (docs/lowrank.md §7).
 * Levenberg–Marquardt gets the normal equations from this form ({@link #normalEquations()}) without the dense
 * Jacobian: the M columns are sparse (a row holds the columns of its own ≤ q indices), so their blocks of JᵀJ are
 * products of F with itself and with the unit columns; only the unit columns are formed, one row per moment.
 */
public final class MomentMap implements ResidualFunction {
    private final int m;
    private final int r;
    private final int omega;
    private final ActivationMode mode;
    private final double[] knownS;       // KNOWN: m×ω normalised coefficients
    private final double[] sigma;        // KNOWN_UNKNOWN_NORMS: σ's coefficients c_0..c_ω
    private final double[][] targets;    // [q−2][unique entry]
    private final double[][] weights;    // [q−2][unique entry]
    private final SymmetricIndex[] index = new SymmetricIndex[3];
    private final TupleMaps[] maps = new TupleMaps[3];         // orders q−1 ↔ q
    private final TupleMaps[] lowerMaps = new TupleMaps[3];    // orders q−2 ↔ q−1
    private final int[][][] edges = new int[3][][];
    private final int nResiduals;
    private final int nParams;

    /**
     * @param activation KNOWN: m×ω normalised coefficients S (column-major); KNOWN_UNKNOWN_NORMS: σ = c_0..c_ω;
     *                   FREE: ignored (null)
     * @param targets    unique entries of the whitened moments of orders 2, 3, 4
     * @param weights    per-entry residual weights of orders 2, 3, 4
     */
    public MomentMap(int m, int r, int omega, ActivationMode mode, double[] activation, double[][] targets,
                     double[][] weights) {
        this.m = m;
        this.r = r;
        this.omega = omega;
        this.mode = mode;
        this.knownS = mode == ActivationMode.KNOWN ? activation.clone() : null;
        this.sigma = mode == ActivationMode.KNOWN_UNKNOWN_NORMS ? activation.clone() : null;
        if (mode == ActivationMode.KNOWN && activation.length != m * omega) {
            throw new IllegalArgumentException("KNOWN mode needs m*omega=" + (m * omega) + " coefficients, got " + activation.length);
        }
        if (mode == ActivationMode.KNOWN_UNKNOWN_NORMS && activation.length != omega + 1) {
            throw new IllegalArgumentException("KNOWN_UNKNOWN_NORMS needs sigma's omega+1=" + (omega + 1)
                    + " coefficients, got " + activation.length);
        }
        this.targets = targets;
        this.weights = weights;
        int rows = 0;
        for (int q = 2; q <= 4; q++) {
            index[q - 2] = SymmetricIndex.of(m, q);
            maps[q - 2] = TupleMaps.of(m, q);
            lowerMaps[q - 2] = TupleMaps.of(m, q - 1);
            edges[q - 2] = DiagramMoments.edges(q);
            if (targets[q - 2].length != index[q - 2].size() || weights[q - 2].length != index[q - 2].size()) {
                throw new IllegalArgumentException("order " + q + " targets/weights need " + index[q - 2].size() + " entries");
            }
            rows += index[q - 2].size();
        }
        rows += m;
        if (mode == ActivationMode.FREE) {
            rows += m;
        }
        nResiduals = rows;
        nParams = m * m + m * r + activationParams();
    }

    private int activationParams() {
        return switch (mode) {
            case KNOWN -> 0;
            case KNOWN_UNKNOWN_NORMS -> m;
            case FREE -> m * omega;
        };
    }

    @Override
    public int parameterCount() {
        return nParams;
    }

    @Override
    public int residualCount() {
        return nResiduals;
    }

    /** Residuals of the moments only (without the gauge rows). */
    public int momentResidualCount() {
        return nResiduals - m - (mode == ActivationMode.FREE ? m : 0);
    }

    public int m() {
        return m;
    }

    public int r() {
        return r;
    }

    public int omega() {
        return omega;
    }

    public ActivationMode mode() {
        return mode;
    }

    /** Packs (M, U, S|α) into θ; {@code act} is ignored in KNOWN mode. */
    public double[] pack(double[] mMat, double[] u, double[] act) {
        double[] th = new double[nParams];
        System.arraycopy(mMat, 0, th, 0, m * m);
        System.arraycopy(u, 0, th, m * m, m * r);
        if (mode != ActivationMode.KNOWN) {
            System.arraycopy(act, 0, th, m * m + m * r, activationParams());
        }
        return th;
    }

    public double[] mixing(double[] th) {
        return java.util.Arrays.copyOfRange(th, 0, m * m);
    }

    public double[] directions(double[] th) {
        return java.util.Arrays.copyOfRange(th, m * m, m * m + m * r);
    }

    /** α (KNOWN_UNKNOWN_NORMS) or S (FREE) part of θ; null in KNOWN mode. */
    public double[] activationPart(double[] th) {
        return mode == ActivationMode.KNOWN ? null : java.util.Arrays.copyOfRange(th, m * m + m * r, nParams);
    }

    /** Normalised coefficients S (m×ω) at θ. */
    public double[] coefficients(double[] th) {
        return switch (mode) {
            case KNOWN -> knownS.clone();
            case FREE -> java.util.Arrays.copyOfRange(th, m * m + m * r, nParams);
            case KNOWN_UNKNOWN_NORMS -> {
                double[] s = new double[m * omega];
                for (int l = 0; l < m; l++) {
                    double[] sl = Hermite.rescale(sigma, th[m * m + m * r + l]);
                    for (int j = 1; j <= omega; j++) {
                        s[l + m * (j - 1)] = sl[j];
                    }
                }
                yield s;
            }
        };
    }

    /** Unit geometry and coefficients at θ. */
    private record Units(double[] mixing, double[] u, double[] norms, double[] rho, double[] s, double[] dAlpha) {}

    /** dAlpha (dS_lj/dα_l, m×ω) only when asked for and in KNOWN_UNKNOWN_NORMS mode. */
    private Units units(double[] th, boolean derivatives) {
        double[] u = directions(th);
        double[] nrm = new double[m];
        for (int l = 0; l < m; l++) {
            double ss = 0;
            for (int k = 0; k < r; k++) {
                ss += u[l + m * k] * u[l + m * k];
            }
            nrm[l] = Math.sqrt(ss);
        }
        double[] rho = new double[m * m];
        for (int a = 0; a < m; a++) {
            rho[a + m * a] = 1.0;
            for (int b = a + 1; b < m; b++) {
                double dot = 0;
                for (int k = 0; k < r; k++) {
                    dot += u[a + m * k] * u[b + m * k];
                }
                rho[a + m * b] = rho[b + m * a] = dot / (nrm[a] * nrm[b]);
            }
        }
        double[] dAlpha = null;
        if (mode == ActivationMode.KNOWN_UNKNOWN_NORMS && derivatives) {
            dAlpha = new double[m * omega];
            for (int l = 0; l < m; l++) {
                double[] dl = Hermite.rescaleDerivative(sigma, th[m * m + m * r + l]);
                for (int j = 1; j <= omega; j++) {
                    dAlpha[l + m * (j - 1)] = dl[j];
                }
            }
        }
        return new Units(mixing(th), u, nrm, rho, coefficients(th), dAlpha);
    }

    /** Parameters of the units (U, then S or α): the columns formed explicitly. */
    private int unitParams() {
        return nParams - m * m;
    }

    /**
     * Model moments of order q at θ: writes the weighted residuals from {@code row0} and returns F, E with modes
     * 2..q transformed by M (mode 1 in unit space, dense, unit index fastest); Z = M ×_1 F.
     */
    private double[] moments(int q, double[] e, double[] mm, double[] res, int row0) {
        SymmetricIndex idx = index[q - 2];
        double[] f = DenseTensors.transformBatchFirst(idx.toDense(e), m, q - 1, m, mm, m);
        double[] z = new double[f.length];
        Matrices.gemm(false, false, m, f.length / m, m, 1.0, mm, f, 0.0, z);
        double[] tq = targets[q - 2];
        double[] wq = weights[q - 2];
        for (int t = 0; t < idx.size(); t++) {
            res[row0 + t] = wq[t] * (z[idx.uniqueToDense[t]] - tq[t]);
        }
        return f;
    }

    /** Residuals r(θ) of all orders and the gauge rows. */
    private void residuals(double[] th, double[] res) {
        Units un = units(th, false);
        int row0 = 0;
        for (int q = 2; q <= 4; q++) {
            moments(q, DiagramMoments.unitMoments(un.rho(), un.s(), m, omega, q), un.mixing(), res, row0);
            row0 += index[q - 2].size();
        }
        gaugeResiduals(un, res, row0);
    }

    private void gaugeResiduals(Units un, double[] res, int row0) {
        for (int l = 0; l < m; l++) {
            res[row0 + l] = un.norms()[l] * un.norms()[l] - 1.0;
        }
        if (mode == ActivationMode.FREE) {
            for (int l = 0; l < m; l++) {
                double v = 0;
                for (int j = 1; j <= omega; j++) {
                    double slj = un.s()[l + m * (j - 1)];
                    v += Hermite.factorial(j) * slj * slj;
                }
                res[row0 + m + l] = v - 1.0;
            }
        }
    }

    /** Order-q pieces at θ: F (see {@link #moments}) and the weighted unit columns, row-major (unique row × unit param). */
    private record OrderTerms(double[] f, double[] unitColumns) {}

    private OrderTerms orderTerms(int q, Units un, double[] res, int row0) {
        DiagramMoments.LocalDerivatives der = DiagramMoments.unitMomentsWithLocalDerivatives(un.rho(), un.s(), m,
                omega, q, mode != ActivationMode.KNOWN);
        double[] f = moments(q, der.values(), un.mixing(), res, row0);
        return new OrderTerms(f, unitColumns(q, un, der));
    }

    /**
     * The Jacobian columns of the unit parameters on the order-q rows, row-major (unique row × unit param): with
     * G_θ[s] = ∂E_{s∪a}/∂θ / (count of a in s∪a) for the unit a of θ, Y_θ = M^{⊗(q−1)}G_θ and
     * J[i, θ] = w_i Σ_v M[i_v, a]·Y_θ[i without position v].
     */
    private double[] unitColumns(int q, Units un, DiagramMoments.LocalDerivatives der) {
        TupleMaps tm = maps[q - 2];
        SymmetricIndex idx = tm.upper;
        int nu = idx.size();
        int pE = unitParams();
        int low = tm.lowerSize;
        int[][] ed = edges[q - 2];
        int ne = ed.length;
        double[] nrm = un.norms();
        double[] rho = un.rho();
        double[] unit = new double[m * r]; // rows of U normalised: ∂ρ_ab/∂U_a = (û_b − ρ_ab û_a)/‖u_a‖
        for (int a = 0; a < m; a++) {
            for (int k = 0; k < r; k++) {
                unit[a * r + k] = un.u()[a + m * k] / nrm[a];
            }
        }
        double[] g = new double[pE * low];
        double[] acc = new double[q * r];
        for (int t = 0; t < nu; t++) {
            int[] l = idx.tuples[t];
            java.util.Arrays.fill(acc, 0.0);
            for (int e = 0; e < ne; e++) {
                double d = der.dEdge()[t * ne + e];
                if (d == 0.0) {
                    continue;
                }
                int v = ed[e][0];
                int w = ed[e][1];
                int a = l[v];
                int b = l[w];
                double rab = rho[a + m * b];
                double da = d / nrm[a];
                double db = d / nrm[b];
                for (int k = 0; k < r; k++) {
                    acc[v * r + k] += da * (unit[b * r + k] - rab * unit[a * r + k]);
                    acc[w * r + k] += db * (unit[a * r + k] - rab * unit[b * r + k]);
                }
            }
            for (int v = 0; v < q; v++) {
                if (v > 0 && l[v] == l[v - 1]) {
                    continue; // one entry per distinct unit of the (sorted) tuple
                }
                int a = l[v];
                int c = tm.count[t * q + v];
                int s = tm.remove[t * q + v];
                for (int k = 0; k < r; k++) {
                    double sum = 0;
                    for (int w = v; w < v + c; w++) {
                        sum += acc[w * r + k];
                    }
                    g[(a + m * k) * low + s] = sum / c;
                }
                if (mode != ActivationMode.KNOWN) {
                    activationColumns(der, t, q, v, c, a, s, low, un.dAlpha(), g);
                }
            }
        }
        SymmetricIndex lower = SymmetricIndex.of(m, q - 1);
        int dense = lower.denseSize();
        double[] gd = new double[dense * pE];
        for (int th = 0; th < pE; th++) {
            for (int pos = 0; pos < dense; pos++) {
                gd[pos + dense * th] = g[th * low + lower.denseToUnique[pos]];
            }
        }
        double[] y = DenseTensors.transformBatchFirst(gd, m, q - 1, pE, un.mixing(), m); // y[θ + pE·pos]
        double[] mm = un.mixing();
        double[] wq = weights[q - 2];
        double[] jac = new double[nu * pE];
        double[] rowOfM = new double[m * pE]; // rowOfM[c·pE + θ] = M[c, unit of θ] (θ = a + m·k)
        for (int c = 0; c < m; c++) {
            for (int th = 0; th < pE; th++) {
                rowOfM[c * pE + th] = mm[c + m * (th % m)];
            }
        }
        for (int t = 0; t < nu; t++) {
            int[] l = idx.tuples[t];
            int jOff = t * pE;
            for (int v = 0; v < q; v++) {
                int yOff = pE * tm.lowerDense[tm.remove[t * q + v]];
                int mOff = l[v] * pE;
                for (int th = 0; th < pE; th++) {
                    jac[jOff + th] += rowOfM[mOff + th] * y[yOff + th];
                }
            }
            double w = wq[t];
            for (int th = 0; th < pE; th++) {
                jac[jOff + th] *= w;
            }
        }
        return jac;
    }

    /** G entries of the activation parameters (S in FREE mode, α with unknown norms) of unit a at tuple t. */
    private void activationColumns(DiagramMoments.LocalDerivatives der, int t, int q, int v, int c, int a, int s,
                                   int low, double[] dAlpha, double[] g) {
        int col0 = m * r;
        double alphaSum = 0;
        for (int j = 1; j <= omega; j++) {
            double sum = 0;
            for (int w = v; w < v + c; w++) {
                sum += der.dPosition()[(t * q + w) * omega + j - 1];
            }
            if (mode == ActivationMode.FREE) {
                g[(col0 + a + m * (j - 1)) * low + s] = sum / c;
            } else {
                alphaSum += sum * dAlpha[a + m * (j - 1)];
            }
        }
        if (mode == ActivationMode.KNOWN_UNKNOWN_NORMS) {
            g[(col0 + a) * low + s] = alphaSum / c;
        }
    }

    @Override
    public void evaluate(double[] th, double[] res, double[] jac) {
        if (jac == null) {
            residuals(th, res);
            return;
        }
        final int n = nResiduals;
        final int pE = unitParams();
        Units un = units(th, true);
        java.util.Arrays.fill(jac, 0.0);
        int row0 = 0;
        for (int q = 2; q <= 4; q++) {
            OrderTerms ot = orderTerms(q, un, res, row0);
            TupleMaps tm = maps[q - 2];
            double[] wq = weights[q - 2];
            for (int t = 0; t < tm.upper.size(); t++) {
                int row = row0 + t;
                int[] l = tm.upper.tuples[t];
                // ∂Z_i/∂M_cb = Σ_{v: i_v = c} F[b, i without position v]
                for (int v = 0; v < q; v++) {
                    int fOff = m * tm.lowerDense[tm.remove[t * q + v]];
                    for (int b = 0; b < m; b++) {
                        jac[row + n * (l[v] + m * b)] += wq[t] * ot.f()[fOff + b];
                    }
                }
                for (int k = 0; k < pE; k++) {
                    jac[row + n * (m * m + k)] = ot.unitColumns()[t * pE + k];
                }
            }
            row0 += tm.upper.size();
        }
        gaugeResiduals(un, res, row0);
        for (int l = 0; l < m; l++) {
            for (int k = 0; k < r; k++) {
                jac[row0 + l + n * (m * m + l + m * k)] = 2 * un.u()[l + m * k];
            }
        }
        if (mode == ActivationMode.FREE) {
            for (int l = 0; l < m; l++) {
                for (int j = 1; j <= omega; j++) {
                    jac[row0 + m + l + n * (m * m + m * r + l + m * (j - 1))] = 2 * Hermite.factorial(j) * un.s()[l + m * (j - 1)];
                }
            }
        }
    }

    /**
     * The same least-squares problem through its normal equations, assembled without the dense Jacobian (see the
     * class comment). Not thread-safe: one per Levenberg–Marquardt run.
     */
    public NormalEquationsFunction normalEquations() {
        return new NormalEquationsFunction() {
            @Override
            public int parameterCount() {
                return nParams;
            }

            @Override
            public double cost(double[] x) {
                double[] res = new double[nResiduals];
                residuals(x, res);
                return sumSquares(res);
            }

            @Override
            public double normalEquations(double[] x, double[] jtj, double[] jtr) {
                return assemble(x, jtj, jtr);
            }
        };
    }

    /** JᵀJ (full, column-major) and Jᵀr at θ; returns the cost ‖r‖². */
    private double assemble(double[] th, double[] jtj, double[] g) {
        final int p = nParams;
        final int pE = unitParams();
        final int mm2 = m * m;
        Units un = units(th, true);
        java.util.Arrays.fill(jtj, 0.0);
        java.util.Arrays.fill(g, 0.0);
        double[] res = new double[nResiduals];
        double[] ee = new double[pE * pE];
        double[] gE = new double[pE];
        int row0 = 0;
        for (int q = 2; q <= 4; q++) {
            OrderTerms ot = orderTerms(q, un, res, row0);
            int nu = index[q - 2].size();
            double[] jac = ot.unitColumns(); // column-major pE × nu
            NetlibProvider.blas().dsyrk("U", "N", pE, nu, 1.0, jac, 0, pE, 1.0, ee, 0, pE);
            NetlibProvider.blas().dgemv("N", pE, nu, 1.0, jac, 0, pE, res, row0, 1, 1.0, gE, 0, 1);
            mixingBlocks(q, ot, res, row0, jtj, g);
            row0 += nu;
        }
        for (int i = 0; i < pE; i++) {
            g[mm2 + i] += gE[i];
            for (int j = i; j < pE; j++) {   // dsyrk filled the upper triangle
                jtj[(mm2 + i) + p * (mm2 + j)] += ee[i + pE * j];
                if (j != i) {
                    jtj[(mm2 + j) + p * (mm2 + i)] += ee[i + pE * j];
                }
            }
        }
        gaugeResiduals(un, res, row0);
        gaugeNormalEquations(un, res, row0, jtj, g);
        return sumSquares(res);
    }

    /**
     * The M rows of JᵀJ and Jᵀr on the order-q rows. Row i of J holds M columns (c, b) only for the indices c of i:
     * J[i, (c, b)] = w_i n_c(i) F[b, i without one c]. Grouped by c, those rows are indexed by the order-(q−1) tuples s
     * (i = s ∪ c), giving Fs_c[b, s]; the blocks are then Fs_c·Fs_cᵀ (c = c'), Fs_c·(unit columns of the rows s ∪ c)
     * and, for c ≠ c', the sum over the rows holding both, i = s2 ∪ {c, c'}, of Fs_c[·, s2 ∪ c']·Fs_c'[·, s2 ∪ c]ᵀ.
     */
    private void mixingBlocks(int q, OrderTerms ot, double[] res, int row0, double[] jtj, double[] g) {
        final int p = nParams;
        final int pE = unitParams();
        final int mm2 = m * m;
        TupleMaps tm = maps[q - 2];
        int low = tm.lowerSize;
        double[] wq = weights[q - 2];
        double[] f = ot.f();
        double[] jac = ot.unitColumns();
        double[] fs = new double[m * m * low]; // Fs_c at offset c·m·low, m × low column-major
        for (int c = 0; c < m; c++) {
            for (int s = 0; s < low; s++) {
                int t = tm.insert[c * low + s];
                double scale = wq[t] * tm.insertCount[c * low + s];
                int src = m * tm.lowerDense[s];
                int dst = (c * low + s) * m;
                for (int b = 0; b < m; b++) {
                    fs[dst + b] = scale * f[src + b];
                }
            }
        }
        double[] block = new double[m * Math.max(m, pE)];
        double[] rows = new double[pE * low];
        double[] rs = new double[low];
        double[] gm = new double[m];
        for (int c = 0; c < m; c++) {
            int off = c * m * low;
            gemm("N", "T", m, m, low, fs, off, m, fs, off, m, block);
            for (int b = 0; b < m; b++) {
                for (int b2 = 0; b2 < m; b2++) {
                    jtj[(c + m * b) + p * (c + m * b2)] += block[b + m * b2];
                }
            }
            for (int s = 0; s < low; s++) {
                int t = tm.insert[c * low + s];
                System.arraycopy(jac, t * pE, rows, s * pE, pE);
                rs[s] = res[row0 + t];
            }
            gemm("N", "T", m, pE, low, fs, off, m, rows, 0, pE, block);
            for (int k = 0; k < pE; k++) {
                for (int b = 0; b < m; b++) {
                    double v = block[b + m * k];
                    jtj[(c + m * b) + p * (mm2 + k)] += v;
                    jtj[(mm2 + k) + p * (c + m * b)] += v;
                }
            }
            NetlibProvider.blas().dgemv("N", m, low, 1.0, fs, off, m, rs, 0, 1, 0.0, gm, 0, 1);
            for (int b = 0; b < m; b++) {
                g[c + m * b] += gm[b];
            }
        }
        TupleMaps lm2 = lowerMaps[q - 2];
        int low2 = lm2.lowerSize;
        double[] left = new double[m * low2];
        double[] right = new double[m * low2];
        for (int c = 0; c < m; c++) {
            for (int c2 = c + 1; c2 < m; c2++) {
                for (int s2 = 0; s2 < low2; s2++) {
                    System.arraycopy(fs, (c * low + lm2.insert[c2 * low2 + s2]) * m, left, s2 * m, m);
                    System.arraycopy(fs, (c2 * low + lm2.insert[c * low2 + s2]) * m, right, s2 * m, m);
                }
                gemm("N", "T", m, m, low2, left, 0, m, right, 0, m, block);
                for (int b = 0; b < m; b++) {
                    for (int b2 = 0; b2 < m; b2++) {
                        double v = block[b + m * b2];
                        jtj[(c + m * b) + p * (c2 + m * b2)] += v;
                        jtj[(c2 + m * b2) + p * (c + m * b)] += v;
                    }
                }
            }
        }
    }

    private void gaugeNormalEquations(Units un, double[] res, int row0, double[] jtj, double[] g) {
        final int p = nParams;
        double[] u = un.u();
        for (int l = 0; l < m; l++) {
            for (int k = 0; k < r; k++) {
                int i = m * m + l + m * k;
                g[i] += 2 * u[l + m * k] * res[row0 + l];
                for (int k2 = 0; k2 < r; k2++) {
                    jtj[i + p * (m * m + l + m * k2)] += 4 * u[l + m * k] * u[l + m * k2];
                }
            }
        }
        if (mode == ActivationMode.FREE) {
            for (int l = 0; l < m; l++) {
                for (int j = 1; j <= omega; j++) {
                    int i = m * m + m * r + l + m * (j - 1);
                    double dj = 2 * Hermite.factorial(j) * un.s()[l + m * (j - 1)];
                    g[i] += dj * res[row0 + m + l];
                    for (int j2 = 1; j2 <= omega; j2++) {
                        jtj[i + p * (m * m + m * r + l + m * (j2 - 1))] += dj * 2 * Hermite.factorial(j2)
                                * un.s()[l + m * (j2 - 1)];
                    }
                }
            }
        }
    }

    /** C = op(A)·op(B) (m×n, leading dimension m) from column-major blocks at offsets. */
    private static void gemm(String ta, String tb, int rows, int cols, int inner, double[] a, int offA, int lda,
                             double[] b, int offB, int ldb, double[] c) {
        NetlibProvider.blas().dgemm(ta, tb, rows, cols, inner, 1.0, a, offA, lda, b, offB, ldb, 0.0, c, 0, rows);
    }

    private static double sumSquares(double[] r) {
        double s = 0;
        for (double v : r) {
            s += v * v;
        }
        return s;
    }
}
