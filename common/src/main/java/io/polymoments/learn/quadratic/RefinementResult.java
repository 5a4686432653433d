package io.polymoments.learn.quadratic;

import java.util.List;

/**
 * Refined whitened frame.
 *
 * @param z          svec rows (row-major m×tri(R), row a = svec(Z_a)); bordered matrices for the affine model
 * @param m          number of matrices
 * @param matrixSize R (r, or r + 1 for the affine model)
 * @param affine     whether Z is bordered (corner frozen at 0)
 * @param stages     one entry per stage of the schedule, in order
 */
public record RefinementResult(double[] z, int m, int matrixSize, boolean affine, List<RefinementStage> stages) {
    public RefinementResult {
        stages = List.copyOf(stages);
    }

    public int totalIterations() {
        return stages.stream().mapToInt(RefinementStage::iterations).sum();
    }

    /** Residuals at the end of the last stage (under the last stage's weights). */
    public MomentResiduals finalResiduals() {
        return stages.get(stages.size() - 1).end();
    }

    /** Homogeneous: the same as z. Affine: the quadratic blocks Zq_a as svec rows of Sym(r) (m×tri(r)). */
    public double[] quadraticPart() {
        return affine ? BorderedFrames.quadraticPart(z, m, matrixSize - 1) : z.clone();
    }

    /** Affine only: the linear parts β_a (row-major m×r), with Z̄_a = [[Zq_a, β_a/2], [β_a^T/2, 0]]. */
    public double[] linearPart() {
        if (!affine) {
            throw new IllegalStateException("a homogeneous fit has no linear part");
        }
        return BorderedFrames.linearPart(z, m, matrixSize - 1);
    }
}
