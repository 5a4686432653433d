package io.polymoments.learn.quadratic;

import io.polymoments.tensor.Svec;

/**
 * Bordered matrices of the affine model (docs/quadratic.md §2.2, §5 A7): Z̄_a = [[Zq_a, β_a/2], [β_a^T/2, 0]] ∈
 * Sym(r+1). All families are svec rows (row-major), β as row-major m×r.
 */
public final class BorderedFrames {
    private BorderedFrames() {}

    /** Bordered svec rows (m×tri(r+1)) from quadratic parts (m×tri(r)) and linear parts (m×r). */
    public static double[] bordered(double[] zq, double[] beta, int m, int r) {
        int k = Svec.tri(r);
        int kb = Svec.tri(r + 1);
        if (zq.length != m * k || beta.length != m * r) {
            throw new IllegalArgumentException("expected zq " + m + "x" + k + " and beta " + m + "x" + r
                    + ", got " + zq.length + " and " + beta.length + " entries");
        }
        int rb = r + 1;
        double[] q = Svec.smatRows(zq, m, r);
        double[] out = new double[m * kb];
        double[] full = new double[rb * rb];
        for (int a = 0; a < m; a++) {
            java.util.Arrays.fill(full, 0.0);
            for (int j = 0; j < r; j++) {
                for (int i = 0; i < r; i++) {
                    full[i + j * rb] = q[a * r * r + i + j * r];
                }
                full[j + r * rb] = beta[a * r + j] / 2;
                full[r + j * rb] = beta[a * r + j] / 2;
            }
            Svec.svecSymInto(full, 0, rb, out, a * kb);
        }
        return out;
    }

    /** The Zq_a blocks (svec rows of Sym(r)) of bordered svec rows of Sym(r+1). */
    public static double[] quadraticPart(double[] zb, int m, int r) {
        int rb = r + 1;
        int kb = Svec.tri(rb);
        int k = Svec.tri(r);
        double[] full = Svec.smatRows(zb, m, rb);
        double[] out = new double[m * k];
        double[] block = new double[r * r];
        for (int a = 0; a < m; a++) {
            for (int j = 0; j < r; j++) {
                for (int i = 0; i < r; i++) {
                    block[i + j * r] = full[a * rb * rb + i + j * rb];
                }
            }
            Svec.svecSymInto(block, 0, r, out, a * k);
        }
        assert zb.length == m * kb;
        return out;
    }

    /** The β_a = 2·(last column of Z̄_a without the corner), row-major m×r. */
    public static double[] linearPart(double[] zb, int m, int r) {
        int rb = r + 1;
        double[] full = Svec.smatRows(zb, m, rb);
        double[] out = new double[m * r];
        for (int a = 0; a < m; a++) {
            for (int i = 0; i < r; i++) {
                out[a * r + i] = 2 * full[a * rb * rb + i + r * rb];
            }
        }
        return out;
    }
}
