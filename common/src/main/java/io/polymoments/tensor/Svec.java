package io.polymoments.tensor;

/**
 * The isometry Sym(r) ≅ R^k, k = r(r+1)/2 (docs/quadratic.md §1): {@code svec(X) = (X_00, …, X_{r−1,r−1},
 * √2·X_01, √2·X_02, …, √2·X_{0,r−1}, √2·X_12, …, √2·X_{r−2,r−1})} — diagonal first, then the strict upper
 * triangle row by row — so that ⟨svec X, svec Y⟩ = tr(XY). Matrices are column-major r×r {@code double[]}.
 */
public final class Svec {
    public static final double SQRT2 = Math.sqrt(2.0);

    private Svec() {}

    /** tri(r) = r(r+1)/2 = dim Sym(r). */
    public static int tri(int r) {
        return r * (r + 1) / 2;
    }

    /** The r with tri(r) = k, or −1 if k is not triangular. */
    public static int rFromK(int k) {
        int r = (int) Math.round((Math.sqrt(8.0 * k + 1) - 1) / 2);
        return tri(r) == k ? r : -1;
    }

    /** Position in svec order of the off-diagonal pair (a, b), a &lt; b. */
    public static int offDiagonalIndex(int a, int b, int r) {
        // rows 0..a-1 contribute (r-1) + (r-2) + ... + (r-a) entries
        return r + a * (2 * r - a - 1) / 2 + (b - a - 1);
    }

    /** svec of the symmetric r×r matrix {@code x} (column-major; the upper triangle is read). */
    public static double[] svec(double[] x, int r) {
        double[] v = new double[tri(r)];
        svecInto(x, 0, r, v, 0);
        return v;
    }

    /** Writes svec(X) with X read from {@code x[xOff ...]} into {@code v[vOff ...]}. */
    public static void svecInto(double[] x, int xOff, int r, double[] v, int vOff) {
        for (int a = 0; a < r; a++) {
            v[vOff + a] = x[xOff + a + a * r];
        }
        int p = vOff + r;
        for (int a = 0; a < r; a++) {
            for (int b = a + 1; b < r; b++) {
                v[p++] = SQRT2 * x[xOff + a + b * r];
            }
        }
    }

    /**
     * Writes svec(sym X) = svec((X + Xᵀ)/2) for a possibly non-symmetric X read from {@code x[xOff ...]} into
     * {@code v[vOff ...]} (gradients and Jacobians of products Z_bZ_c).
     */
    public static void svecSymInto(double[] x, int xOff, int r, double[] v, int vOff) {
        for (int a = 0; a < r; a++) {
            v[vOff + a] = x[xOff + a + a * r];
        }
        int p = vOff + r;
        for (int a = 0; a < r; a++) {
            for (int b = a + 1; b < r; b++) {
                v[p++] = (x[xOff + a + b * r] + x[xOff + b + a * r]) / SQRT2;
            }
        }
    }

    /** The symmetric r×r matrix (column-major) with svec {@code v}. */
    public static double[] smat(double[] v, int r) {
        if (v.length != tri(r)) {
            throw new IllegalArgumentException("svec of Sym(" + r + ") has length " + tri(r) + ", got " + v.length);
        }
        double[] x = new double[r * r];
        smatInto(v, 0, r, x, 0);
        return x;
    }

    /** Writes smat of {@code v[vOff .. vOff+tri(r))} into {@code x[xOff .. xOff+r*r)}. */
    public static void smatInto(double[] v, int vOff, int r, double[] x, int xOff) {
        for (int a = 0; a < r; a++) {
            x[xOff + a + a * r] = v[vOff + a];
        }
        int p = vOff + r;
        for (int a = 0; a < r; a++) {
            for (int b = a + 1; b < r; b++) {
                double s = v[p++] / SQRT2;
                x[xOff + a + b * r] = s;
                x[xOff + b + a * r] = s;
            }
        }
    }

    /**
     * Rows of a count×tri(r) row-major matrix (row a = svec of matrix a) to count consecutive full r×r matrices.
     */
    public static double[] smatRows(double[] rows, int count, int r) {
        int k = tri(r);
        if (rows.length != count * k) {
            throw new IllegalArgumentException("expected " + count + " svec rows of length " + k + ", got "
                    + rows.length + " entries");
        }
        double[] out = new double[count * r * r];
        for (int a = 0; a < count; a++) {
            smatInto(rows, a * k, r, out, a * r * r);
        }
        return out;
    }

    /** count consecutive symmetric r×r matrices to the row-major count×tri(r) matrix of their svecs. */
    public static double[] svecRows(double[] mats, int count, int r) {
        int k = tri(r);
        double[] out = new double[count * k];
        for (int a = 0; a < count; a++) {
            svecInto(mats, a * r * r, r, out, a * k);
        }
        return out;
    }
}
