package io.polymoments.moments;

/**
 * A packed co-moment sum of order 3 or 4 read a run at a time, as a merge consumes it: the entries whose sorted index
 * tuple begins (i, j) for consecutive j are consecutive in packed (lexicographic) order, so a run of j's is one
 * contiguous slice. A stored sketch hands over its whole array; the block kernel computes each run as a tile and never
 * holds the block's whole sum (at order 4 in 200 dimensions that sum alone is 0.55 GB).
 */
interface PackedRuns {
    /**
     * Makes available the entries of the tuples beginning (i, j) for {@code j0 ≤ j <} the returned bound (at least
     * j0 + 1); {@code start} is the packed position of the first of them.
     */
    int load(int i, int j0, int start);

    /** The array now holding them: packed entry p is at {@code p − offset()}. */
    double[] array();

    int offset();

    /** A whole packed array, in one run per leading index. */
    static PackedRuns whole(double[] packed, int dim) {
        return new PackedRuns() {
            @Override
            public int load(int i, int j0, int start) {
                return dim;
            }

            @Override
            public double[] array() {
                return packed;
            }

            @Override
            public int offset() {
                return 0;
            }
        };
    }

    /** Entries of tuples beginning (i, j) in a packed sum of order q: C(d − j + q − 3, q − 2). */
    static int runLength(int dim, int q, int j) {
        int m = dim - j;
        return q == 3 ? m : m * (m + 1) / 2;
    }

    /** All runs copied into one packed array of C(d + q − 1, q) entries. */
    static double[] gather(PackedRuns runs, int dim, int q, int size) {
        double[] out = new double[size];
        int p = 0;
        for (int i = 0; i < dim; i++) {
            for (int j0 = i; j0 < dim; ) {
                int j1 = runs.load(i, j0, p);
                int len = 0;
                for (int j = j0; j < j1; j++) {
                    len += runLength(dim, q, j);
                }
                System.arraycopy(runs.array(), p - runs.offset(), out, p, len);
                p += len;
                j0 = j1;
            }
        }
        return out;
    }
}
