package io.polymoments.decompose;

import io.polymoments.linalg.Cholesky;
import io.polymoments.linalg.Matrices;
import io.polymoments.linalg.Qr;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Tensor-ring alternating least squares (docs/tensor-ring.md §5). Each core update solves T_(n) ≈ X·Φ with the
 * subchain design Φ (R_nR_{n+1} × ∏_{m≠n} d_m): by the normal equations (Gram + Cholesky, 3–4× faster) while the
 * fit is above {@value #QR_SWITCH}, then by QR (the normal equations square the conditioning and stall near
 * 1e-10). Keeps the best iterate, stops at {@code tol} or when the error fell by less than
 * {@code stall}·error over {@value #STALL_WINDOW} sweeps, and rebalances the core norms every
 * {@value #STALL_WINDOW} sweeps (a gauge: the fit is unchanged).
 */
final class RingAls {
    private RingAls() {}

    static final double QR_SWITCH = 1e-7;
    static final int STALL_WINDOW = 10;
    static final double DEFAULT_STALL = 1e-7;

    /**
     * @param best    the best iterate seen (possibly the initial ring)
     * @param errors  relative error ‖T̂ − T‖/‖T‖ before the first sweep (index 0) and after each sweep
     * @param stalled true when stopped by the stall rule rather than tolerance or the sweep limit
     */
    record Result(TensorRing best, double[] errors, boolean stalled) {
        int sweeps() {
            return errors.length - 1;
        }

        double bestError() {
            double m = Double.POSITIVE_INFINITY;
            for (double e : errors) {
                m = Math.min(m, e);
            }
            return m;
        }
    }

    /** Unfoldings of one tensor, computed once and shared by restarts. */
    static final class Unfoldings {
        final DenseTensor tensor;
        final double[][] cyclic;
        final double norm;

        Unfoldings(DenseTensor t) {
            this.tensor = t;
            this.cyclic = new double[t.order()][];
            for (int n = 0; n < t.order(); n++) {
                cyclic[n] = t.cyclicUnfolding(n);
            }
            this.norm = t.norm();
        }
    }

    /** Relative progress over {@value #STALL_WINDOW} sweeps below which a run far above the noise level is a swamp. */
    static final double SWAMP_PROGRESS = 1e-2;

    static Result refine(Unfoldings u, TensorRing init, int nIterMax, double tol, double stall) {
        return refine(u, init, nIterMax, tol, stall, Double.POSITIVE_INFINITY);
    }

    /**
     * @param swampLevel above this error, progress below {@value #SWAMP_PROGRESS}·error over
     *                   {@value #STALL_WINDOW} sweeps also counts as stalled: random-start swamps drift for
     *                   hundreds of sweeps at fit 0.1–0.4, and a fresh start is cheaper than waiting
     */
    static Result refine(Unfoldings u, TensorRing init, int nIterMax, double tol, double stall, double swampLevel) {
        DenseTensor t = u.tensor;
        if (!Arrays.equals(t.dims(), init.dims())) {
            throw new IllegalArgumentException("initial ring " + init + " does not match tensor " + t);
        }
        int order = t.order();
        int[] dims = t.dims();
        int[] ranks = init.ranks();
        List<double[]> cores = new ArrayList<>(init.cores());
        double err = init.relativeError(t);
        List<Double> hist = new ArrayList<>();
        hist.add(err);
        TensorRing best = init;
        double bestErr = err;
        boolean stalled = false;
        if (!(err < tol)) {
            for (int it = 0; it < nIterMax; it++) {
                boolean useQr = err < QR_SWITCH;
                double sweepErr = Double.NaN;
                for (int n = 0; n < order; n++) {
                    TensorRing current = new TensorRing(dims, ranks, cores);
                    double[] phiT = current.designTransposed(n, current.subchain(n));
                    int j = current.restSize(n);
                    int q = ranks[n] * ranks[(n + 1) % order];
                    int d = dims[n];
                    double[] x = useQr ? solveQr(phiT, u.cyclic[n], j, q, d) : solveNormal(phiT, u.cyclic[n], j, q, d);
                    if (x == null) { // singular Gram: fall back to QR for this update
                        x = solveQr(phiT, u.cyclic[n], j, q, d);
                    }
                    cores.set(n, TensorRing.matrixToCore(x, ranks[n], d, ranks[(n + 1) % order]));
                    if (n == order - 1) {
                        // residual of the last update: ‖X·Φ − T_(n)‖ (d × J)
                        double[] pred = Matrices.multiply(false, x, true, phiT, d, j, q);
                        double[] tn = u.cyclic[n];
                        double s = 0;
                        for (int k = 0; k < pred.length; k++) {
                            double diff = pred[k] - tn[k];
                            s += diff * diff;
                        }
                        sweepErr = Math.sqrt(s) / u.norm;
                    }
                }
                err = sweepErr;
                hist.add(err);
                if (err < bestErr) {
                    bestErr = err;
                    best = new TensorRing(dims, ranks, cores);
                }
                if (err < tol || !Double.isFinite(err)) {
                    break;
                }
                int h = hist.size();
                double progress = h > STALL_WINDOW + 1 ? hist.get(h - 1 - STALL_WINDOW) - err : Double.POSITIVE_INFINITY;
                if (progress < stall * Math.max(err, 1e-300) || (err > swampLevel && progress < SWAMP_PROGRESS * err)) {
                    stalled = true;
                    break;
                }
                if ((it + 1) % STALL_WINDOW == 0) {
                    cores = new ArrayList<>(new TensorRing(dims, ranks, cores).balanced().cores());
                }
            }
        }
        double[] errors = new double[hist.size()];
        for (int k = 0; k < errors.length; k++) {
            errors[k] = hist.get(k);
        }
        return new Result(best.balanced(), errors, stalled);
    }

    /** X (d × q) minimising ‖X·Φ − T_(n)‖ through the q×q Gram matrix; null if it is numerically singular. */
    private static double[] solveNormal(double[] phiT, double[] tn, int j, int q, int d) {
        double[] gram = Matrices.multiply(true, phiT, false, phiT, q, q, j);
        Matrices.symmetrizeInPlace(gram, q);
        double trace = 0;
        for (int k = 0; k < q; k++) {
            trace += gram[k + k * q];
        }
        double ridge = 1e-15 * trace / q;
        for (int k = 0; k < q; k++) {
            gram[k + k * q] += ridge;
        }
        double[] rhs = Matrices.multiply(tn, phiT, d, j, q); // d × q = T_(n)·Φᵀ
        Cholesky chol = Cholesky.tryFactor(gram, q);
        if (chol == null) {
            return null;
        }
        // Gram symmetric: X·Gram = rhs  ⇔  Gram·Xᵀ = rhsᵀ, one column of Xᵀ (one row of X) at a time
        double[] x = new double[d * q];
        double[] row = new double[q];
        for (int i = 0; i < d; i++) {
            for (int c = 0; c < q; c++) {
                row[c] = rhs[i + d * c];
            }
            double[] sol = chol.solve(row);
            for (int c = 0; c < q; c++) {
                x[i + d * c] = sol[c];
            }
        }
        return x;
    }

    /** Same by QR of Φᵀ: Xᵀ = R⁻¹·Qᵀ·T_(n)ᵀ = R⁻¹·(T_(n)·Q)ᵀ. */
    private static double[] solveQr(double[] phiT, double[] tn, int j, int q, int d) {
        Qr qr = Qr.of(phiT, j, q);
        double[] tq = Matrices.multiply(tn, qr.q(), d, j, q); // d × q
        double[] xt = qr.solveR(Matrices.transpose(tq, d, q), d);
        return Matrices.transpose(xt, q, d);
    }
}
