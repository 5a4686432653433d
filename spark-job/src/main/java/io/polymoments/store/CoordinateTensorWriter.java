package io.polymoments.store;

import io.polymoments.decompose.DenseTensor;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Writes a dense tensor in the coordinate form {@link RingIo#readTensor} reads: one row per entry, integer index
 * columns {@code i, j, k, l, …} (0-based, in mode order) and a double {@code value}, as Parquet. The tensor is
 * broadcast once and each partition expands its range of flat offsets, so rows do not depend on the partition count.
 */
public final class CoordinateTensorWriter {
    /** Index column names by mode: i, j, k, l, … up to z (order ≤ 18). */
    public static final int MAX_ORDER = 'z' - 'i' + 1;
    private static final long ENTRIES_PER_PARTITION = 1L << 22;

    private final SparkSession spark;

    public CoordinateTensorWriter(SparkSession spark) {
        this.spark = spark;
    }

    /** Column name of mode n: "i", "j", "k", … */
    public static String indexColumn(int mode) {
        if (mode < 0 || mode >= MAX_ORDER) {
            throw new IllegalArgumentException("coordinate form names modes i..z, so order <= " + MAX_ORDER + "; mode "
                    + mode + " is out of range");
        }
        return String.valueOf((char) ('i' + mode));
    }

    public static StructType schema(int order) {
        StructType s = new StructType();
        for (int n = 0; n < order; n++) {
            s = s.add(indexColumn(n), DataTypes.IntegerType, false);
        }
        return s.add(RingIo.VALUE, DataTypes.DoubleType, false);
    }

    /** The rows as a DataFrame; partitions ≤ 0 picks about one per 4M entries (at least the default parallelism). */
    public Dataset<Row> toDataFrame(DenseTensor t, int partitions) {
        int order = t.order();
        StructType schema = schema(order);
        long size = t.size();
        int parts = partitions > 0 ? partitions
                : (int) Math.max(spark.sparkContext().defaultParallelism(), size / ENTRIES_PER_PARTITION + 1);
        parts = (int) Math.max(1, Math.min(parts, size));
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Broadcast<double[]> data = jsc.broadcast(t.data());
        int[] dims = t.dims();
        JavaRDD<Row> rows = spark.range(0, size, 1, parts).javaRDD()
                .mapPartitions(offsets -> new EntryRows(offsets, dims, data.value()));
        return spark.createDataFrame(rows, schema);
    }

    /** Flat offsets (first index fastest) → rows (i, j, k, …, value). */
    private static final class EntryRows implements Iterator<Row> {
        private final Iterator<Long> offsets;
        private final int[] dims;
        private final double[] data;

        EntryRows(Iterator<Long> offsets, int[] dims, double[] data) {
            this.offsets = offsets;
            this.dims = dims;
            this.data = data;
        }

        @Override
        public boolean hasNext() {
            return offsets.hasNext();
        }

        @Override
        public Row next() {
            if (!offsets.hasNext()) {
                throw new NoSuchElementException();
            }
            int off = (int) (long) offsets.next();
            Object[] cells = new Object[dims.length + 1];
            int rest = off;
            for (int n = 0; n < dims.length; n++) {
                cells[n] = rest % dims[n];
                rest /= dims[n];
            }
            cells[dims.length] = data[off];
            return RowFactory.create(cells);
        }
    }
}
