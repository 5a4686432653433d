package io.polymoments.learn;

/**
 * svec/smat helpers for families of symmetric R×R matrices (QUADRATIC.md §1: diagonal first, then √2·upper triangle
 * row by row). A family of m matrices is held either as "svec rows" (row-major m×tri(R), row a = svec(Z_a)) or as
 * full matrices stored consecutively (matrix a at offset a·R², column-major). Package-private: the public svec API
 * lives with the model classes; this copy keeps the refinement free of a cross-branch dependency.
 */
final class SymFrames {
    static final double SQRT2 = Math.sqrt(2.0);

    private SymFrames() {}

    static int tri(int r) {
        return r * (r + 1) / 2;
    }

    /** Full matrices (m consecutive R×R) from svec rows. */
    static double[] toMatrices(double[] rows, int m, int r) {
        int k = tri(r);
        double[] out = new double[m * r * r];
        for (int a = 0; a < m; a++) {
            int v = a * k;
            int x = a * r * r;
            for (int i = 0; i < r; i++) {
                out[x + i + i * r] = rows[v + i];
            }
            int p = v + r;
            for (int i = 0; i < r; i++) {
                for (int j = i + 1; j < r; j++) {
                    double s = rows[p++] / SQRT2;
                    out[x + i + j * r] = s;
                    out[x + j + i * r] = s;
                }
            }
        }
        return out;
    }

    /** svec of sym(X) for the R×R matrix at {@code x[xOff…]} (column-major), written to {@code v[vOff…]}. */
    static void svecSym(double[] x, int xOff, int r, double[] v, int vOff) {
        for (int i = 0; i < r; i++) {
            v[vOff + i] = x[xOff + i + i * r];
        }
        int p = vOff + r;
        for (int i = 0; i < r; i++) {
            for (int j = i + 1; j < r; j++) {
                v[p++] = (x[xOff + i + j * r] + x[xOff + j + i * r]) / SQRT2;
            }
        }
    }
}
