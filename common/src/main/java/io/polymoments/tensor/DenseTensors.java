package io.polymoments.tensor;

/**
 * Multilinear maps on dense order-q tensors stored first-index-fastest (entry (a_1..a_q) at Σ a_v·n^v), with an
 * optional trailing "batch" dimension of size {@code batch} (entry index + n^q·k), used to transform many
 * derivative tensors at once.
 */
public final class DenseTensors {
    private DenseTensors() {}

    /**
     * Applies B (p×n, column-major) along mode k of a tensor whose modes have the sizes {@code dims};
     * returns the tensor with dims[k] replaced by p.
     */
    public static double[] modeProduct(double[] x, int[] dims, int k, double[] b, int p) {
        int pre = 1;
        for (int v = 0; v < k; v++) {
            pre *= dims[v];
        }
        int n = dims[k];
        int post = x.length / (pre * n);
        double[] out = new double[pre * p * post];
        for (int s = 0; s < post; s++) {
            int xBase = s * pre * n;
            int oBase = s * pre * p;
            for (int j = 0; j < n; j++) {
                int xOff = xBase + j * pre;
                for (int i = 0; i < p; i++) {
                    double bij = b[i + p * j];
                    if (bij == 0.0) {
                        continue;
                    }
                    int oOff = oBase + i * pre;
                    for (int a = 0; a < pre; a++) {
                        out[oOff + a] += bij * x[xOff + a];
                    }
                }
            }
        }
        dims[k] = p;
        return out;
    }

    /**
     * B^{⊗q}·X applied to the modes {@code from..q−1} of an order-q tensor in n dimensions (batch trailing
     * tensors of the same shape). B is p×n.
     */
    public static double[] transform(double[] x, int n, int q, int batch, double[] b, int p, int from) {
        int[] dims = new int[q + 1];
        for (int v = 0; v < q; v++) {
            dims[v] = n;
        }
        dims[q] = batch;
        double[] out = x;
        for (int k = from; k < q; k++) {
            out = modeProduct(out, dims, k, b, p);
        }
        return out;
    }

    /** B^{⊗q}·X on all modes of an order-q tensor in n dimensions; B is p×n. */
    public static double[] transform(double[] x, int n, int q, double[] b, int p) {
        return transformBatchFirst(x, n, q, 1, b, p);
    }

    /**
     * B^{⊗q} applied to all q modes of a batch of order-q tensors (input layout: tensor index fastest, batch index
     * last), returning the batch index FIRST: output entry (i_1..i_q) of tensor k at k + batch·Σ_v i_v p^v.
     * Each step contracts the leading mode with one BLAS call and appends the new index last (Y = X_(1)ᵀ·Bᵀ), so
     * after q steps the modes are back in order with the batch index in front.
     */
    public static double[] transformBatchFirst(double[] x, int n, int q, int batch, double[] b, int p) {
        double[] cur = x;
        int rest = x.length / n;
        for (int v = 0; v < q; v++) {
            double[] next = new double[rest * p];
            io.polymoments.linalg.Matrices.gemm(true, true, rest, p, n, 1.0, cur, b, 0.0, next);
            cur = next;
            if (v + 1 < q) {
                rest = cur.length / n;
            }
        }
        return cur;
    }

    /** T(t, …, t, ·): contracts an order-q tensor with t on the last q−k modes, leaving an order-k tensor. */
    public static double[] contract(double[] x, int n, int q, double[] t, int k) {
        double[] out = x;
        int size = x.length;
        for (int v = q; v > k; v--) {
            int inner = size / n;
            double[] next = new double[inner];
            for (int j = 0; j < n; j++) {
                double tj = t[j];
                int off = j * inner;
                for (int a = 0; a < inner; a++) {
                    next[a] += tj * out[off + a];
                }
            }
            out = next;
            size = inner;
        }
        return out;
    }
}
