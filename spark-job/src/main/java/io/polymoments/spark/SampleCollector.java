package io.polymoments.spark;

import io.polymoments.datasets.SampleSet;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.catalyst.InternalRow;

/**
 * Stored rows on the driver, for distances that need raw rows (e.g. sliced W1): a uniform random subsample, or the
 * rows a {@link RowSplit} held out of the moment passes. Rows that fail validation are left out, as the moment passes
 * do with {@code --on-invalid skip}.
 */
public final class SampleCollector {
    private SampleCollector() {}

    /**
     * About {@code maxRows} rows (at most that many; fewer only if the data have fewer valid rows), row-major.
     *
     * @param totalRows the number of rows in {@code samples} (from a sketch), to set the sampling fraction
     */
    public static double[] collect(SampleSet samples, long totalRows, int maxRows, long seed) {
        // oversample by five standard deviations so that Bernoulli sampling almost surely yields maxRows
        double want = maxRows + 5 * Math.sqrt(maxRows) + 10;
        double fraction = Math.min(1.0, want / Math.max(1, totalRows));
        JavaRDD<InternalRow> rows = (fraction >= 1.0 ? samples.frame() : samples.frame().sample(false, fraction, seed))
                .queryExecution().toRdd().toJavaRDD();
        return rowMajor(valid(samples, rows, null), samples.dim(), maxRows);
    }

    /**
     * Every valid row that {@code split} holds out, row-major. The set (not the order) is the same for any
     * partitioning, so order-free statistics of it (sorted projections, moments) are partition-invariant.
     */
    public static double[] heldOut(SampleSet samples, RowSplit split) {
        JavaRDD<InternalRow> rows = samples.frame().queryExecution().toRdd().toJavaRDD();
        return rowMajor(valid(samples, rows, split), samples.dim(), Integer.MAX_VALUE);
    }

    private static List<double[]> valid(SampleSet samples, JavaRDD<InternalRow> rows, RowSplit keep) {
        int d = samples.dim();
        RowDecoder decoder = new RowDecoder(d, samples.vectorColumn(), samples.columnNames());
        return rows.mapPartitions((Iterator<InternalRow> it) -> {
            List<double[]> out = new ArrayList<>();
            while (it.hasNext()) {
                double[] row = new double[d];
                if (decoder.decode(it.next(), row) == null && (keep == null || keep.heldOut(row))) {
                    out.add(row);
                }
            }
            return out.iterator();
        }).collect();
    }

    private static double[] rowMajor(List<double[]> got, int d, int maxRows) {
        int n = Math.min(maxRows, got.size());
        double[] out = new double[n * d];
        for (int i = 0; i < n; i++) {
            System.arraycopy(got.get(i), 0, out, i * d, d);
        }
        return out;
    }
}
