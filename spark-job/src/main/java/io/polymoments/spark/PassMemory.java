package io.polymoments.spark;

import io.polymoments.InvalidInputException;
import io.polymoments.datasets.SampleSet;
import io.polymoments.moments.SketchAccumulator;
import io.polymoments.tensor.PackedSymmetric;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.SparkContext;

/**
 * The memory and result size a pass needs, planned before it starts and compared with the limits it will meet:
 * an order-4 sketch of 200 raw dimensions is 1.1 GB, and without this check such a pass ran a minute and died of an
 * OutOfMemoryError (exit 52) or at {@code spark.driver.maxResultSize}. Sizes count the arrays that dominate (8 bytes
 * a double; object headers are noise at these sizes):
 * <ul>
 * <li>a sketch S: two halves, each the mean (k) and the packed sums of orders 2..q (C(k+p−1, p) entries each);
 * <li>a task: its partition's sketch, plus the larger of what the accumulator holds while rows stream through it (row
 * buffers, the block kernel's tiles and the merge's temporaries: {@link SketchAccumulator#workingDoubles}) and the
 * serialized copy of the sketch Spark makes of the task's result; an executor runs that many tasks at once;
 * <li>the driver: the sketches of the last tree level it collects, merged in place into the first; while a result
 * is deserialized Spark holds it twice serialized (as the task stored it and the copy its reader makes), and up to
 * four at once; the merge's temporaries or one packed array being written; and the rows a held-out split keeps;
 * <li>the result size Spark counts against {@code spark.driver.maxResultSize}: the serialized sketches it collects.
 * </ul>
 * The driver always receives at least one whole sketch (it writes or fits it), so the tree of {@link MomentPasses}
 * cannot bring the result below S; it keeps the number of sketches collected small, and the plan checks that the
 * driver and {@code spark.driver.maxResultSize} hold them. A JVM's usable heap is its maximum less the 300 MB Spark
 * reserves.
 */
public final class PassMemory {
    static final long SPARK_RESERVED = 300L << 20;
    /** Spark's spark.resultGetter.threads: how many task results the driver deserializes at once. */
    private static final int RESULT_THREADS = 4;
    /** The status of a plan that fits. */
    public static final String FITS = "fits";
    private static final Pattern LOCAL = Pattern.compile("local\\[(\\*|\\d+)(,\\d+)?]");

    private PassMemory() {}

    /** What the pass will need, in bytes. */
    record Estimate(long sketch, long task, int tasksPerExecutor, long driver, long result, int collected) {
        long executor() {
            return task * tasksPerExecutor;
        }
    }

    /**
     * The plan of a raw pass: the bytes of one sketch, of one task, of an executor's concurrent tasks, of the driver,
     * and of the results collected; {@code status} is {@link #FITS} or why not and what to do.
     */
    public record Plan(int order, int dim, long sketchBytes, long taskBytes, long executorBytes, long driverBytes,
                       long resultBytes, String status) {
        /** The most that one JVM needs: an executor or the driver (in local mode one JVM, at different moments). */
        public long peakBytes() {
            return Math.max(executorBytes, driverBytes);
        }

        public boolean fits() {
            return FITS.equals(status);
        }
    }

    /**
     * The limits of a Spark application, in bytes (maxResultSize 0 = unlimited). In local mode the executor is the
     * driver's JVM.
     */
    public record Limits(boolean local, long executorHeap, int tasksPerExecutor, long driverHeap, long maxResultSize) {
        public static Limits of(SparkContext sc) {
            long driverHeap = Runtime.getRuntime().maxMemory();
            long maxResult = sc.getConf().getSizeAsBytes("spark.driver.maxResultSize", "1g");
            int taskCpus = sc.getConf().getInt("spark.task.cpus", 1);
            String master = sc.master();
            if (master.equals("local")) {
                return new Limits(true, driverHeap, 1, driverHeap, maxResult);
            }
            Matcher m = LOCAL.matcher(master);
            if (m.matches()) {
                int cores = m.group(1).equals("*") ? Runtime.getRuntime().availableProcessors()
                        : Integer.parseInt(m.group(1));
                return new Limits(true, driverHeap, Math.max(1, cores / taskCpus), driverHeap, maxResult);
            }
            long executorHeap = sc.getConf().getSizeAsMb("spark.executor.memory", "1g") << 20;
            int cores = sc.getConf().getInt("spark.executor.cores", 1);
            return new Limits(false, executorHeap, Math.max(1, cores / taskCpus), driverHeap, maxResult);
        }
    }

    /**
     * The plan of a raw pass at {@code order} over {@code partitions} partitions of {@code d}-dimensional rows, within
     * {@code limits} (what a scale benchmark prints; {@link Limits#of} gives this application's).
     */
    public static Plan plan(int order, int d, int partitions, Limits limits) {
        Estimate e = estimate(d, MomentPasses.PassPlan.raw(order), partitions, limits.tasksPerExecutor());
        String problems = problems(e, limits);
        return new Plan(order, d, e.sketch(), e.task(), e.executor(), e.driver(), e.result(),
                problems == null ? FITS : "a raw order-" + order + " pass in " + d + " dimensions would not fit in"
                        + " memory: " + problems);
    }

    /** Refuses (exit 2) a pass over {@code samples} that cannot fit the limits of {@code sc}. */
    public static void check(SparkContext sc, SampleSet samples, MomentPasses.PassPlan plan) {
        int partitions = samples.frame().queryExecution().toRdd().getNumPartitions();
        Limits limits = Limits.of(sc);
        check(estimate(samples.dim(), plan, partitions, limits.tasksPerExecutor()), limits, samples.source());
    }

    static Estimate estimate(int d, MomentPasses.PassPlan plan, int partitions, int tasksPerExecutor) {
        long sketch = 0;
        long working = 0;
        long merge = 0;
        if (plan.rawOrder() > 0) {
            sketch += sketchDoubles(d, plan.rawOrder());
            working += SketchAccumulator.workingDoubles(plan.rawOrder(), d, d);
            merge = Math.max(merge, mergeDoubles(d, plan.rawOrder()));
        }
        if (plan.projectedOrder() > 0) {
            int k = plan.basis().dim();
            // the basis travels with the sketch; the directional sums are a few thousand doubles
            sketch += sketchDoubles(k, plan.projectedOrder()) + (long) d * (k + 1);
            working += SketchAccumulator.workingDoubles(plan.projectedOrder(), d, k);
            merge = Math.max(merge, mergeDoubles(k, plan.projectedOrder()));
        }
        long task = sketch + Math.max(working, sketch);
        // the same tree MomentPasses.mergeInOrder builds: executors merge groups of fanIn, the driver collects the rest
        int depth = MomentPasses.treeDepth(partitions, plan.sketchBytes(d));
        int fanIn = Math.max(2, (int) Math.ceil(Math.pow(partitions, 1.0 / depth)));
        int collected = partitions;
        for (int l = 1; l < depth && collected > fanIn; l++) {
            collected = (collected + fanIn - 1) / fanIn;
            task = Math.max(task, 2L * fanIn * sketch + merge);
        }
        long kept = plan.split() == null ? 0 : 2L * RowSplit.TARGET_ROWS * (d + 2);
        long written = Math.max(largestArray(d, plan.rawOrder()),
                plan.projectedOrder() == 0 ? 0 : largestArray(plan.basis().dim(), plan.projectedOrder()));
        // each result in flight is held twice serialized (as stored, and the copy its deserialization makes) while its
        // sketch is rebuilt; Spark's result getter threads take up to four results at once
        long driver = (collected + 2L * Math.min(collected, RESULT_THREADS)) * sketch + Math.max(merge, written) + kept;
        return new Estimate(8 * sketch, 8 * task, tasksPerExecutor, 8 * driver, 8 * collected * sketch, collected);
    }

    /** One split-half sketch of order q in k dimensions. */
    static long sketchDoubles(int k, int q) {
        long half = k;
        for (int p = 2; p <= q; p++) {
            half += PackedSymmetric.size(k, p);
        }
        return 2 * half;
    }

    /** Temporaries of merging one sketch into another in place: the packed arrays its updates of orders 3 and 4 read. */
    private static long mergeDoubles(int k, int q) {
        return k + (q >= 3 ? PackedSymmetric.size(k, 2) : 0) + (q >= 4 ? PackedSymmetric.size(k, 3) : 0);
    }

    private static long largestArray(int k, int q) {
        return q == 0 ? 0 : PackedSymmetric.size(k, q);
    }

    static void check(Estimate e, Limits l, String source) {
        String problems = problems(e, l);
        if (problems != null) {
            throw new InvalidInputException("a moment pass over " + source + " would not fit in memory: " + problems);
        }
    }

    /** What does not fit and what to do, or null when everything does. */
    private static String problems(Estimate e, Limits l) {
        List<String> problems = new ArrayList<>();
        long executorUsable = l.executorHeap() - SPARK_RESERVED;
        long driverUsable = l.driverHeap() - SPARK_RESERVED;
        if (e.executor() > executorUsable) {
            problems.add(String.format(Locale.ROOT, "each task needs about %s (its sketch of %s, the block's kernel"
                            + " buffers or the serialized result) and %d run at once, %s in all, more than the %s an"
                            + " executor's heap of %s leaves; give it %s (%s), or fewer concurrent tasks",
                    size(e.task()), size(e.sketch()), e.tasksPerExecutor(), size(e.executor()), size(executorUsable),
                    size(l.executorHeap()), size(e.executor() + SPARK_RESERVED),
                    l.local() ? "--driver-memory " + setting(e.executor() + SPARK_RESERVED)
                            + ", or POLYMOMENTS_DRIVER_MEMORY=" + setting(e.executor() + SPARK_RESERVED)
                            + " for submit/local.sh: in local mode the executors run in the driver's JVM"
                            : "--executor-memory, i.e. spark.executor.memory"));
        }
        if (e.driver() > driverUsable) {
            String need = setting(e.driver() + SPARK_RESERVED);
            problems.add(String.format(Locale.ROOT, "the driver needs about %s to receive (serialized, then"
                            + " deserialized) and merge %d sketches of %s,"
                            + " more than the %s its heap of %s leaves; give it --driver-memory %s%s",
                    size(e.driver()), e.collected(), size(e.sketch()), size(driverUsable), size(l.driverHeap()), need,
                    l.local() ? " (POLYMOMENTS_DRIVER_MEMORY=" + need + " for submit/local.sh)" : ""));
        }
        if (l.maxResultSize() > 0 && e.result() > l.maxResultSize()) {
            problems.add(String.format(Locale.ROOT, "the %d sketches the driver collects serialise to about %s, more"
                            + " than spark.driver.maxResultSize = %s; pass --conf spark.driver.maxResultSize=%s",
                    e.collected(), size(e.result()), size(l.maxResultSize()), setting(e.result() + e.result() / 8)));
        }
        if (problems.isEmpty()) {
            return null;
        }
        return String.join("; ", problems) + ". Sketches grow as k^q/q! with the dimension k and order q: a smaller"
                + " --order, or --whiten --rank K (the higher orders in K whitened dimensions), needs far less";
    }

    private static String size(long bytes) {
        return bytes >= 1L << 30 ? String.format(Locale.ROOT, "%.2f GB", bytes / (double) (1L << 30))
                : String.format(Locale.ROOT, "%d MB", (bytes + (1L << 20) - 1) >> 20);
    }

    /** A Spark size setting at least {@code bytes}: whole megabytes below a gigabyte, else whole gigabytes. */
    static String setting(long bytes) {
        return bytes < 1L << 30 ? ((bytes + (1L << 20) - 1) >> 20) + "m" : ((bytes + (1L << 30) - 1) >> 30) + "g";
    }
}
