package io.polymoments.learn.lowrank;

import io.polymoments.learn.optim.ResidualFunction;
import io.polymoments.model.ActivationMode;
import io.polymoments.model.DiagramMoments;
import io.polymoments.model.Hermite;
import io.polymoments.tensor.DenseTensors;
import io.polymoments.tensor.SymmetricIndex;

/**
 * Test reference for {@link MomentMap}: the same residuals with the Jacobian formed densely over every moment
 * entry, each derivative tensor of the core transformed by M^{⊗q} (the formulation Step C used before the
 * structured normal equations). Same constructor and θ layout as {@link MomentMap}.
 */
final class DenseMomentMap implements ResidualFunction {
    private final int m;
    private final int r;
    private final int omega;
    private final ActivationMode mode;
    private final double[] knownS;       // KNOWN: m×ω normalised coefficients
    private final double[] sigma;        // KNOWN_UNKNOWN_NORMS: σ's coefficients c_0..c_ω
    private final double[][] targets;    // [q−2][unique entry]
    private final double[][] weights;    // [q−2][unique entry]
    private final SymmetricIndex[] index = new SymmetricIndex[3];
    private final int nResiduals;
    private final int nParams;

    /**
     * @param activation KNOWN: m×ω normalised coefficients S (column-major); KNOWN_UNKNOWN_NORMS: σ = c_0..c_ω;
     *                   FREE: ignored (null)
     * @param targets    unique entries of the whitened moments of orders 2, 3, 4
     * @param weights    per-entry residual weights of orders 2, 3, 4
     */
    DenseMomentMap(int m, int r, int omega, ActivationMode mode, double[] activation, double[][] targets,
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

    private double[] mixing(double[] th) {
        return java.util.Arrays.copyOfRange(th, 0, m * m);
    }

    private double[] directions(double[] th) {
        return java.util.Arrays.copyOfRange(th, m * m, m * m + m * r);
    }

    /** Normalised coefficients S (m×ω) at θ. */
    private double[] coefficients(double[] th) {
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

    @Override
    public void evaluate(double[] th, double[] res, double[] jac) {
        final int n = nResiduals;
        double[] mm = mixing(th);
        double[] u = directions(th);
        double[] s = coefficients(th);
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
        final int np = m * (m - 1) / 2;
        final int mw = m * omega;
        final boolean withS = mode != ActivationMode.KNOWN;
        final int nTheta = np + (withS ? mw : 0);   // derivative tensors transformed in one batch
        double[] dAlpha = null;                     // dS_lj/dα_l, m×ω
        if (mode == ActivationMode.KNOWN_UNKNOWN_NORMS && jac != null) {
            dAlpha = new double[mw];
            for (int l = 0; l < m; l++) {
                double[] dl = Hermite.rescaleDerivative(sigma, th[m * m + m * r + l]);
                for (int j = 1; j <= omega; j++) {
                    dAlpha[l + m * (j - 1)] = dl[j];
                }
            }
        }
        if (jac != null) {
            java.util.Arrays.fill(jac, 0.0);
        }
        int row0 = 0;
        for (int q = 2; q <= 4; q++) {
            SymmetricIndex idx = index[q - 2];
            int nu = idx.size();
            double[] tq = targets[q - 2];
            double[] wq = weights[q - 2];
            DiagramMoments.Derivatives der = jac == null
                    ? new DiagramMoments.Derivatives(DiagramMoments.unitMoments(rho, s, m, omega, q), null, null)
                    : DiagramMoments.unitMomentsWithDerivatives(rho, s, m, omega, q);
            double[] eFull = idx.toDense(der.values());
            double[] z = DenseTensors.transform(eFull, m, q, mm, m);
            for (int t = 0; t < nu; t++) {
                res[row0 + t] = wq[t] * (z[idx.uniqueToDense[t]] - tq[t]);
            }
            if (jac != null) {
                jacobianBlock(q, idx, row0, n, wq, eFull, mm, der, rho, u, nrm, dAlpha, nTheta, jac);
            }
            row0 += nu;
        }
        // gauge rows
        for (int l = 0; l < m; l++) {
            res[row0 + l] = nrm[l] * nrm[l] - 1.0;
            if (jac != null) {
                for (int k = 0; k < r; k++) {
                    jac[row0 + l + n * (m * m + l + m * k)] = 2 * u[l + m * k];
                }
            }
        }
        row0 += m;
        if (mode == ActivationMode.FREE) {
            for (int l = 0; l < m; l++) {
                double v = 0;
                for (int j = 1; j <= omega; j++) {
                    double slj = s[l + m * (j - 1)];
                    v += Hermite.factorial(j) * slj * slj;
                    if (jac != null) {
                        jac[row0 + l + n * (m * m + m * r + l + m * (j - 1))] = 2 * Hermite.factorial(j) * slj;
                    }
                }
                res[row0 + l] = v - 1.0;
            }
        }
    }

    private void jacobianBlock(int q, SymmetricIndex idx, int row0, int n, double[] wq, double[] eFull, double[] mm,
                               DiagramMoments.Derivatives der, double[] rho, double[] u, double[] nrm, double[] dAlpha,
                               int nTheta, double[] jac) {
        int nu = idx.size();
        int dense = idx.denseSize();
        // ∂/∂M: with F = E transformed on modes 1..q−1 (mode 0 raw),
        // ∂Z[i_1..i_q]/∂M[a,b] = Σ_v δ(i_v, a)·F[b, i_{−v}]
        double[] f = DenseTensors.transform(eFull, m, q, 1, mm, m, 1);
        for (int t = 0; t < nu; t++) {
            int[] tup = idx.tuples[t];
            double w = wq[t];
            int row = row0 + t;
            for (int v = 0; v < q; v++) {
                int a = tup[v];
                int off = 0;
                int stride = 1;
                for (int k = 0; k < q; k++) {
                    if (k != v) {
                        off += tup[k] * stride;
                        stride *= m;
                    }
                }
                for (int b = 0; b < m; b++) {
                    jac[row + n * (a + m * b)] += w * f[b + m * off];
                }
            }
        }
        if (nTheta == 0) {
            return;
        }
        // ∂/∂ρ_ab and ∂/∂S: derivative tensors of E transformed by M^{⊗q} in one batch
        int np = m * (m - 1) / 2;
        int mw = m * omega;
        double[] batch = new double[dense * nTheta];
        for (int p = 0; p < dense; p++) {
            int t = idx.denseToUnique[p];
            for (int k = 0; k < np; k++) {
                batch[p + dense * k] = der.dRho()[t * np + k];
            }
            if (nTheta > np) {
                for (int k = 0; k < mw; k++) {
                    batch[p + dense * (np + k)] = der.dS()[t * mw + k];
                }
            }
        }
        double[] dz = DenseTensors.transformBatchFirst(batch, m, q, nTheta, mm, m); // dz[k + nTheta·pos]
        int colU = m * m;
        int colAct = m * m + m * r;
        for (int t = 0; t < nu; t++) {
            int pos = idx.uniqueToDense[t];
            int row = row0 + t;
            double w = wq[t];
            // chain rule ρ_ab = ⟨U_a, U_b⟩/(‖U_a‖‖U_b‖) → U
            for (int a = 0; a < m; a++) {
                for (int b = a + 1; b < m; b++) {
                    double g = w * dz[nTheta * pos + DiagramMoments.pairIndex(a, b, m)];
                    if (g == 0.0) {
                        continue;
                    }
                    double inv = 1.0 / (nrm[a] * nrm[b]);
                    double rab = rho[a + m * b];
                    for (int k = 0; k < r; k++) {
                        jac[row + n * (colU + a + m * k)] += g * (u[b + m * k] * inv - rab * u[a + m * k] / (nrm[a] * nrm[a]));
                        jac[row + n * (colU + b + m * k)] += g * (u[a + m * k] * inv - rab * u[b + m * k] / (nrm[b] * nrm[b]));
                    }
                }
            }
            if (mode == ActivationMode.FREE) {
                for (int k = 0; k < mw; k++) {
                    jac[row + n * (colAct + k)] = w * dz[nTheta * pos + np + k];
                }
            } else if (mode == ActivationMode.KNOWN_UNKNOWN_NORMS) {
                for (int l = 0; l < m; l++) {
                    double g = 0;
                    for (int j = 0; j < omega; j++) {
                        g += dz[nTheta * pos + np + l + m * j] * dAlpha[l + m * j];
                    }
                    jac[row + n * (colAct + l)] = w * g;
                }
            }
        }
    }
}
