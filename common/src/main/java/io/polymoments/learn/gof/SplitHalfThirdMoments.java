package io.polymoments.learn.gof;

/**
 * Whitened third moments from the second pass (docs/quadratic.md §9, §13; docs/moments.md §7): the full-sample T̃ and
 * the tensors of the sketch's two split halves (rows split by a hash of their values), each m×m×m with (a,b,c) at
 * a + m·b + m²·c. Their difference estimates the sampling noise of T̃: ½‖T̃_even − T̃_odd‖_F ≈ sd-norm of T̃ for equal
 * halves.
 *
 * @param n number of samples behind T̃ (used for the mean check)
 */
public record SplitHalfThirdMoments(int m, double[] tTilde, double[] tEven, double[] tOdd, long n) {
    public SplitHalfThirdMoments {
        int size = m * m * m;
        if (m < 1 || tTilde == null || tEven == null || tOdd == null || tTilde.length != size || tEven.length != size
                || tOdd.length != size) {
            throw new IllegalArgumentException("tTilde, tEven and tOdd must each have m*m*m = " + size
                    + " entries (m = " + m + ")");
        }
        if (n < 2) {
            throw new IllegalArgumentException("n must be >= 2, got " + n);
        }
    }
}
