package io.polymoments.learn.quadratic;

import io.polymoments.learn.optim.GaussNewtonFunction;
import io.polymoments.learn.optim.NormalEquationsFunction;
import io.polymoments.learn.optim.ResidualFunction;
import io.polymoments.linalg.NetlibProvider;
import io.polymoments.tensor.Svec;
import io.polymoments.tensor.Tensor3;

/**
 * The whitened moment-matching objective of docs/quadratic.md §7,
 * <pre>
 *   f(Z) = w1 Σ_a (tr Z_a − ν_a)² + w2 Σ_{a,b} (2⟨Z_a,Z_b⟩ − δ_ab)² + w3 Σ_{a,b,c} (8 tr(Z_aZ_bZ_c) − T̃_abc)²,
 * </pre>
 * over m symmetric R×R matrices Z_a, parameterised by their svec coordinates (an isometry, so the matrix-form
 * gradient maps to the parameter gradient by svec). Homogeneous model: R = r. Affine model: R = r + 1, Z_a bordered
 * {@code [[Zq_a, β_a/2], [β_a^T/2, 0]]} with the corner entry frozen at 0 (it is not a parameter) and no mean term.
 *
 * <p>Layouts: Z as "svec rows" (row-major m×tri(R), row a = svec(Z_a)); T̃ as a dense m×m×m array, entry (a,b,c)
 * at {@code a + m·b + m²·c}. T̃ is symmetrised on input: its antisymmetric part (rounding only, for a moment
 * tensor) cannot be fitted by any Z and would only add a constant.
 *
 * <p>Cost per evaluation O(m²R³ + m³k) (k = tri(R)), all in GEMMs over the m(m+1)/2 unordered pairs b ≤ c and the
 * svec coordinates, in blocks of pairs so the work arrays stay small.
 */
public final class MomentMatchingObjective implements GaussNewtonFunction {
    /** Pairs (b, c) per GEMM of the third-moment term: wide enough for full GEMM speed, small work arrays. */
    private static final int PAIR_BLOCK = 512;

    private final int m;
    private final int rDim;       // R
    private final int k;          // tri(R)
    private final boolean affine;
    private final double[] nu;    // null when not supplied (affine, or homogeneous without a mean)
    private final double[] tSym;
    private final MomentWeights weights;
    private final int[] free;     // svec coordinates that are parameters (all but the corner for the affine model)

    private MomentMatchingObjective(int m, int rDim, boolean affine, double[] nu, double[] tSym, MomentWeights w) {
        this.m = m;
        this.rDim = rDim;
        this.k = Svec.tri(rDim);
        this.affine = affine;
        this.nu = nu;
        this.tSym = tSym;
        this.weights = w;
        int corner = rDim - 1;   // svec index of the diagonal entry (R−1, R−1)
        this.free = new int[affine ? k - 1 : k];
        for (int p = 0, q = 0; p < k; p++) {
            if (!affine || p != corner) {
                free[q++] = p;
            }
        }
    }

    /**
     * Homogeneous model: Z_a ∈ Sym(r).
     *
     * @param nu      whitened mean ν = W^T ȳ, length m (may be null only if {@code weights.w1() == 0})
     * @param tTilde  whitened third moment, m×m×m
     * @param m       whitened dimension (number of matrices)
     * @param r       size of the Z_a
     */
    public static MomentMatchingObjective homogeneous(double[] nu, double[] tTilde, int m, int r, MomentWeights weights) {
        checkShapes(tTilde, m, r);
        if (nu == null && weights.w1() != 0) {
            throw new IllegalArgumentException("the whitened mean nu is required when w1 != 0 (got w1 = "
                    + weights.w1() + "); pass nu = W^T ybar or set w1 = 0");
        }
        if (nu != null && nu.length != m) {
            throw new IllegalArgumentException("nu must have length m = " + m + ", got " + nu.length);
        }
        return new MomentMatchingObjective(m, r, false, nu == null ? null : nu.clone(), Tensor3.symmetrize(tTilde, m),
                weights);
    }

    /**
     * Affine model with r latent variables: bordered Z_a ∈ Sym(r+1), corner frozen at 0, mean term dropped
     * (w1 is ignored: the intercept absorbs the mean).
     */
    public static MomentMatchingObjective affine(double[] tTilde, int m, int r, MomentWeights weights) {
        checkShapes(tTilde, m, r + 1);
        return new MomentMatchingObjective(m, r + 1, true, null, Tensor3.symmetrize(tTilde, m), weights.withoutMean());
    }

    private static void checkShapes(double[] t, int m, int r) {
        if (m < 1 || r < 1) {
            throw new IllegalArgumentException("need m >= 1 and r >= 1, got m = " + m + ", r = " + r);
        }
        if (t == null || t.length != m * m * m) {
            throw new IllegalArgumentException("tTilde must be m*m*m = " + ((long) m * m * m) + " entries (m = " + m
                    + "), got " + (t == null ? "null" : t.length));
        }
        for (double v : t) {
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("tTilde contains NaN or infinite entries");
            }
        }
    }

    /** The same data with other weights (used by the staged schedule). */
    public MomentMatchingObjective withWeights(MomentWeights w) {
        if (!affine && w.w1() != 0 && nu == null) {
            throw new IllegalArgumentException("weights with w1 != 0 need the whitened mean nu, but this objective "
                    + "was built without it; pass nu when building it or keep w1 = 0");
        }
        return new MomentMatchingObjective(m, rDim, affine, nu, tSym,
                affine ? w.withoutMean() : w);
    }

    public int m() {
        return m;
    }

    /** Size R of the matrices Z_a (r, or r + 1 for the affine model). */
    public int matrixSize() {
        return rDim;
    }

    public boolean isAffine() {
        return affine;
    }

    public MomentWeights weights() {
        return weights;
    }

    /** Number of free parameters: m·tri(R), minus m frozen corners in the affine model. */
    @Override
    public int parameterCount() {
        return m * free.length;
    }

    /** Parameter vector from svec rows (m×tri(R)); the affine corner coordinates are dropped. */
    public double[] pack(double[] zRows) {
        if (zRows.length != m * k) {
            throw new IllegalArgumentException("Z must be m x tri(R) = " + m + " x " + k + " svec rows, got "
                    + zRows.length + " entries");
        }
        int nf = free.length;
        double[] theta = new double[m * nf];
        for (int a = 0; a < m; a++) {
            for (int q = 0; q < nf; q++) {
                theta[a * nf + q] = zRows[a * k + free[q]];
            }
        }
        return theta;
    }

    /** svec rows from a parameter vector (affine corners set to 0). */
    public double[] unpack(double[] theta) {
        int nf = free.length;
        if (theta.length != m * nf) {
            throw new IllegalArgumentException("parameter vector must have length " + (m * nf) + ", got " + theta.length);
        }
        double[] z = new double[m * k];
        for (int a = 0; a < m; a++) {
            for (int q = 0; q < nf; q++) {
                z[a * k + free[q]] = theta[a * nf + q];
            }
        }
        return z;
    }

    @Override
    public double valueAndGradient(double[] theta, double[] gradient) {
        return evaluate(theta, gradient).value();
    }

    /** Value, gradient (into {@code gradient}) and the three residual norms at the parameter vector θ. */
    MomentResiduals evaluate(double[] theta, double[] gradient) {
        return evaluateRows(unpack(theta), gradient);
    }

    /**
     * The Gauss–Newton matrix 2JᵀJ at θ as a product with directions in parameter space (see {@link MomentGaussNewton}):
     * for the matrix-free Gauss–Newton refinement at any size, where {@link #normalEquationsForm} is dense.
     */
    @Override
    public GaussNewtonFunction.Operator gaussNewtonMatrix(double[] theta) {
        return new MomentGaussNewton(unpack(theta), m, rDim, free, nu == null ? 0 : weights.w1(), weights.w2(),
                weights.w3());
    }

    /** Objective value and the three residual norms at Z (svec rows). */
    public MomentResiduals residuals(double[] zRows) {
        pack(zRows);   // shape check
        return evaluateRows(zRows, null);
    }

    /** Value (and, if {@code gradient != null}, the parameter gradient) at Z given as svec rows. */
    private MomentResiduals evaluateRows(double[] z, double[] gradient) {
        final int r = rDim;
        final double w1 = weights.w1();
        final double w2 = weights.w2();
        final double w3 = weights.w3();
        double[] g = gradient == null ? null : new double[m * k];   // gradient in svec rows (before freezing)

        // mean term: tr Z_a = sum of the first R svec coordinates
        double s1 = 0;
        if (nu != null) {
            for (int a = 0; a < m; a++) {
                double tr = 0;
                for (int i = 0; i < r; i++) {
                    tr += z[a * k + i];
                }
                double res = tr - nu[a];
                s1 += res * res;
                if (g != null && w1 != 0) {
                    for (int i = 0; i < r; i++) {
                        g[a * k + i] += 2 * w1 * res;
                    }
                }
            }
        }

        // covariance term: R2 = 2 z z^T − I; gradient rows 8 w2 R2 z. (z row-major m×k = column-major k×m.)
        double[] gram = new double[m * m];
        NetlibProvider.blas().dgemm("T", "N", m, m, k, 2.0, z, k, z, k, 0.0, gram, m);
        double s2 = 0;
        for (int a = 0; a < m; a++) {
            gram[a + a * m] -= 1.0;
        }
        for (double v : gram) {
            s2 += v * v;
        }
        if (g != null && w2 != 0) {
            NetlibProvider.blas().dgemm("N", "N", k, m, m, 8 * w2, z, k, gram, m, 1.0, g, k);
        }

        // third-moment term over unordered pairs b ≤ c (R3 and the gradient are symmetric in b, c): with
        // h_bc = svec(sym(Z_bZ_c)), tr(Z_aZ_bZ_c) = ⟨z_a, h_bc⟩ and the gradient row a gains
        // 48 w3 Σ_{b≤c} mult_bc R3_abc h_bc (mult 2 for b < c). Both are GEMMs over the k svec coordinates.
        double s3 = thirdMomentTerm(z, g == null || w3 == 0 ? null : g, 48 * w3);
        if (gradient != null) {
            int nf = free.length;
            if (gradient.length != m * nf) {
                throw new IllegalArgumentException("gradient buffer must have length " + (m * nf) + ", got "
                        + gradient.length);
            }
            for (int a = 0; a < m; a++) {
                for (int q = 0; q < nf; q++) {
                    gradient[a * nf + q] = g[a * k + free[q]];
                }
            }
        }
        double value = w1 * s1 + w2 * s2 + w3 * s3;
        return new MomentResiduals(value, Math.sqrt(s1), Math.sqrt(s2), Math.sqrt(s3));
    }

    /**
     * Σ_abc R3_abc² with R3 = 8 tr(Z_aZ_bZ_c) − T̃, from the m(m+1)/2 pairs b ≤ c in blocks of
     * {@link #PAIR_BLOCK}; when {@code g != null} adds {@code scale}·Σ_{bc} R3_abc svec(sym(Z_bZ_c)) to its
     * row a. Cost m²R³/2 for the products and m³k for the two GEMMs, against m³R² each when every ordered pair was
     * contracted over all R² matrix entries.
     */
    private double thirdMomentTerm(double[] z, double[] g, double scale) {
        final int r = rDim;
        final int r2 = r * r;
        double[] mats = Svec.smatRows(z, m, r);
        int pairs = m * (m + 1) / 2;
        int block = Math.min(pairs, PAIR_BLOCK);
        double[] h = new double[k * block];     // column j = svec(sym(Z_b Z_c)) of the j-th pair of the block
        double[] res = new double[m * block];   // column j = R3(·, b, c), then mult·R3
        int[] pairB = new int[block];
        int[] pairC = new int[block];
        double[] prod = new double[m * r2];
        double s3 = 0;
        int filled = 0;
        for (int b = 0; b < m; b++) {
            // Z_b · [Z_b … Z_{m−1}]: column block c − b is Z_b Z_c
            NetlibProvider.blas().dgemm("N", "N", r, (m - b) * r, r, 1.0, mats, b * r2, r, mats, b * r2, r, 0.0,
                    prod, 0, r);
            for (int c = b; c < m; c++) {
                Svec.svecSymInto(prod, (c - b) * r2, r, h, filled * k);
                pairB[filled] = b;
                pairC[filled] = c;
                if (++filled == block) {
                    s3 += flushPairs(z, h, res, pairB, pairC, filled, g, scale);
                    filled = 0;
                }
            }
        }
        if (filled > 0) {
            s3 += flushPairs(z, h, res, pairB, pairC, filled, g, scale);
        }
        return s3;
    }

    private double flushPairs(double[] z, double[] h, double[] res, int[] pairB, int[] pairC, int count, double[] g,
                              double scale) {
        // res (m × count) = 8 · zᵀ (m×k) · h (k × count); z row-major m×k is column-major k×m
        NetlibProvider.blas().dgemm("T", "N", m, count, k, 8.0, z, 0, k, h, 0, k, 0.0, res, 0, m);
        double s3 = 0;
        for (int j = 0; j < count; j++) {
            int b = pairB[j];
            int c = pairC[j];
            double mult = b == c ? 1.0 : 2.0;
            int col = j * m;
            int tOff = m * b + m * m * c;
            double ss = 0;
            for (int a = 0; a < m; a++) {
                double v = res[col + a] - tSym[tOff + a];
                ss += v * v;
                res[col + a] = mult * v;
            }
            s3 += mult * ss;
        }
        if (g != null) {
            // g (k × m, column a = row a of the svec rows) += scale · h (k × count) · resᵀ (count × m)
            NetlibProvider.blas().dgemm("N", "T", k, m, count, scale, h, 0, k, res, 0, m, 1.0, g, 0, k);
        }
        return s3;
    }

    /**
     * The Gauss–Newton / Levenberg–Marquardt form: residuals whose squared norm equals f. Uses the symmetry of the
     * residual tensors: one row per unordered pair a ≤ b and triple a ≤ b ≤ c, scaled by √(multiplicity), which
     * gives exactly the same ‖r‖² = f with ~6× fewer rows than the m³ + m² + m of the full residual tensors.
     * Jacobian: ∂R2_ab/∂z_e = 2(δ_ae z_b + δ_be z_a), ∂R3_abc/∂z_e = 8 Σ_cyclic δ_ae svec(sym(Z_bZ_c)).
     */
    public ResidualFunction residualForm() {
        return new LeastSquaresForm();
    }

    /**
     * The Gauss–Newton normal equations of the residual form, assembled from their structure instead of the
     * Jacobian: with h_bc = svec(sym(Z_bZ_c)), block (e,e') of J^TJ is
     * {@code w1·δ_ee'·u u^T + 8w2 (δ_ee' Σ_a z_a z_a^T + z_e' z_e^T) + 64w3 (3δ_ee' Σ_bc h_bc h_bc^T + 6 Σ_c h_e'c h_ec^T)}
     * (u = svec(I)), and J^Tr = ∇f/2. Cost O(m³k² + m²R³) instead of O(m³·(mk)²) for the dense route — about
     * 100× faster at r = 8. Limited to 2500 parameters (dense (m·k)² matrices); beyond, {@link #gaussNewtonMatrix}
     * gives the same matrix as products.
     */
    public NormalEquationsFunction normalEquationsForm() {
        int n = parameterCount();
        if (n > 2500) {
            throw new IllegalArgumentException("Levenberg-Marquardt on " + n + " parameters (m = " + m + ", R = "
                    + rDim + ") needs dense " + n + "x" + n + " normal equations; use the matrix-free Gauss-Newton solver instead");
        }
        return new GaussNewtonForm();
    }

    private final class GaussNewtonForm implements NormalEquationsFunction {
        @Override
        public int parameterCount() {
            return MomentMatchingObjective.this.parameterCount();
        }

        @Override
        public double cost(double[] theta) {
            return evaluateRows(unpack(theta), null).value();
        }

        @Override
        public double normalEquations(double[] theta, double[] jtj, double[] jtr) {
            final int r = rDim;
            final int nf = free.length;
            final int mk = m * k;
            double[] z = unpack(theta);
            double value = evaluateRows(z, jtr).value();
            for (int i = 0; i < jtr.length; i++) {
                jtr[i] *= 0.5;
            }
            double[] big = new double[mk * mk];   // full J^TJ over all svec coordinates, index e·k + p
            if (nu != null && weights.w1() != 0) {
                for (int e = 0; e < m; e++) {
                    for (int q = 0; q < r; q++) {
                        for (int p = 0; p < r; p++) {
                            big[(e * k + p) + (e * k + q) * mk] += weights.w1();
                        }
                    }
                }
            }
            double w2 = weights.w2();
            if (w2 != 0) {
                double[] sz = new double[k * k];   // Σ_a z_a z_a^T
                NetlibProvider.blas().dgemm("N", "T", k, k, m, 1.0, z, k, z, k, 0.0, sz, k);
                double[] zz = new double[mk * mk];   // (stacked z)(stacked z)^T: block (e,e') = z_e z_e'^T
                NetlibProvider.blas().dgemm("N", "T", mk, mk, 1, 1.0, z, mk, z, mk, 0.0, zz, mk);
                addStructured(big, sz, zz, 8 * w2, 8 * w2);
            }
            double w3 = weights.w3();
            if (w3 != 0) {
                double[] mats = Svec.smatRows(z, m, r);
                double[] h = new double[m * m * k];   // column (b + m·c) of the k×m² matrix = h_bc
                double[] prod = new double[r * r];
                for (int b = 0; b < m; b++) {
                    for (int c = b; c < m; c++) {
                        NetlibProvider.blas().dgemm("N", "N", r, r, r, 1.0, mats, b * r * r, r, mats, c * r * r, r,
                                0.0, prod, 0, r);
                        Svec.svecSymInto(prod, 0, r, h, (b + m * c) * k);
                        if (b != c) {
                            System.arraycopy(h, (b + m * c) * k, h, (c + m * b) * k, k);
                        }
                    }
                }
                double[] mm = new double[k * k];   // Σ_bc h_bc h_bc^T
                NetlibProvider.blas().dgemm("N", "T", k, k, m * m, 1.0, h, k, h, k, 0.0, mm, k);
                // viewed as mk×m, h has column c = (h_0c; …; h_{m−1,c}); h h^T has block (e,e') = Σ_c h_ec h_e'c^T
                double[] yy = new double[mk * mk];
                NetlibProvider.blas().dgemm("N", "T", mk, mk, m, 1.0, h, mk, h, mk, 0.0, yy, mk);
                addStructured(big, mm, yy, 192 * w3, 384 * w3);
            }
            for (int j = 0; j < nf * m; j++) {
                int cj = (j / nf) * k + free[j % nf];
                for (int i = 0; i < nf * m; i++) {
                    int ci = (i / nf) * k + free[i % nf];
                    jtj[i + j * nf * m] = big[ci + cj * mk];
                }
            }
            return value;
        }

        /**
         * big[(e,p),(e',q)] += diagScale·δ_ee'·diag[p,q] + crossScale·outer[(e,q),(e',p)] — the cross term is
         * the block-wise transpose of the outer product (z_e' z_e^T rather than z_e z_e'^T).
         */
        private void addStructured(double[] big, double[] diag, double[] outer, double diagScale, double crossScale) {
            int mk = m * k;
            for (int e2 = 0; e2 < m; e2++) {
                for (int q = 0; q < k; q++) {
                    int col = e2 * k + q;
                    for (int e = 0; e < m; e++) {
                        for (int p = 0; p < k; p++) {
                            int row = e * k + p;
                            double v = crossScale * outer[(e * k + q) + (e2 * k + p) * mk];
                            if (e == e2) {
                                v += diagScale * diag[p + q * k];
                            }
                            big[row + col * mk] += v;
                        }
                    }
                }
            }
        }
    }

    private final class LeastSquaresForm implements ResidualFunction {
        private final int n1 = nu != null && weights.w1() != 0 ? m : 0;
        private final int n2 = m * (m + 1) / 2;
        private final int n3 = m * (m + 1) * (m + 2) / 6;

        @Override
        public int parameterCount() {
            return MomentMatchingObjective.this.parameterCount();
        }

        @Override
        public int residualCount() {
            return n1 + n2 + n3;
        }

        @Override
        public void evaluate(double[] theta, double[] res, double[] jac) {
            final int r = rDim;
            final int nf = free.length;
            final int p = residualCount();
            double[] z = unpack(theta);
            double[] mats = Svec.smatRows(z, m, r);
            // svec(sym(Z_b Z_c)) for b ≤ c: also gives tr3 = <svec(sym(Z_bZ_c)), z_a>
            double[] h = new double[m * m * k];
            double[] prod = new double[r * r];
            for (int b = 0; b < m; b++) {
                for (int c = b; c < m; c++) {
                    NetlibProvider.blas().dgemm("N", "N", r, r, r, 1.0, mats, b * r * r, r, mats, c * r * r, r, 0.0,
                            prod, 0, r);
                    Svec.svecSymInto(prod, 0, r, h, (b + m * c) * k);
                    if (b != c) {
                        System.arraycopy(h, (b + m * c) * k, h, (c + m * b) * k, k);
                    }
                }
            }
            if (jac != null) {
                java.util.Arrays.fill(jac, 0.0);
            }
            double sw1 = Math.sqrt(weights.w1());
            double sw2 = Math.sqrt(weights.w2());
            double sw3 = Math.sqrt(weights.w3());
            int row = 0;
            for (int a = 0; a < n1; a++, row++) {
                double tr = 0;
                for (int i = 0; i < r; i++) {
                    tr += z[a * k + i];
                }
                res[row] = sw1 * (tr - nu[a]);
                if (jac != null) {
                    for (int q = 0; q < nf; q++) {
                        if (free[q] < r) {
                            jac[row + p * (a * nf + q)] = sw1;
                        }
                    }
                }
            }
            for (int a = 0; a < m; a++) {
                for (int b = a; b < m; b++, row++) {
                    double s = a == b ? sw2 : sw2 * Svec.SQRT2;
                    res[row] = s * (2 * dot(z, a * k, z, b * k, k) - (a == b ? 1 : 0));
                    if (jac != null) {
                        for (int q = 0; q < nf; q++) {
                            jac[row + p * (a * nf + q)] += s * 2 * z[b * k + free[q]];
                            jac[row + p * (b * nf + q)] += s * 2 * z[a * k + free[q]];
                        }
                    }
                }
            }
            int m2 = m * m;
            for (int a = 0; a < m; a++) {
                for (int b = a; b < m; b++) {
                    for (int c = b; c < m; c++, row++) {
                        int mult = (a == b && b == c) ? 1 : (a == b || b == c) ? 3 : 6;
                        double s = sw3 * Math.sqrt(mult);
                        double tr3 = dot(h, (b + m * c) * k, z, a * k, k);
                        res[row] = s * (8 * tr3 - tSym[a + m * b + m2 * c]);
                        if (jac != null) {
                            addJac(jac, p, row, a, h, (b + m * c) * k, 8 * s);
                            addJac(jac, p, row, b, h, (c + m * a) * k, 8 * s);
                            addJac(jac, p, row, c, h, (a + m * b) * k, 8 * s);
                        }
                    }
                }
            }
        }

        private void addJac(double[] jac, int p, int row, int e, double[] h, int hOff, double scale) {
            int nf = free.length;
            for (int q = 0; q < nf; q++) {
                jac[row + p * (e * nf + q)] += scale * h[hOff + free[q]];
            }
        }
    }

    private static double dot(double[] x, int xo, double[] y, int yo, int n) {
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += x[xo + i] * y[yo + i];
        }
        return s;
    }
}
