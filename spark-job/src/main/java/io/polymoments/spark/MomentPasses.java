package io.polymoments.spark;

import io.polymoments.Throwables;

import io.polymoments.InvalidInputException;
import io.polymoments.datasets.SampleSet;
import io.polymoments.moments.Basis;
import io.polymoments.moments.ColumnScale;
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
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Tuple2;

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

    /**
     * What one pass over the data accumulates: a sketch of the raw rows (order {@code rawOrder}, 0 for none) and/or a
     * sketch of the rows projected into {@code basis} (order {@code projectedOrder}, 0 for none) with optional
     * directional fourth-power sums. Pass 2 of a fresh fit projects only; a scheduled run with a fixed reference
     * basis does both in a single pass. Rows that {@code split} holds out (null: none) are validated but left out of
     * every sketch, so that a later check can use them as data the fit never saw; the rows it keeps come back with
     * the sketches ({@link PassResult#keptRows}), without another pass. Rows are sketched (and kept) in the units of
     * {@code scale} (null: the data's own); with {@code autoScale} a pass whose data would over- or underflow in its
     * units is redone in the units {@link ColumnScale#forMagnitudes} chooses, otherwise it is refused.
     */
    public record PassPlan(int rawOrder, Basis basis, int projectedOrder, DirectionalSums directional,
                           RowSplit split, ColumnScale scale, boolean autoScale) implements java.io.Serializable {
        public PassPlan {
            if (rawOrder == 0 && projectedOrder == 0) {
                throw new IllegalArgumentException("a pass must accumulate something");
            }
            if (projectedOrder > 0 && basis == null) {
                throw new IllegalArgumentException("a projected sketch needs a basis");
            }
        }

        public PassPlan(int rawOrder, Basis basis, int projectedOrder, DirectionalSums directional,
                        RowSplit split) {
            this(rawOrder, basis, projectedOrder, directional, split, null, false);
        }

        public PassPlan(int rawOrder, Basis basis, int projectedOrder, DirectionalSums directional) {
            this(rawOrder, basis, projectedOrder, directional, null);
        }

        public static PassPlan raw(int order) {
            return new PassPlan(order, null, 0, null);
        }

        public static PassPlan projected(Basis basis, int order, DirectionalSums directional) {
            return new PassPlan(0, basis, order, directional);
        }

        /** The same plan holding out and keeping the rows {@code s} selects (null: none). */
        public PassPlan withSplit(RowSplit s) {
            return new PassPlan(rawOrder, basis, projectedOrder, directional, s, scale, autoScale);
        }

        /** The same plan in the units {@code s} (null: the data's own). */
        public PassPlan withScale(ColumnScale s) {
            return new PassPlan(rawOrder, basis, projectedOrder, directional, split, s, autoScale);
        }

        /** The same plan, redone in safe units when the data's squares would leave the double range (pass 1). */
        public PassPlan scaledAsNeeded() {
            return new PassPlan(rawOrder, basis, projectedOrder, directional, split, scale, true);
        }

        long sketchBytes(int d) {
            long b = 0;
            if (rawOrder > 0) {
                b += 16L * (PackedSymmetric.size(d, rawOrder) + PackedSymmetric.size(d, 2) + d);
            }
            if (projectedOrder > 0) {
                int k = basis.dim();
                b += 16L * (PackedSymmetric.size(k, projectedOrder) + PackedSymmetric.size(k, 2) + k);
            }
            return b;
        }

        String describe(int d) {
            StringBuilder sb = new StringBuilder(d + " dims");
            if (rawOrder > 0) {
                sb.append(", raw order ").append(rawOrder);
            }
            if (projectedOrder > 0) {
                sb.append(", whitened to ").append(basis.dim()).append(" at order ").append(projectedOrder);
            }
            if (split != null) {
                sb.append(split.fraction() > 0 ? ", holding out " : ", keeping ").append(split);
            }
            if (scale != null) {
                sb.append(", in units ").append(scale.describe());
            }
            return sb.toString();
        }
    }

    /**
     * The result of one pass: the merged sketches it was asked for, how many invalid rows were skipped, how many
     * valid rows the plan held out, the rows it kept (row-major, in partition order; empty without a split), and the
     * units of sketches and kept rows (null: the data's own).
     */
    public record PassResult(SplitHalfSketch raw, SplitHalfSketch projected, DirectionalSums directional,
                             long skippedRows, String firstSkipReason, double seconds, long heldOutRows,
                             double[] keptRows, ColumnScale scale) {
        /** The projected sketch when there is one, else the raw one. */
        public SplitHalfSketch sketch() {
            return projected != null ? projected : raw;
        }
    }

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
        PassPlan plan = basis == null ? PassPlan.raw(order) : PassPlan.projected(basis, order, directional);
        return sketch(samples, plan, policy, label);
    }

    /** Runs one pass over the data accumulating what {@code plan} asks for. */
    public PassResult sketch(SampleSet samples, PassPlan plan, InvalidRowPolicy policy, String label) {
        long start = System.nanoTime();
        int d = samples.dim();
        if (plan.basis() != null && plan.basis().inputDim() != d) {
            throw new InvalidInputException("the reference basis expects " + plan.basis().inputDim()
                    + "-dimensional rows, but " + samples.source() + " has d = " + d
                    + "; use a reference computed from data of the same shape");
        }
        PassMemory.check(spark.sparkContext(), samples, plan);
        long sketchBytes = plan.sketchBytes(d);
        JavaRDD<InternalRow> rows = samples.frame().queryExecution().toRdd().toJavaRDD();
        int partitions = rows.getNumPartitions();
        SparkContext sc = spark.sparkContext();
        Broadcast<PassPlan> planB = JavaSparkContext.fromSparkContext(sc).broadcast(plan);
        RowDecoder decoder = new RowDecoder(d, samples.vectorColumn(), samples.columnNames());
        boolean skip = policy == InvalidRowPolicy.SKIP;
        String description = label + " of " + samples.source() + " (" + plan.describe(d) + ")";
        String previous = sc.getLocalProperty("spark.job.description");
        sc.setJobDescription(description);
        int depth = treeDepth(partitions, sketchBytes);
        LOG.info("{}: {} partitions, tree depth {}", description, partitions, depth);
        try {
            JavaRDD<Tuple2<Integer, PartitionSketch>> parts = rows.mapPartitionsWithIndex((idx, it) ->
                    Collections.singletonList(new Tuple2<>(idx, sketchPartition(idx, it, d, planB.value(), decoder,
                            skip))).iterator(), false);
            PartitionSketch total = mergeInOrder(parts, partitions, depth, PartitionSketch.empty(d, plan));
            if (!ColumnScale.safe(total.maxAbs)) {
                if (!plan.autoScale() || plan.scale() != null) {
                    throw new InvalidInputException(outOfRange(samples, total.maxAbs, plan.scale()));
                }
                ColumnScale scale = ColumnScale.forMagnitudes(total.maxAbs);
                LOG.info("{}: values up to {} leave the double range when squared; redoing the pass in units {}",
                        label, max(total.maxAbs), scale.describe());
                return sketch(samples, plan.withScale(scale), policy, label);
            }
            double secs = (System.nanoTime() - start) / 1e9;
            LOG.info("{}: {} rows in {} s{}", label, String.format(Locale.ROOT, "%,d", total.count()),
                    String.format(Locale.ROOT, "%.2f", secs), (total.skipped > 0 ? ", skipped " + total.skipped : "")
                    + (total.heldOut > 0 ? ", held out " + total.heldOut : ""));
            String firstSkipReason = total.firstSkipped == null ? null
                    : BadRowLocator.describe(samples, total.firstSkipped, decoder);
            return new PassResult(total.raw, total.projected, total.directional, total.skipped, firstSkipReason,
                    secs, total.heldOut, total.keptRowMajor(d), plan.scale());
        } catch (Exception e) { // Spark throws checked SparkExceptions through Scala
            BadRowException bad = Throwables.findCause(e, BadRowException.class);
            if (bad != null) {
                throw new InvalidInputException("invalid input in " + samples.source() + ": "
                        + BadRowLocator.describe(samples, bad.row, decoder) + ". Fix or remove such rows, or pass"
                        + " --on-invalid skip to skip and count them.", e);
            }
            InvalidInputException invalid = Throwables.findCause(e, InvalidInputException.class);
            if (invalid != null) {
                throw new InvalidInputException(invalid.getMessage(), e);
            }
            throw e instanceof RuntimeException re ? re : new IllegalStateException(label + " failed: " + e.getMessage(), e);
        } finally {
            sc.setJobDescription(previous);
            planB.destroy();
        }
    }

    private static PartitionSketch sketchPartition(int partition, Iterator<InternalRow> it, int d, PassPlan plan,
                                                   RowDecoder decoder, boolean skip) {
        SketchAccumulator raw = plan.rawOrder() == 0 ? null : new SketchAccumulator(plan.rawOrder(), d, null);
        SketchAccumulator projected = null;
        if (plan.projectedOrder() > 0) {
            int k = plan.basis().dim();
            projected = new SketchAccumulator(plan.projectedOrder(), d, plan.basis(),
                    SketchAccumulator.defaultBlockRows(plan.projectedOrder(), k),
                    plan.directional() == null ? null : plan.directional().copy());
        }
        double[] row = new double[d];
        double[] maxAbs = new double[d];
        ColumnScale scale = plan.scale();
        long index = 0;
        long skipped = 0;
        long heldOut = 0;
        BadRowLocator.BadRow firstSkipped = null;
        RowSplit split = plan.split();
        List<double[]> kept = split == null ? null : new java.util.ArrayList<>();
        while (it.hasNext()) {
            String problem = decoder.decode(it.next(), row);
            if (problem == null) {
                boolean held = false;
                // the split hashes the data's own values, so that every pass holds out the same rows
                double u = split == null ? 1 : split.uniform(row);
                if (scale != null) {
                    scale.toScaled(row);
                }
                for (int c = 0; c < d; c++) {
                    double a = Math.abs(row[c]);
                    if (a > maxAbs[c]) {
                        maxAbs[c] = a;
                    }
                }
                if (split != null) {
                    if (u < split.keep()) {
                        kept.add(row.clone());
                    }
                    held = u < split.fraction();
                }
                if (held) {
                    heldOut++;
                } else {
                    if (raw != null) {
                        raw.add(row);
                    }
                    if (projected != null) {
                        projected.add(row);
                    }
                }
            } else if (skip) {
                skipped++;
                if (firstSkipped == null) {
                    firstSkipped = new BadRowLocator.BadRow(partition, index, problem);
                }
            } else {
                throw new BadRowException(new BadRowLocator.BadRow(partition, index, problem));
            }
            index++;
        }
        return new PartitionSketch(raw == null ? null : raw.finish(), projected == null ? null : projected.finish(),
                projected == null ? null : projected.directional(), skipped, firstSkipped, heldOut, kept, maxAbs);
    }

    /**
     * Merges the partitions' sketches in partition order, in a tree of the given depth: each level merges groups of
     * consecutive partitions on the executors (sorted by index, since a shuffle delivers them in any order), and the
     * driver merges the last level's results in order. Floating-point merges are not associative, and Spark's
     * treeAggregate merges in task-completion order, so the same data and seed gave sketches differing in the last
     * bits from run to run — enough to tip the low-rank learner into another basin. This order makes the sketch
     * bit-identical for the same input and partitioning.
     */
    static PartitionSketch mergeInOrder(JavaRDD<Tuple2<Integer, PartitionSketch>> parts, int partitions, int depth,
                                        PartitionSketch empty) {
        int fanIn = Math.max(2, (int) Math.ceil(Math.pow(partitions, 1.0 / depth)));
        JavaRDD<Tuple2<Integer, PartitionSketch>> level = parts;
        int count = partitions;
        for (int l = 1; l < depth && count > fanIn; l++) {
            int f = fanIn;
            int groups = (count + f - 1) / f;
            level = level.mapToPair(t -> new Tuple2<>(t._1() / f, t)).groupByKey(groups)
                    .map(g -> new Tuple2<>(g._1(), mergeSorted(g._2())));
            count = groups;
        }
        // merged into the first sketch collected, not into a copy of it: at order 4 in 200 dimensions a copy is 1.1 GB
        PartitionSketch total = mergeSorted(level.collect());
        return total == null ? empty : total;
    }

    /** The sketches merged in index order into the first of them, or null when there are none. */
    private static PartitionSketch mergeSorted(Iterable<Tuple2<Integer, PartitionSketch>> sketches) {
        List<Tuple2<Integer, PartitionSketch>> sorted = new java.util.ArrayList<>();
        sketches.forEach(sorted::add);
        sorted.sort(java.util.Comparator.comparingInt(Tuple2::_1));
        PartitionSketch acc = null;
        for (Tuple2<Integer, PartitionSketch> t : sorted) {
            acc = acc == null ? t._2() : acc.merge(t._2());
        }
        return acc;
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

    /**
     * Why a pass in these units cannot go on: the column whose magnitude leaves the safe range, and what to do.
     */
    private static String outOfRange(SampleSet samples, double[] maxAbs, ColumnScale scale) {
        int worst = -1;   // the column farthest from 1 in binary orders of magnitude
        for (int j = 0; j < maxAbs.length; j++) {
            if (maxAbs[j] != 0 && (worst < 0
                    || Math.abs(Math.getExponent(maxAbs[j])) > Math.abs(Math.getExponent(maxAbs[worst])))) {
                worst = j;
            }
        }
        String where = samples.columnNames() != null && worst < samples.columnNames().size()
                ? "column " + samples.columnNames().get(worst) : "coordinate " + worst + " (counting from 0)";
        String units = scale == null ? "the data's own units" : "the units " + scale.describe() + " of the reference";
        return "input " + samples.source() + ": the largest |value| of " + where + " is " + String.format(
                Locale.ROOT, "%.3g", maxAbs[worst]) + " in " + units + ", outside [2^-120, 2^120]: squares and fourth"
                + " powers of such values over- or underflow double precision, and this computation cannot change"
                + " units. " + (scale == null ? "Multiply the data by a power of two near 1/" + String.format(
                Locale.ROOT, "%.3g", maxAbs[worst]) + " first ('fit' and 'moments' without --reference scale"
                + " internally)." : "Compute a new reference from data of this magnitude.");
    }

    private static double max(double[] a) {
        double m = 0;
        for (double v : a) {
            m = Math.max(m, v);
        }
        return m;
    }
}
