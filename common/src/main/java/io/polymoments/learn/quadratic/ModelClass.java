package io.polymoments.learn.quadratic;

import io.polymoments.tensor.Svec;
import java.util.Locale;

/** Model class of the quadratic learner (docs/quadratic.md §1; algorithms §4–§6). */
public enum ModelClass {
    /** y_i = xᵀQ_i x (+ c_i), x ~ N(0, I_r); whitened rank m = tri(r). */
    HOMOGENEOUS,
    /** y_i = xᵀQ_i x + b_iᵀx + c_i, x ~ N(0, I_r); whitened rank m = tri(r) + r = tri(r+1) − 1. */
    AFFINE,
    /** y_i = xᵀQ_i x, x = s·u rotation invariant with unknown radial law, E|x|² = r; m = tri(r). */
    ROTATION_INVARIANT;

    /** Whitened rank m for r latent variables. */
    public int rank(int r) {
        return this == AFFINE ? Svec.tri(r) + r : Svec.tri(r);
    }

    /** Size R of the whitened frame matrices: r, or r+1 (bordered) for the affine model. */
    public int frameSize(int r) {
        return this == AFFINE ? r + 1 : r;
    }

    public static ModelClass parse(String s) {
        String t = s.trim().toLowerCase(Locale.ROOT).replace('-', '_');
        switch (t) {
            case "homogeneous":
            case "homog":
                return HOMOGENEOUS;
            case "affine":
                return AFFINE;
            case "rotation_invariant":
            case "rotinv":
                return ROTATION_INVARIANT;
            default:
                throw new IllegalArgumentException("unknown model class '" + s
                        + "'; use homogeneous, affine or rotation-invariant");
        }
    }
}
