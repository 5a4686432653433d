package io.polymoments.learn.quadratic;

import io.polymoments.linalg.SymmetricEigen;

import java.util.Random;

/**
 * Test truth for the refinement: random orthonormal frames of Sym(R) (2⟨Z_a,Z_b⟩ = δ_ab), their exact whitened
 * moments by naive loops (independent of the code under test), and an explicit O(R) alignment.
 */
final class Frames {
    private Frames() {}

    static int tri(int r) {
        return r * (r + 1) / 2;
    }

    /** Haar-distributed orthogonal n×n matrix, row-major rows (QR of a Gaussian matrix with sign fix, by Gram–Schmidt). */
    static double[][] haar(int n, Random rng) {
        double[][] q = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                q[i][j] = rng.nextGaussian();
            }
            for (int pass = 0; pass < 2; pass++) {   // re-orthogonalise once for accuracy
                for (int l = 0; l < i; l++) {
                    double d = 0;
                    for (int j = 0; j < n; j++) {
                        d += q[i][j] * q[l][j];
                    }
                    for (int j = 0; j < n; j++) {
                        q[i][j] -= d * q[l][j];
                    }
                }
            }
            double nrm = 0;
            for (int j = 0; j < n; j++) {
                nrm += q[i][j] * q[i][j];
            }
            nrm = Math.sqrt(nrm);
            for (int j = 0; j < n; j++) {
                q[i][j] /= nrm;
            }
        }
        return q;
    }

    /** Homogeneous truth: svec rows Z_a = U_a/√2, U Haar in O(tri(r)); m = tri(r). */
    static double[] homogeneousFrame(int r, Random rng) {
        int k = tri(r);
        double[][] u = haar(k, rng);
        double[] z = new double[k * k];
        for (int a = 0; a < k; a++) {
            for (int p = 0; p < k; p++) {
                z[a * k + p] = u[a][p] / Math.sqrt(2);
            }
        }
        return z;
    }

    /**
     * Affine truth: bordered svec rows in Sym(r+1), an orthonormal (×1/√2) basis of the corner-free subspace,
     * m = tri(r+1) − 1 = tri(r) + r.
     */
    static double[] affineFrame(int r, Random rng) {
        int rb = r + 1;
        int kb = tri(rb);
        int m = kb - 1;
        int corner = rb - 1;   // svec index of the (R−1,R−1) entry
        double[][] u = haar(m, rng);
        double[] z = new double[m * kb];
        for (int a = 0; a < m; a++) {
            for (int p = 0, q = 0; p < kb; p++) {
                if (p != corner) {
                    z[a * kb + p] = u[a][q++] / Math.sqrt(2);
                }
            }
        }
        return z;
    }

    /** Full R×R matrix (row-major double[R][R]) of svec row a; svec order as docs/quadratic.md §1. */
    static double[][] smat(double[] rows, int a, int r) {
        int k = tri(r);
        double[][] x = new double[r][r];
        for (int i = 0; i < r; i++) {
            x[i][i] = rows[a * k + i];
        }
        int p = a * k + r;
        for (int i = 0; i < r; i++) {
            for (int j = i + 1; j < r; j++) {
                x[i][j] = rows[p] / Math.sqrt(2);
                x[j][i] = rows[p] / Math.sqrt(2);
                p++;
            }
        }
        return x;
    }

    /** T_abc = 8 tr(Z_a Z_b Z_c) by plain loops, layout a + m b + m² c. */
    static double[] thirdMoment(double[] rows, int m, int r) {
        double[][][] zs = new double[m][][];
        for (int a = 0; a < m; a++) {
            zs[a] = smat(rows, a, r);
        }
        double[] t = new double[m * m * m];
        for (int a = 0; a < m; a++) {
            for (int b = 0; b < m; b++) {
                double[][] ab = new double[r][r];
                for (int i = 0; i < r; i++) {
                    for (int j = 0; j < r; j++) {
                        double s = 0;
                        for (int l = 0; l < r; l++) {
                            s += zs[a][i][l] * zs[b][l][j];
                        }
                        ab[i][j] = s;
                    }
                }
                for (int c = 0; c < m; c++) {
                    double tr = 0;
                    for (int i = 0; i < r; i++) {
                        for (int j = 0; j < r; j++) {
                            tr += ab[i][j] * zs[c][j][i];
                        }
                    }
                    t[a + m * b + m * m * c] = 8 * tr;
                }
            }
        }
        return t;
    }

    /** ν_a = tr Z_a. */
    static double[] traces(double[] rows, int m, int r) {
        double[] nu = new double[m];
        for (int a = 0; a < m; a++) {
            double[][] x = smat(rows, a, r);
            for (int i = 0; i < r; i++) {
                nu[a] += x[i][i];
            }
        }
        return nu;
    }

    static double[] perturb(double[] z, double eps, Random rng) {
        double[] out = z.clone();
        for (int i = 0; i < out.length; i++) {
            out[i] += eps * rng.nextGaussian();
        }
        return out;
    }

    /**
     * max_a ‖O Zt_a O^T − Ze_a‖_F for the O ∈ O(R) read off the linear map Φ(X) = Σ_a 2⟨Zt_a, X⟩ Ze_a, which equals
     * X ↦ O X O^T when Ze is in the O(R)-orbit of the orthonormal frame Zt: columns o_i from Φ(e_ie_i^T) = o_io_i^T
     * (missing diagonal units, e.g. the frozen affine corner, completed orthogonally), signs from Φ of the
     * off-diagonal units. Independent of the code under test.
     */
    static double alignedError(double[] zt, double[] ze, int m, int r) {
        int k = tri(r);
        double[][] o = new double[r][];   // o[i] = column i of O
        boolean[] missing = new boolean[r];
        for (int i = 0; i < r; i++) {
            double norm2 = 0;
            for (int a = 0; a < m; a++) {
                norm2 += zt[a * k + i] * zt[a * k + i];
            }
            if (norm2 < 1e-12) {         // E_ii not in the span of the true frame
                missing[i] = true;
                continue;
            }
            double[][] phi = phi(zt, ze, m, r, i);
            double[] flat = new double[r * r];
            for (int p = 0; p < r; p++) {
                for (int q = 0; q < r; q++) {
                    flat[p + q * r] = phi[p][q];
                }
            }
            o[i] = SymmetricEigen.of(flat, r).vector(0);
        }
        for (int i = 0; i < r; i++) {
            if (missing[i]) {
                o[i] = complement(o, r);
            }
        }
        int ref = missing[0] ? 1 : 0;
        for (int j = 0; j < r; j++) {
            if (j == ref) {
                continue;
            }
            int lo = Math.min(ref, j);
            int hi = Math.max(ref, j);
            int p = r + lo * (2 * r - lo - 1) / 2 + (hi - lo - 1);
            double[][] phi = phi(zt, ze, m, r, p);
            double s = 0;
            for (int x = 0; x < r; x++) {
                for (int y = 0; y < r; y++) {
                    s += o[ref][x] * phi[x][y] * o[j][y];
                }
            }
            if (s < 0) {
                for (int x = 0; x < r; x++) {
                    o[j][x] = -o[j][x];
                }
            }
        }
        double worst = 0;
        for (int a = 0; a < m; a++) {
            double[][] t = smat(zt, a, r);
            double[][] e = smat(ze, a, r);
            double err = 0;
            for (int x = 0; x < r; x++) {
                for (int y = 0; y < r; y++) {
                    double v = 0;   // (O T O^T)_xy = Σ_ij o[i][x] t_ij o[j][y]
                    for (int i = 0; i < r; i++) {
                        for (int j = 0; j < r; j++) {
                            v += o[i][x] * t[i][j] * o[j][y];
                        }
                    }
                    err += (v - e[x][y]) * (v - e[x][y]);
                }
            }
            worst = Math.max(worst, Math.sqrt(err));
        }
        return worst;
    }

    /** Φ(X_p) for the p-th svec unit matrix X_p: Σ_a 2 zt[a,p] Ze_a (full matrix). */
    private static double[][] phi(double[] zt, double[] ze, int m, int r, int p) {
        int k = tri(r);
        double[] v = new double[k];
        for (int a = 0; a < m; a++) {
            for (int q = 0; q < k; q++) {
                v[q] += 2 * zt[a * k + p] * ze[a * k + q];
            }
        }
        return smat(v, 0, r);
    }

    private static double[] complement(double[][] o, int r) {
        double[] best = null;
        double bestNorm = -1;
        for (int j = 0; j < r; j++) {
            double[] v = new double[r];
            v[j] = 1;
            for (double[] u : o) {
                if (u == null) {
                    continue;
                }
                double d = u[j];
                for (int x = 0; x < r; x++) {
                    v[x] -= d * u[x];
                }
            }
            double n = 0;
            for (double x : v) {
                n += x * x;
            }
            if (n > bestNorm) {
                bestNorm = n;
                best = v;
            }
        }
        double n = Math.sqrt(bestNorm);
        for (int x = 0; x < r; x++) {
            best[x] /= n;
        }
        return best;
    }

    /**
     * min over O ∈ O(R) of max_a ‖O Ze_a O^T − Zt_a‖_F, by the fixed point O ← polar(Σ_a Zt_a O Ze_a) (maximises
     * Σ_a tr(O Ze_a O^T Zt_a), docs/quadratic.md §12.1) from {@code nInit} Haar starts. Works when the frame does not
     * span Sym(R) (d &lt; k), where {@link #alignedError} cannot be used.
     */
    static double procrustesError(double[] zt, double[] ze, int m, int r, int nInit, Random rng) {
        double[][][] t = new double[m][][];
        double[][][] e = new double[m][][];
        for (int a = 0; a < m; a++) {
            t[a] = smat(zt, a, r);
            e[a] = smat(ze, a, r);
        }
        double best = Double.POSITIVE_INFINITY;
        for (int it = 0; it < nInit; it++) {
            double[][] o = haar(r, rng);   // o[i][j] = O_ij
            for (int step = 0; step < 2000; step++) {
                double[] mflat = new double[r * r];   // M = Σ_a Zt_a O Ze_a, column-major
                for (int a = 0; a < m; a++) {
                    double[][] to = mul(t[a], o, r);
                    double[][] toe = mul(to, e[a], r);
                    for (int i = 0; i < r; i++) {
                        for (int j = 0; j < r; j++) {
                            mflat[i + j * r] += toe[i][j];
                        }
                    }
                }
                io.polymoments.linalg.Svd svd = io.polymoments.linalg.Svd.of(mflat, r, r);
                double[][] next = new double[r][r];
                double change = 0;
                for (int i = 0; i < r; i++) {
                    for (int j = 0; j < r; j++) {
                        double v = 0;
                        for (int l = 0; l < r; l++) {
                            v += svd.u()[i + l * r] * svd.vt()[l + j * r];
                        }
                        next[i][j] = v;
                        change = Math.max(change, Math.abs(v - o[i][j]));
                    }
                }
                o = next;
                if (change < 1e-15) {
                    break;
                }
            }
            double worst = 0;
            for (int a = 0; a < m; a++) {
                double[][] oe = mul(mul(o, e[a], r), transpose(o, r), r);
                double err = 0;
                for (int i = 0; i < r; i++) {
                    for (int j = 0; j < r; j++) {
                        err += (oe[i][j] - t[a][i][j]) * (oe[i][j] - t[a][i][j]);
                    }
                }
                worst = Math.max(worst, Math.sqrt(err));
            }
            best = Math.min(best, worst);
        }
        return best;
    }

    private static double[][] mul(double[][] x, double[][] y, int r) {
        double[][] z = new double[r][r];
        for (int i = 0; i < r; i++) {
            for (int l = 0; l < r; l++) {
                double v = x[i][l];
                for (int j = 0; j < r; j++) {
                    z[i][j] += v * y[l][j];
                }
            }
        }
        return z;
    }

    private static double[][] transpose(double[][] x, int r) {
        double[][] z = new double[r][r];
        for (int i = 0; i < r; i++) {
            for (int j = 0; j < r; j++) {
                z[i][j] = x[j][i];
            }
        }
        return z;
    }
}
