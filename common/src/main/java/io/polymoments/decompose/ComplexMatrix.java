package io.polymoments.decompose;

import io.polymoments.linalg.Svd;

/**
 * A small dense complex matrix (column-major real and imaginary parts). The spectral ring algorithm needs
 * complex arithmetic only on matrices of size ≤ r² (steps S3–S5 of docs/tensor-ring.md §3), so plain Java loops are
 * fast enough; the null-space and conditioning steps go to LAPACK through {@link #realified()}.
 */
final class ComplexMatrix {
    final int rows;
    final int cols;
    final double[] re;
    final double[] im;

    ComplexMatrix(int rows, int cols) {
        this(rows, cols, new double[rows * cols], new double[rows * cols]);
    }

    ComplexMatrix(int rows, int cols, double[] re, double[] im) {
        if (re.length != rows * cols || im.length != rows * cols) {
            throw new IllegalArgumentException("complex " + rows + "x" + cols + " needs " + rows * cols + " entries");
        }
        this.rows = rows;
        this.cols = cols;
        this.re = re;
        this.im = im;
    }

    static ComplexMatrix ofReal(double[] a, int rows, int cols) {
        return new ComplexMatrix(rows, cols, a.clone(), new double[rows * cols]);
    }

    static ComplexMatrix identity(int n) {
        ComplexMatrix m = new ComplexMatrix(n, n);
        for (int i = 0; i < n; i++) {
            m.re[i + i * n] = 1;
        }
        return m;
    }

    ComplexMatrix copy() {
        return new ComplexMatrix(rows, cols, re.clone(), im.clone());
    }

    ComplexMatrix conj() {
        double[] ni = new double[im.length];
        for (int k = 0; k < im.length; k++) {
            ni[k] = -im[k];
        }
        return new ComplexMatrix(rows, cols, re.clone(), ni);
    }

    ComplexMatrix times(ComplexMatrix b) {
        if (cols != b.rows) {
            throw new IllegalArgumentException("inner dimensions differ: " + rows + "x" + cols + " · " + b.rows + "x" + b.cols);
        }
        ComplexMatrix c = new ComplexMatrix(rows, b.cols);
        for (int j = 0; j < b.cols; j++) {
            for (int k = 0; k < cols; k++) {
                double br = b.re[k + j * b.rows];
                double bi = b.im[k + j * b.rows];
                if (br == 0 && bi == 0) {
                    continue;
                }
                int ak = k * rows;
                int cj = j * rows;
                for (int i = 0; i < rows; i++) {
                    double ar = re[i + ak];
                    double ai = im[i + ak];
                    c.re[i + cj] += ar * br - ai * bi;
                    c.im[i + cj] += ar * bi + ai * br;
                }
            }
        }
        return c;
    }

    ComplexMatrix plus(ComplexMatrix b) {
        ComplexMatrix c = copy();
        for (int k = 0; k < re.length; k++) {
            c.re[k] += b.re[k];
            c.im[k] += b.im[k];
        }
        return c;
    }

    ComplexMatrix scale(double s) {
        ComplexMatrix c = copy();
        for (int k = 0; k < re.length; k++) {
            c.re[k] *= s;
            c.im[k] *= s;
        }
        return c;
    }

    /** Columns [from, to). */
    ComplexMatrix columns(int from, int to) {
        ComplexMatrix c = new ComplexMatrix(rows, to - from);
        System.arraycopy(re, from * rows, c.re, 0, (to - from) * rows);
        System.arraycopy(im, from * rows, c.im, 0, (to - from) * rows);
        return c;
    }

    /** Rows [r0, r1) × columns [c0, c1). */
    ComplexMatrix block(int r0, int r1, int c0, int c1) {
        ComplexMatrix c = new ComplexMatrix(r1 - r0, c1 - c0);
        for (int j = c0; j < c1; j++) {
            for (int i = r0; i < r1; i++) {
                c.re[(i - r0) + (j - c0) * c.rows] = re[i + j * rows];
                c.im[(i - r0) + (j - c0) * c.rows] = im[i + j * rows];
            }
        }
        return c;
    }

    double norm() {
        double s = 0;
        for (int k = 0; k < re.length; k++) {
            s += re[k] * re[k] + im[k] * im[k];
        }
        return Math.sqrt(s);
    }

    double maxAbsImag() {
        double m = 0;
        for (double v : im) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }

    double maxAbs() {
        double m = 0;
        for (int k = 0; k < re.length; k++) {
            m = Math.max(m, Math.hypot(re[k], im[k]));
        }
        return m;
    }

    /** Horizontal concatenation. */
    static ComplexMatrix hstack(java.util.List<ComplexMatrix> parts) {
        int rows = parts.get(0).rows;
        int cols = 0;
        for (ComplexMatrix p : parts) {
            cols += p.cols;
        }
        ComplexMatrix c = new ComplexMatrix(rows, cols);
        int off = 0;
        for (ComplexMatrix p : parts) {
            System.arraycopy(p.re, 0, c.re, off, p.re.length);
            System.arraycopy(p.im, 0, c.im, off, p.im.length);
            off += p.re.length;
        }
        return c;
    }

    /**
     * X with this·X = B, by Gaussian elimination with partial pivoting (this is square). Throws when the
     * matrix is singular to working precision.
     */
    ComplexMatrix solve(ComplexMatrix b) {
        int n = rows;
        if (cols != n || b.rows != n) {
            throw new IllegalArgumentException("solve needs a square matrix and matching right-hand side");
        }
        double[] ar = re.clone();
        double[] ai = im.clone();
        double[] xr = b.re.clone();
        double[] xi = b.im.clone();
        int m = b.cols;
        double scale = maxAbs();
        for (int k = 0; k < n; k++) {
            int p = k;
            double best = -1;
            for (int i = k; i < n; i++) {
                double v = Math.hypot(ar[i + k * n], ai[i + k * n]);
                if (v > best) {
                    best = v;
                    p = i;
                }
            }
            if (!(best > 1e-300 * Math.max(scale, 1e-300)) || best == 0) {
                throw new IllegalStateException("complex matrix of size " + n + " is singular (pivot " + k + ")");
            }
            if (p != k) {
                swapRows(ar, ai, n, n, k, p);
                swapRows(xr, xi, n, m, k, p);
            }
            double pr = ar[k + k * n];
            double pi = ai[k + k * n];
            double den = pr * pr + pi * pi;
            for (int i = k + 1; i < n; i++) {
                // l = a[i,k] / a[k,k]
                double nr = ar[i + k * n];
                double ni = ai[i + k * n];
                double lr = (nr * pr + ni * pi) / den;
                double li = (ni * pr - nr * pi) / den;
                if (lr == 0 && li == 0) {
                    continue;
                }
                for (int j = k + 1; j < n; j++) {
                    double ur = ar[k + j * n];
                    double ui = ai[k + j * n];
                    ar[i + j * n] -= lr * ur - li * ui;
                    ai[i + j * n] -= lr * ui + li * ur;
                }
                for (int j = 0; j < m; j++) {
                    double ur = xr[k + j * n];
                    double ui = xi[k + j * n];
                    xr[i + j * n] -= lr * ur - li * ui;
                    xi[i + j * n] -= lr * ui + li * ur;
                }
            }
        }
        for (int j = 0; j < m; j++) {
            for (int i = n - 1; i >= 0; i--) {
                double sr = xr[i + j * n];
                double si = xi[i + j * n];
                for (int k = i + 1; k < n; k++) {
                    double ur = ar[i + k * n];
                    double ui = ai[i + k * n];
                    double vr = xr[k + j * n];
                    double vi = xi[k + j * n];
                    sr -= ur * vr - ui * vi;
                    si -= ur * vi + ui * vr;
                }
                double pr = ar[i + i * n];
                double pi = ai[i + i * n];
                double den = pr * pr + pi * pi;
                xr[i + j * n] = (sr * pr + si * pi) / den;
                xi[i + j * n] = (si * pr - sr * pi) / den;
            }
        }
        return new ComplexMatrix(n, m, xr, xi);
    }

    ComplexMatrix inverse() {
        return solve(identity(rows));
    }

    private static void swapRows(double[] r, double[] i, int n, int m, int a, int b) {
        for (int j = 0; j < m; j++) {
            double t = r[a + j * n];
            r[a + j * n] = r[b + j * n];
            r[b + j * n] = t;
            t = i[a + j * n];
            i[a + j * n] = i[b + j * n];
            i[b + j * n] = t;
        }
    }

    /** The real 2m×2n matrix [[Re, −Im], [Im, Re]] representing this complex-linear map. */
    double[] realified() {
        int m2 = 2 * rows;
        double[] out = new double[m2 * 2 * cols];
        for (int j = 0; j < cols; j++) {
            for (int i = 0; i < rows; i++) {
                double r = re[i + j * rows];
                double v = im[i + j * rows];
                out[i + j * m2] = r;
                out[(i + rows) + j * m2] = v;
                out[i + (j + cols) * m2] = -v;
                out[(i + rows) + (j + cols) * m2] = r;
            }
        }
        return out;
    }

    /** 2-norm condition number (singular values of the realified matrix are those of this one, doubled). */
    double conditionNumber() {
        double[] s = Svd.of(realified(), 2 * rows, 2 * cols).s();
        return s[0] / s[s.length - 1];
    }
}
