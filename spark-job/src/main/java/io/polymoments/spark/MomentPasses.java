package io.polymoments.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.input_file_name;

import io.polymoments.InvalidInputException;
import io.polymoments.datasets.SampleSet;
import io.polymoments.moments.Basis;
import io.polymoments.moments.DirectionalSums;
import io.polymoments.moments.SketchAccumulator;
import io.polymoments.moments.SplitHalfSketch;
import io.polymoments.tensor.PackedSymmetric;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The executors' passes: each partition streams its rows through a {@link SketchAccumulator} (BLAS-3 per block), and
 * the partition sketches are combined with {@code treeAggregate} (merge = pairwise formulas). No shuffle; only
 * sketches travel. The basis (whitening matrix and mean) is broadcast once.
 */
public final class MomentPasses {
    private static final Logger LOG = LoggerFactory.getLogger(MomentPasses.class);
    private static final long TREE_LEVEL_BYTES = 64L << 20;

    private final SparkSession spark;

    public MomentPasses(SparkSession spark) {
        this.spark = spark;
    }

    /** The result of one pass: the merged sketch and how many invalid rows were skipped. */
    public record PassResult(SplitHalfSketch sketch, DirectionalSums directional, long skippedRows,
                             String firstSkipReason, double seconds) {}

    /**
     * Sketches every row of {@code samples} at the given order, in {@code basis} (null: the data's own coordinates).
     *
     * @param label what the Spark UI and the log call this pass, e.g. "pass 1/2: mean and covariance"
     */
    public PassResult sketch(SampleSet samples, int order, Basis basis, InvalidRowPolicy policy, String label) {
        return sketch(samples, order, basis, null, policy, label);
    }

    /**
     * As above, also accumulating directional fourth-moment sums of the (projected) rows along the directions of
     * {@code directional} (an empty template), or none when it is null.
     */
    public PassResult sketch(SampleSet samples, int order, Basis basis, DirectionalSums directional,
                             InvalidRowPolicy policy, String label) {
        long start = System.nanoTime();
        int d = samples.dim();
        int outDim = basis == null ? d : basis.dim();
        long sketchBytes = 16L * (PackedSymmetric.size(outDim, order) + PackedSymmetric.size(outDim, 2) + outDim);
        JavaRDD<InternalRow> rows = samples.frame().queryExecution().toRdd().toJavaRDD();
        int partitions = rows.getNumPartitions();
        SparkContext sc = spark.sparkContext();
        Broadcast<Basis> basisB = basis == null ? null : JavaSparkContext.fromSparkContext(sc).broadcast(basis);
        RowDecoder decoder = new RowDecoder(d, samples.vectorColumn(), samples.columnNames());
        boolean skip = policy == InvalidRowPolicy.SKIP;
        String description = label + " of " + samples.source() + " (" + d + " dims"
                + (basis == null ? "" : " -> whitened " + outDim) + ", order " + order + ")";
        String previous = sc.getLocalProperty("spark.job.description");
        sc.setJobDescription(description);
        LOG.info("{}: {} partitions, tree depth {}", description, partitions, treeDepth(partitions, sketchBytes));
        try {
            JavaRDD<PartitionSketch> parts = rows.mapPartitionsWithIndex((idx, it) -> {
                Basis bs = basisB == null ? null : basisB.value();
                DirectionalSums dir = directional == null ? null : directional.copy();
                return Collections.singletonList(sketchPartition(idx, it, order, d, bs, dir, decoder, skip)).iterator();
            }, false);
            PartitionSketch zero = new PartitionSketch(SplitHalfSketch.empty(order, outDim, basis),
                    directional == null ? null : directional.copy(), 0, null);
            PartitionSketch total = parts.treeAggregate(zero, PartitionSketch::merge, PartitionSketch::merge,
                    treeDepth(partitions, sketchBytes));
            double secs = (System.nanoTime() - start) / 1e9;
            LOG.info("{}: {} rows in {} s{}", label, String.format(Locale.ROOT, "%,d", total.sketch.count()),
                    String.format(Locale.ROOT, "%.2f", secs), total.skipped > 0 ? ", skipped " + total.skipped : "");
            return new PassResult(total.sketch, total.directional, total.skipped, total.firstSkipReason, secs);
        } catch (Exception e) { // Spark throws checked SparkExceptions through Scala
            BadRowException bad = findCause(e, BadRowException.class);
            if (bad != null) {
                throw new InvalidInputException(locate(samples, bad), e);
            }
            InvalidInputException invalid = findCause(e, InvalidInputException.class);
            if (invalid != null) {
                throw new InvalidInputException(invalid.getMessage(), e);
            }
            throw e instanceof RuntimeException re ? re : new IllegalStateException(label + " failed: " + e.getMessage(), e);
        } finally {
            sc.setJobDescription(previous);
            if (basisB != null) {
                basisB.destroy();
            }
        }
    }

    private static PartitionSketch sketchPartition(int partition, Iterator<InternalRow> it, int order, int d, Basis basis,
                                                   DirectionalSums directional, RowDecoder decoder, boolean skip) {
        int outDim = basis == null ? d : basis.dim();
        SketchAccumulator acc = new SketchAccumulator(order, d, basis, SketchAccumulator.defaultBlockRows(order, outDim),
                directional);
        double[] row = new double[d];
        long index = 0;
        long skipped = 0;
        String firstReason = null;
        while (it.hasNext()) {
            String problem = decoder.decode(it.next(), row);
            if (problem == null) {
                acc.add(row);
            } else if (skip) {
                skipped++;
                if (firstReason == null) {
                    firstReason = "row " + (index + 1) + " of partition " + partition + ": " + problem;
                }
            } else {
                throw new BadRowException(partition, index, problem);
            }
            index++;
        }
        return new PartitionSketch(acc.finish(), acc.directional(), skipped, firstReason);
    }

    /**
     * Tree depth as RowMatrix chooses it: deep enough that no level sends more than ~64 MB of sketches to one task.
     */
    static int treeDepth(int partitions, long sketchBytes) {
        int depth = 2;
        while (depth < 6 && Math.pow(partitions, 1.0 / depth) * sketchBytes > TREE_LEVEL_BYTES) {
            depth++;
        }
        return depth;
    }

    /** Finds the file of the first invalid row with a second, filtered query (only on the error path). */
    private static String locate(SampleSet samples, BadRowException bad) {
        String file = null;
        try {
            String y = samples.vectorColumn() ? "vector_to_array(" + SampleSet.COLUMN + ")" : SampleSet.COLUMN;
            Dataset<Row> hits = samples.frame().withColumn("__file", input_file_name())
                    .where(expr(SampleSet.COLUMN + " IS NULL OR size(" + y + ") != " + samples.dim() + " OR exists(" + y
                            + ", x -> x IS NULL OR isnan(x) OR x = double('Infinity') OR x = double('-Infinity'))"))
                    .select(col("__file")).limit(1);
            List<Row> found = hits.collectAsList();
            if (!found.isEmpty() && found.get(0).getString(0) != null && !found.get(0).getString(0).isEmpty()) {
                file = found.get(0).getString(0);
            }
        } catch (Exception ignored) {
            // the message below is still precise about partition and row
        }
        return "invalid input in " + samples.source() + ": row " + (bad.rowInPartition + 1) + " of input partition "
                + bad.partition + (file == null ? "" : " (file " + file + ")") + ": " + bad.reason
                + ". Fix or remove such rows, or pass --on-invalid skip to skip and count them.";
    }

    static <T extends Throwable> T findCause(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }
}
