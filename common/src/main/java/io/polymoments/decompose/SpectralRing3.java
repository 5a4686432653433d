package io.polymoments.decompose;

import io.polymoments.linalg.GeneralEigen;
import io.polymoments.linalg.Lu;
import io.polymoments.linalg.Matrices;
import io.polymoments.linalg.Qr;
import io.polymoments.linalg.Svd;
import io.polymoments.linalg.SymmetricEigen;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * The spectral (Jennrich-style) order-3 tensor-ring algorithm, steps S0–S8 of docs/tensor-ring.md §3. Exact up
 * to gauge on exact data when, in some orientation, d1 ≥ r1r2, d2 ≥ r2r3, d3 ≥ 3 and the cores are generic.
 */
final class SpectralRing3 {
    private SpectralRing3() {}

    /** Tries of the reference contraction W0; the best-conditioned is kept. */
    private static final int W0_TRIES = 5;

    /**
     * @param ring            the cores, balanced, in the caller's orientation
     * @param orientation     the permutation the algorithm ran in (T.transpose(orientation))
     * @param clusterSepRatio max cluster diameter / min centre distance of the pencil eigenvalues
     * @param imagResidual    relative imaginary part discarded by the descent to a real gauge
     * @param wSvGap          σ_{r3+1}/σ_1 of the rank-r3 matrix of S7
     * @param condB0          condition number of the reference contraction
     * @param fit             ‖T̂ − T‖/‖T‖
     * @param noiseVariance   relative noise variance σ̂² estimated from the energy outside the mode-1/mode-2 signal
     *                        subspaces (NaN when d = r1r2 leaves no room); for white noise ≈ σ²
     */
    record Outcome(TensorRing ring, int[] orientation, double clusterSepRatio, double imagResidual, double wSvGap,
                   double condB0, double fit, double noiseVariance) {}

    static Outcome decompose(DenseTensor t, int[] ranks, Random rng, int nDraws) {
        if (t.order() != 3 || ranks.length != 3) {
            throw new IllegalArgumentException("order-3 spectral algorithm needs a 3-way tensor and 3 ranks");
        }
        long[] shape = {t.dim(0), t.dim(1), t.dim(2)};
        int[] perm = RingOrientation.choose(shape, ranks);
        if (perm == null) {
            throw new IllegalArgumentException(notApplicableMessage(t.dims(), ranks));
        }
        int[] rp = RingOrientation.permuteRanks(ranks, perm);
        DenseTensor tp = t.permute(perm);
        Outcome best = null;
        for (int draw = 0; draw < Math.max(1, nDraws); draw++) {
            Outcome o = decomposeOriented(tp, rp, rng);
            if (best == null || o.fit < best.fit || Double.isNaN(best.fit)) {
                best = o;
            }
        }
        TensorRing ring = RingOrientation.unpermute(best.ring, perm).balanced();
        return new Outcome(ring, perm, best.clusterSepRatio, best.imagResidual, best.wSvGap, best.condB0, best.fit,
                best.noiseVariance);
    }

    static String notApplicableMessage(int[] dims, int[] ranks) {
        List<String> failed = new ArrayList<>();
        if ((long) dims[0] < (long) ranks[0] * ranks[1]) {
            failed.add("d1=" + dims[0] + " < r1*r2=" + ranks[0] * ranks[1]);
        }
        if ((long) dims[1] < (long) ranks[1] * ranks[2]) {
            failed.add("d2=" + dims[1] + " < r2*r3=" + ranks[1] * ranks[2]);
        }
        if (dims[2] < 3) {
            failed.add("d3=" + dims[2] + " < 3");
        }
        return "spectral tensor-ring decomposition needs, in some orientation of the ring, d1 >= r1*r2, d2 >= r2*r3"
                + " and d3 >= 3 (conditions C1-C3 of docs/tensor-ring.md section 2); shape " + Arrays.toString(dims)
                + " with ranks " + Arrays.toString(ranks) + " fails in the given mode order (" + String.join(", ", failed)
                + ") and in the 5 other orientations. Use smaller ranks or init=random (ALS only)";
    }

    /** S1–S7 in the given orientation (no permutation, no balancing). */
    static Outcome decomposeOriented(DenseTensor t, int[] r, Random rng) {
        int d1 = t.dim(0);
        int d2 = t.dim(1);
        int d3 = t.dim(2);
        int r1 = r[0];
        int r2 = r[1];
        int r3 = r[2];
        int n1 = r1 * r2;
        int n2 = r2 * r3;
        // S1: signal subspaces of the mode-1 and mode-2 unfoldings
        Subspace s1 = leadingLeftSubspace(t.data(), d1, d2 * d3, n1);
        Subspace s2 = leadingLeftSubspace(t.permute(1, 0, 2).data(), d2, d1 * d3, n2);
        double[] u1 = s1.u();
        double[] u2 = s2.u();
        double noiseVariance = Double.isNaN(s1.noiseVariance()) ? s2.noiseVariance()
                : Double.isNaN(s2.noiseVariance()) ? s1.noiseVariance() : Math.max(s1.noiseVariance(), s2.noiseVariance());
        double[] tc = compress(t, u1, u2, n1, n2); // n1 × n2 × d3: P(w) = Σ_k w_k tc[:,:,k]
        // S2: block pencil; L = lcm(r1, r3) eigenvalues, each repeated r2 times
        int lcm = RingOrientation.lcm(r1, r3);
        int mr = lcm / r1;
        int mc = lcm / r3;
        int nn = lcm * r2;
        double[] b0 = null;
        double cond0 = Double.POSITIVE_INFINITY;
        for (int k = 0; k < W0_TRIES; k++) {
            double[] cand = blockContraction(tc, n1, n2, d3, mr, mc, rng);
            double[] s = Svd.of(cand, nn, nn).s();
            double cond = s[0] / s[nn - 1];
            if (b0 == null || cond < cond0) {
                cond0 = cond;
                b0 = cand;
            }
        }
        double[] b1 = blockContraction(tc, n1, n2, d3, mr, mc, rng);
        double[] b2 = blockContraction(tc, n1, n2, d3, mr, mc, rng);
        Lu lu0 = Lu.of(b0, nn);
        // Z = B·B0⁻¹  ⇔  B0ᵀ·Zᵀ = Bᵀ
        double[] z1 = Matrices.transpose(lu0.solve(Matrices.transpose(b1, nn, nn), nn, true), nn, nn);
        double[] z2 = Matrices.transpose(lu0.solve(Matrices.transpose(b2, nn, nn), nn, true), nn, nn);
        // S3: non-symmetric eigenproblem, clusters of r2 equal eigenvalues
        GeneralEigen eig = GeneralEigen.of(z1, nn);
        EigenClustering clustering = EigenClustering.of(eig.re(), eig.im(), lcm, r2);
        ComplexMatrix v = eigenvectors(eig);
        List<ComplexMatrix> blocks = new ArrayList<>();
        for (int[] c : clustering.clusters()) {
            ComplexMatrix e = new ComplexMatrix(nn, r2);
            for (int b = 0; b < r2; b++) {
                System.arraycopy(v.re, c[b] * nn, e.re, b * nn, nn);
                System.arraycopy(v.im, c[b] * nn, e.im, b * nn, nn);
            }
            blocks.add(e);
        }
        // S4: align the bases inside the eigenspaces through the second pencil
        ComplexMatrix e = ComplexMatrix.hstack(blocks);
        ComplexMatrix bm = e.solve(ComplexMatrix.ofReal(z2, nn, nn).times(e));
        int ref = 0;
        double refScore = -1;
        for (int c = 0; c < lcm; c++) {
            double minNorm = Double.POSITIVE_INFINITY;
            for (int a = 0; a < lcm; a++) {
                minNorm = Math.min(minNorm, bm.block(a * r2, (a + 1) * r2, c * r2, (c + 1) * r2).norm());
            }
            if (minNorm > refScore) {
                refScore = minNorm;
                ref = c;
            }
        }
        List<ComplexMatrix> firstRows = new ArrayList<>();
        for (int a = 0; a < lcm; a++) {
            ComplexMatrix ea = blocks.get(a);
            if (a != ref) {
                ea = ea.times(bm.block(a * r2, (a + 1) * r2, ref * r2, (ref + 1) * r2));
            }
            ea = ea.scale(1 / ea.norm());
            firstRows.add(ea.block(0, n1, 0, r2)); // pure subspace X(n⁽¹⁾ ⊗ K) from the first block-row
        }
        int[] selected = lcm == r1 ? range(lcm) : pivotedSelection(firstRows, r1);
        List<ComplexMatrix> chosen = new ArrayList<>();
        for (int a : selected) {
            chosen.add(firstRows.get(a));
        }
        ComplexMatrix xhat = ComplexMatrix.hstack(chosen); // n1 × n1, = X (V D ⊗ K)
        List<ComplexMatrix> ahat = new ArrayList<>();
        for (int p = 0; p < n1; p++) {
            ComplexMatrix ap = new ComplexMatrix(r1, r2);
            for (int a = 0; a < r1; a++) {
                for (int b = 0; b < r2; b++) {
                    ap.re[a + r1 * b] = xhat.re[p + n1 * (a * r2 + b)];
                    ap.im[a + r1 * b] = xhat.im[p + n1 * (a * r2 + b)];
                }
            }
            ahat.add(ap);
        }
        // S5: descent to a real gauge
        RealDescent.Result real = RealDescent.descend(ahat, r1, r2, rng);
        // S6: back to data coordinates, A_i = Σ_p U1[i,p] Â'_p
        double[] coreA = new double[r1 * d1 * r2];
        for (int p = 0; p < n1; p++) {
            double[] ap = real.real().get(p);
            for (int b = 0; b < r2; b++) {
                for (int i = 0; i < d1; i++) {
                    double u = u1[i + d1 * p];
                    int base = r1 * (i + d1 * b);
                    for (int a = 0; a < r1; a++) {
                        coreA[base + a] += u * ap[a + r1 * b];
                    }
                }
            }
        }
        // S7: the other two cores by least squares + truncated SVD
        RemainingCores rest = coresFromFirst(t, coreA, r1, r2, r3, rng);
        TensorRing ring = new TensorRing(t.dims(), r, List.of(coreA, rest.coreB, rest.coreC));
        double fit = ring.relativeError(t);
        return new Outcome(ring, new int[] {0, 1, 2}, clustering.separationRatio(), real.imagResidual(), rest.gap,
                cond0, fit, noiseVariance);
    }

    record RemainingCores(double[] coreB, double[] coreC, double gap) {}

    /**
     * S7: given A (r1 × d1 × r2, any gauge) solve 𝔄 Ω = T_(1) by QR least squares, rearrange Ω into the
     * rank-r3 matrix 𝒲[(b,j),(k,a)] = Σ_c B_j[b,c] C_k[c,a] and split it by a truncated SVD.
     */
    static RemainingCores coresFromFirst(DenseTensor t, double[] coreA, int r1, int r2, int r3, Random rng) {
        int d1 = t.dim(0);
        int d2 = t.dim(1);
        int d3 = t.dim(2);
        int n1 = r1 * r2;
        double[] amat = new double[d1 * n1];
        for (int b = 0; b < r2; b++) {
            for (int i = 0; i < d1; i++) {
                for (int a = 0; a < r1; a++) {
                    amat[i + d1 * (a + r1 * b)] = coreA[a + r1 * (i + d1 * b)];
                }
            }
        }
        double[] omega = Qr.of(amat, d1, n1).solve(t.data(), d2 * d3); // n1 × d2d3
        int rows = d2 * r2;
        int cols = d3 * r1;
        double[] w = new double[rows * cols];
        for (int k = 0; k < d3; k++) {
            for (int j = 0; j < d2; j++) {
                int ocol = n1 * (j + d2 * k);
                for (int a = 0; a < r1; a++) {
                    int wcol = rows * (k + d3 * a);
                    for (int b = 0; b < r2; b++) {
                        w[(b + r2 * j) + wcol] = omega[(a + r1 * b) + ocol];
                    }
                }
            }
        }
        TruncatedSvd svd = TruncatedSvd.of(w, rows, cols, r3, rng);
        double[] coreB = new double[rows * r3];
        double[] coreC = new double[r3 * cols];
        for (int c = 0; c < r3; c++) {
            double sq = Math.sqrt(svd.s()[c]);
            for (int x = 0; x < rows; x++) {
                coreB[x + rows * c] = svd.u()[x + rows * c] * sq;
            }
            for (int y = 0; y < cols; y++) {
                coreC[c + r3 * y] = svd.vt()[c + r3 * y] * sq;
            }
        }
        return new RemainingCores(coreB, coreC, svd.gap());
    }

    /**
     * @param u             top-k left singular vectors (m × k)
     * @param noiseVariance tail energy fraction · m/(m − k): the relative variance of white noise that would
     *                      leave that much energy outside a k-dimensional signal subspace; NaN when k ≥ m
     */
    record Subspace(double[] u, double noiseVariance) {}

    /** Top-k left singular vectors of a wide m × n matrix via its m×m Gram matrix (dgemm + dsyevd). */
    static Subspace leadingLeftSubspace(double[] a, int m, int n, int k) {
        if (m <= n) {
            double[] gram = Matrices.multiply(false, a, true, a, m, m, n);
            Matrices.symmetrizeInPlace(gram, m);
            SymmetricEigen eig = SymmetricEigen.of(gram, m);
            double total = 0;
            double tail = 0;
            for (int i = 0; i < m; i++) {
                double v = Math.max(eig.values()[i], 0);
                total += v;
                tail += i >= k ? v : 0;
            }
            double noise = k < m && total > 0 ? tail / total * m / (m - k) : Double.NaN;
            return new Subspace(eig.leadingVectors(k), noise);
        }
        return new Subspace(Svd.of(a, m, n).leadingU(k), Double.NaN);
    }

    /** T ×₁ U1ᵀ ×₂ U2ᵀ as an n1 × n2 × d3 tensor (first index fastest). */
    private static double[] compress(DenseTensor t, double[] u1, double[] u2, int n1, int n2) {
        int d1 = t.dim(0);
        int d2 = t.dim(1);
        int d3 = t.dim(2);
        double[] x1 = Matrices.multiply(true, u1, false, t.data(), n1, d2 * d3, d1); // (p, j, k)
        double[] x1t = new DenseTensor(new int[] {n1, d2, d3}, x1).permute(1, 0, 2).data(); // (j, p, k)
        double[] x2 = Matrices.multiply(true, u2, false, x1t, n2, n1 * d3, d2); // (q, p, k)
        return new DenseTensor(new int[] {n2, n1, d3}, x2).permute(1, 0, 2).data(); // (p, q, k)
    }

    /** [P(w_ts)]_{t<mr, s<mc} for fresh Gaussian w_ts, as one (mr·n1) × (mc·n2) matrix. */
    private static double[] blockContraction(double[] tc, int n1, int n2, int d3, int mr, int mc, Random rng) {
        int rows = mr * n1;
        int cols = mc * n2;
        double[] out = new double[rows * cols];
        for (int tb = 0; tb < mr; tb++) {
            for (int sb = 0; sb < mc; sb++) {
                double[] w = Matrices.gaussian(d3, 1, rng);
                double[] p = Matrices.multiply(tc, w, n1 * n2, d3, 1); // n1 × n2
                for (int q = 0; q < n2; q++) {
                    System.arraycopy(p, q * n1, out, tb * n1 + rows * (sb * n2 + q), n1);
                }
            }
        }
        return out;
    }

    /** dgeev's real storage of complex pairs unpacked into a complex matrix of eigenvectors. */
    private static ComplexMatrix eigenvectors(GeneralEigen eig) {
        int n = eig.n();
        ComplexMatrix v = new ComplexMatrix(n, n);
        double[] vr = eig.vectors();
        for (int j = 0; j < n; j++) {
            if (eig.im()[j] == 0) {
                System.arraycopy(vr, j * n, v.re, j * n, n);
            } else if (eig.im()[j] > 0 && j + 1 < n) {
                for (int i = 0; i < n; i++) {
                    double re = vr[i + j * n];
                    double im = vr[i + (j + 1) * n];
                    v.re[i + j * n] = re;
                    v.im[i + j * n] = im;
                    v.re[i + (j + 1) * n] = re;
                    v.im[i + (j + 1) * n] = -im;
                }
                j++;
            }
        }
        return v;
    }

    /**
     * Chooses r1 of the L pure subspaces whose representative vectors (first column of each) are most
     * independent: greedy complex Gram–Schmidt with column pivoting (what zgeqp3 would pick).
     */
    private static int[] pivotedSelection(List<ComplexMatrix> subspaces, int count) {
        int l = subspaces.size();
        int n = subspaces.get(0).rows;
        double[][] re = new double[l][];
        double[][] im = new double[l][];
        for (int a = 0; a < l; a++) {
            re[a] = Arrays.copyOf(subspaces.get(a).re, n);
            im[a] = Arrays.copyOf(subspaces.get(a).im, n);
        }
        boolean[] taken = new boolean[l];
        int[] out = new int[count];
        for (int c = 0; c < count; c++) {
            int best = -1;
            double bestNorm = -1;
            for (int a = 0; a < l; a++) {
                if (taken[a]) {
                    continue;
                }
                double s = 0;
                for (int i = 0; i < n; i++) {
                    s += re[a][i] * re[a][i] + im[a][i] * im[a][i];
                }
                if (s > bestNorm) {
                    bestNorm = s;
                    best = a;
                }
            }
            taken[best] = true;
            out[c] = best;
            double nrm = Math.sqrt(bestNorm);
            double[] qr = new double[n];
            double[] qi = new double[n];
            for (int i = 0; i < n; i++) {
                qr[i] = re[best][i] / nrm;
                qi[i] = im[best][i] / nrm;
            }
            for (int a = 0; a < l; a++) {
                if (taken[a]) {
                    continue;
                }
                // coefficient <q, x> = Σ conj(q_i) x_i
                double cr = 0;
                double ci = 0;
                for (int i = 0; i < n; i++) {
                    cr += qr[i] * re[a][i] + qi[i] * im[a][i];
                    ci += qr[i] * im[a][i] - qi[i] * re[a][i];
                }
                for (int i = 0; i < n; i++) {
                    re[a][i] -= cr * qr[i] - ci * qi[i];
                    im[a][i] -= cr * qi[i] + ci * qr[i];
                }
            }
        }
        Arrays.sort(out);
        return out;
    }

    private static int[] range(int n) {
        int[] r = new int[n];
        for (int i = 0; i < n; i++) {
            r[i] = i;
        }
        return r;
    }
}
