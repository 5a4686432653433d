package io.polymoments.decompose;

import io.polymoments.linalg.Lu;
import io.polymoments.linalg.Matrices;
import io.polymoments.linalg.SymmetricEigen;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Compares two rings core by core up to the gauge G_n[i] → P_n G_n[i] P_{n+1}⁻¹ (docs/tensor-ring.md §6): solves
 * the homogeneous linear system P_n·Â_n[i] − A_n[i]·P_{n+1} = 0 for all n, i (smallest eigenvector of its
 * Σ R_n²-square normal matrix), applies the gauge to the estimate and reports
 * √(Σ‖aligned_n − A_n‖² / Σ‖A_n‖²). Scalars moved between cores are absorbed. A linear, not optimally
 * weighted, estimator of the gauge: a diagnostic, exact (~1e-15) on exact data.
 */
public final class GaugeAlignment {
    private GaugeAlignment() {}

    /** The estimate brought into the reference's gauge, and the relative core error. */
    public record Result(TensorRing aligned, double coreError) {}

    public static Result align(TensorRing estimate, TensorRing reference) {
        if (!Arrays.equals(estimate.dims(), reference.dims()) || !Arrays.equals(estimate.ranks(), reference.ranks())) {
            throw new IllegalArgumentException("rings differ in shape or ranks: " + estimate + " vs " + reference);
        }
        int order = reference.order();
        int[] r = reference.ranks();
        int[] off = new int[order + 1];
        for (int n = 0; n < order; n++) {
            off[n + 1] = off[n] + r[n] * r[n];
        }
        int total = off[order];
        double[] normal = new double[total * total];
        for (int n = 0; n < order; n++) {
            int m = (n + 1) % order;
            int rn = r[n];
            int rm = r[m];
            int rows = rn * rm;
            for (int i = 0; i < reference.dim(n); i++) {
                double[] ae = estimate.slice(n, i);
                double[] at = reference.slice(n, i);
                double[] blk = new double[rows * total];
                // (P_n Ae)[p,q] = Σ_s P_n[p,s] Ae[s,q];  unknown P_n[p,s] has index off[n] + p + rn*s
                for (int q = 0; q < rm; q++) {
                    for (int p = 0; p < rn; p++) {
                        int row = p + rn * q;
                        for (int s = 0; s < rn; s++) {
                            blk[row + rows * (off[n] + p + rn * s)] += ae[s + rn * q];
                        }
                        // (At P_m)[p,q] = Σ_t At[p,t] P_m[t,q]; unknown P_m[t,q] has index off[m] + t + rm*q
                        for (int t = 0; t < rm; t++) {
                            blk[row + rows * (off[m] + t + rm * q)] -= at[p + rn * t];
                        }
                    }
                }
                Matrices.gemm(true, false, total, total, rows, 1.0, blk, blk, 1.0, normal);
            }
        }
        Matrices.symmetrizeInPlace(normal, total);
        SymmetricEigen eig = SymmetricEigen.of(normal, total);
        double[] g = eig.vector(total - 1);
        List<double[]> gauges = new ArrayList<>();
        List<double[]> inverses = new ArrayList<>();
        for (int n = 0; n < order; n++) {
            double[] p = Arrays.copyOfRange(g, off[n], off[n + 1]);
            gauges.add(p);
            inverses.add(Lu.of(p, r[n]).solve(Matrices.identity(r[n]), r[n], false));
        }
        List<double[]> aligned = new ArrayList<>();
        double num = 0;
        double den = 0;
        for (int n = 0; n < order; n++) {
            int m = (n + 1) % order;
            int rn = r[n];
            int rm = r[m];
            int d = reference.dim(n);
            double[] core = new double[rn * d * rm];
            for (int i = 0; i < d; i++) {
                double[] s = Matrices.multiply(Matrices.multiply(gauges.get(n), estimate.slice(n, i), rn, rn, rm),
                        inverses.get(m), rn, rm, rm);
                for (int b = 0; b < rm; b++) {
                    System.arraycopy(s, rn * b, core, rn * (i + d * b), rn);
                }
            }
            double[] ref = reference.core(n);
            for (int k = 0; k < core.length; k++) {
                double diff = core[k] - ref[k];
                num += diff * diff;
                den += ref[k] * ref[k];
            }
            aligned.add(core);
        }
        return new Result(new TensorRing(reference.dims(), r, aligned), Math.sqrt(num / den));
    }

    /** Shorthand for {@code align(estimate, reference).coreError()}. */
    public static double coreError(TensorRing estimate, TensorRing reference) {
        return align(estimate, reference).coreError();
    }
}
