package io.polymoments.spark;

import io.polymoments.datasets.SampleSet;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.catalyst.InternalRow;

/**
 * A uniform random subsample of stored rows on the driver (for distances that need raw rows, e.g. sliced W1). Rows
 * that fail validation are left out, as the moment passes do with {@code --on-invalid skip}. (A fit's own check rows
 * come back from its second pass: {@link RowSplit}.)
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
        return rowMajor(valid(samples, rows), samples.dim(), maxRows);
    }

    private static List<double[]> valid(SampleSet samples, JavaRDD<InternalRow> rows) {
        int d = samples.dim();
        RowDecoder decoder = new RowDecoder(d, samples.vectorColumn(), samples.columnNames());
        return rows.mapPartitions((Iterator<InternalRow> it) -> {
            List<double[]> out = new ArrayList<>();
            while (it.hasNext()) {
                double[] row = new double[d];
                if (decoder.decode(it.next(), row) == null) {
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
