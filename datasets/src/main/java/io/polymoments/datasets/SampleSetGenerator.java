package io.polymoments.datasets;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Generates a sample set in parallel: the blocks of a {@link SampleStream} are spread over partitions, each executor
 * draws its blocks with their own seeds, so the data do not depend on the partition count.
 */
public final class SampleSetGenerator {
    public static final StructType SCHEMA = new StructType().add(SampleSet.COLUMN,
            DataTypes.createArrayType(DataTypes.DoubleType, false), false);

    private SampleSetGenerator() {}

    /** Rows as a DataFrame with column {@code y: array<double>}; partitions ≤ 0 picks one per ~32 MB of rows. */
    public static Dataset<Row> generate(SparkSession spark, RowSampler sampler, SampleStream stream, int partitions) {
        long blocks = stream.blocks();
        int parts = partitions > 0 ? partitions : defaultPartitions(spark, stream, sampler.dim());
        parts = (int) Math.max(1, Math.min(parts, Math.max(1, blocks)));
        JavaRDD<Row> rows = spark.range(0, blocks, 1, parts).javaRDD()
                .mapPartitions(ids -> new BlockRows(ids, sampler, stream));
        return spark.createDataFrame(rows, SCHEMA);
    }

    static int defaultPartitions(SparkSession spark, SampleStream stream, int dim) {
        long bytes = stream.rows() * (long) dim * 8;
        int bySize = (int) Math.min(10_000, bytes / (32L << 20) + 1);
        return Math.max(spark.sparkContext().defaultParallelism(), bySize);
    }

    /** Lazily expands block ids into rows, one block in memory at a time. */
    private static final class BlockRows implements Iterator<Row> {
        private final Iterator<Long> ids;
        private final RowSampler sampler;
        private final SampleStream stream;
        private double[] block = new double[0];
        private int next;
        private int count;

        BlockRows(Iterator<Long> ids, RowSampler sampler, SampleStream stream) {
            this.ids = ids;
            this.sampler = sampler;
            this.stream = stream;
        }

        @Override
        public boolean hasNext() {
            while (next == count && ids.hasNext()) {
                long b = ids.next();
                block = stream.block(sampler, b);
                count = stream.rowsInBlock(b);
                next = 0;
            }
            return next < count;
        }

        @Override
        public Row next() {
            if (!hasNext()) {
                throw new java.util.NoSuchElementException();
            }
            int d = sampler.dim();
            double[] row = new double[d];
            System.arraycopy(block, next * d, row, 0, d);
            next++;
            return RowFactory.create((Object) row);
        }
    }

    /** All rows of a small stream on the driver (tests and the demo's truth checks). */
    public static List<double[]> collectLocally(RowSampler sampler, SampleStream stream) {
        List<double[]> out = new ArrayList<>();
        int d = sampler.dim();
        for (long b = 0; b < stream.blocks(); b++) {
            double[] block = stream.block(sampler, b);
            for (int r = 0; r < stream.rowsInBlock(b); r++) {
                double[] row = new double[d];
                System.arraycopy(block, r * d, row, 0, d);
                out.add(row);
            }
        }
        return out;
    }
}
