package io.polymoments.decompose;

import io.polymoments.linalg.Qr;
import io.polymoments.linalg.Svd;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Step S5 of the spectral algorithm, docs/tensor-ring.md §3 (Galois descent / Hilbert 90): given complex matrices Â_p =
 * G1·A_p·G2⁻¹ with A_p real and unknown complex G1, G2, find complex R1, R2 such that R1·Â_p·R2 is real.
 *
 * <p>conj(Â_p) = H1·Â_p·H2 with H1·conj(H1) = I. Solve the complex-linear homogeneous system
 * H1·Â_p − conj(Â_p)·J = 0 (J = H2⁻¹) for a null vector. It is realified, so LAPACK's real QR + SVD apply.
 * Then R1 = N + conj(N)·H1 and R2 = N' + H2·conj(N') make R1·Â_p·R2 real for any complex N, N'. Keep the
 * best-conditioned of a few draws. The realified system is reduced by QR before its SVD.
 */
final class RealDescent {
    private RealDescent() {}

    record Result(List<double[]> real, double imagResidual) {}

    private static final int CONDITIONING_DRAWS = 5;

    static Result descend(List<ComplexMatrix> ahat, int r1, int r2, Random rng) {
        double maxAbs = 0;
        double maxImag = 0;
        for (ComplexMatrix a : ahat) {
            maxAbs = Math.max(maxAbs, a.maxAbs());
            maxImag = Math.max(maxImag, a.maxAbsImag());
        }
        if (maxImag <= 1e-14 * maxAbs) {
            List<double[]> out = new ArrayList<>();
            for (ComplexMatrix a : ahat) {
                out.add(a.re.clone());
            }
            return new Result(out, 0.0);
        }
        int unknowns = r1 * r1 + r2 * r2;
        // All n·r1·r2 equations: a few random real combinations of the Â_p would determine (H1, J) on exact
        // data too, but with noise they lost up to 2x (and in a tail 30x) in spectral fit at r=8 for ~0.1 s saved.
        List<ComplexMatrix> eqs = ahat;
        int rowsPer = r1 * r2;
        ComplexMatrix m = new ComplexMatrix(eqs.size() * rowsPer, unknowns);
        for (int k = 0; k < eqs.size(); k++) {
            ComplexMatrix c = eqs.get(k);
            for (int b = 0; b < r2; b++) {
                for (int a = 0; a < r1; a++) {
                    int row = k * rowsPer + a + r1 * b;
                    for (int s = 0; s < r1; s++) { // (H1 C)[a,b] = Σ_s H1[a,s] C[s,b]
                        int idx = row + m.rows * (a + r1 * s);
                        m.re[idx] += c.re[s + r1 * b];
                        m.im[idx] += c.im[s + r1 * b];
                    }
                    for (int t = 0; t < r2; t++) { // −(conj(C) J)[a,b] = −Σ_t conj(C[a,t]) J[t,b]
                        int idx = row + m.rows * (r1 * r1 + t + r2 * b);
                        m.re[idx] -= c.re[a + r1 * t];
                        m.im[idx] += c.im[a + r1 * t];
                    }
                }
            }
        }
        double[] x = nullVector(m.realified(), 2 * m.rows, 2 * unknowns);
        ComplexMatrix h1 = new ComplexMatrix(r1, r1);
        ComplexMatrix j = new ComplexMatrix(r2, r2);
        for (int e = 0; e < r1 * r1; e++) {
            h1.re[e] = x[e];
            h1.im[e] = x[unknowns + e];
        }
        for (int e = 0; e < r2 * r2; e++) {
            j.re[e] = x[r1 * r1 + e];
            j.im[e] = x[unknowns + r1 * r1 + e];
        }
        ComplexMatrix hh = h1.times(h1.conj());
        double tr = 0;
        double ti = 0;
        for (int a = 0; a < r1; a++) {
            tr += hh.re[a + r1 * a];
            ti += hh.im[a + r1 * a];
        }
        double c = Math.sqrt(Math.hypot(tr, ti) / r1);
        h1 = h1.scale(1 / c);
        j = j.scale(1 / c);
        ComplexMatrix h2 = j.inverse();
        ComplexMatrix bestR1 = null;
        ComplexMatrix bestR2 = null;
        double bestCond = Double.POSITIVE_INFINITY;
        for (int draw = 0; draw < CONDITIONING_DRAWS; draw++) {
            ComplexMatrix n1 = gaussian(r1, rng);
            ComplexMatrix n2 = gaussian(r2, rng);
            ComplexMatrix cand1 = n1.plus(n1.conj().times(h1));
            ComplexMatrix cand2 = n2.plus(h2.times(n2.conj()));
            double cond = cand1.conditionNumber() * cand2.conditionNumber();
            if (cond < bestCond || bestR1 == null) {
                bestCond = cond;
                bestR1 = cand1;
                bestR2 = cand2;
            }
        }
        List<double[]> out = new ArrayList<>();
        double imag2 = 0;
        double all2 = 0;
        for (ComplexMatrix a : ahat) {
            ComplexMatrix r = bestR1.times(a).times(bestR2);
            for (int e = 0; e < r.re.length; e++) {
                imag2 += r.im[e] * r.im[e];
                all2 += r.re[e] * r.re[e] + r.im[e] * r.im[e];
            }
            out.add(r.re.clone());
        }
        return new Result(out, Math.sqrt(imag2 / all2));
    }

    private static ComplexMatrix gaussian(int n, Random rng) {
        ComplexMatrix g = new ComplexMatrix(n, n);
        for (int e = 0; e < n * n; e++) {
            g.re[e] = rng.nextGaussian();
            g.im[e] = rng.nextGaussian();
        }
        return g;
    }

    /** Right singular vector of the smallest singular value; a tall matrix is first reduced by QR. */
    static double[] nullVector(double[] a, int m, int n) {
        double[] small = a;
        int rows = m;
        if (m > 2 * n) {
            small = Qr.of(a, m, n).r();
            rows = n;
        }
        Svd svd = Svd.of(small, rows, n);
        int p = svd.s().length;
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = svd.vt()[(p - 1) + i * p];
        }
        return v;
    }
}
