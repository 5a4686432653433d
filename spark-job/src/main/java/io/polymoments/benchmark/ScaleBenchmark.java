package io.polymoments.benchmark;

import static io.polymoments.InvalidInputException.setting;

import io.polymoments.InvalidInputException;
import io.polymoments.datasets.LocalSketches;
import io.polymoments.datasets.QuadraticSampler;
import io.polymoments.datasets.SampleStream;
import io.polymoments.learn.lowrank.LowRankBenchmark;
import io.polymoments.learn.quadratic.QuadraticFit;
import io.polymoments.learn.quadratic.QuadraticLearner;
import io.polymoments.linalg.NetlibProvider;
import io.polymoments.metrics.ParameterError;
import io.polymoments.model.QuadraticTransform;
import io.polymoments.model.QuadraticTransform.Structure;
import io.polymoments.moments.SketchBundle;
import io.polymoments.spark.PassMemory;
import io.polymoments.tensor.Svec;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * How the cost grows with the problem (issue "scale"): the quadratic learner's driver CPU time and accuracy against r,
 * the low-rank learner's against m, and the memory a raw moment pass plans for against order and d. Sketches are
 * computed in this JVM (the passes without Spark), so the times are of the driver alone; the memory figures are the
 * plan {@link PassMemory#plan} makes before a pass, within the limits given.
 */
public final class ScaleBenchmark {

    /**
     * @param quadraticR      r of the quadratic fits (d = 2·r(r+1)/2, as in {@code benchmark fit})
     * @param quadraticN      rows behind each quadratic sketch
     * @param lowRankSizes    (m, r) of the low-rank fits (σ = He₂, d = 2m)
     * @param lowRankRows     rows behind each low-rank sketch (0: exact population moments)
     * @param memorySizes     (order, d) of the raw passes planned
     * @param partitions      partitions of the planned passes
     * @param limits          the memory the passes are planned within
     * @param seed            seed of every instance and sample
     */
    public record Config(int[] quadraticR, long quadraticN, int[][] lowRankSizes, long lowRankRows,
                         int[][] memorySizes, int partitions, PassMemory.Limits limits, long seed) {
        public Config {
            for (int r : quadraticR) {
                if (r < 1) {
                    throw new InvalidInputException(setting("quadraticR") + " takes r >= 1, got " + r);
                }
            }
            if (quadraticR.length > 0 && quadraticN < 1000) {
                throw new InvalidInputException(setting("quadraticN") + " must be >= 1000, got " + quadraticN);
            }
            for (int[] s : lowRankSizes) {
                if (s.length != 2 || s[0] < 1 || s[1] < 1) {
                    throw new InvalidInputException(setting("lowrank") + " takes sizes MxR with M, R >= 1");
                }
            }
            if (lowRankRows < 0) {
                throw new InvalidInputException(setting("lowrankRows") + " must be >= 0, got " + lowRankRows);
            }
            for (int[] s : memorySizes) {
                if (s.length != 2 || s[0] < 2 || s[0] > 4 || s[1] < 1) {
                    throw new InvalidInputException(setting("memory") + " takes ORDERxD with ORDER 2, 3 or 4 and D >= 1");
                }
            }
            if (partitions < 1) {
                throw new InvalidInputException(setting("partitions") + " must be >= 1, got " + partitions);
            }
        }

        /** The limits of a local-mode run in this JVM, results allowed up to the heap (as submit/local.sh sets). */
        public static PassMemory.Limits localLimits() {
            long heap = Runtime.getRuntime().maxMemory();
            return new PassMemory.Limits(true, heap, Runtime.getRuntime().availableProcessors(), heap, heap);
        }
    }

    /**
     * One quadratic fit from a sketch: its driver CPU time, its relative parameter error, and that of the refinement
     * started at the truth on the same moments (the best the moments allow).
     */
    public record QuadraticRow(int r, int k, int d, long n, double driverCpuSeconds, double error,
                               double truthStartError, String verdict) {
        public double ratio() {
            return error / truthStartError;
        }
    }

    public record Result(Config config, String blas, List<QuadraticRow> quadratic, List<LowRankBenchmark.Row> lowRank,
                         List<PassMemory.Plan> memory) {
        /** The JSON line: {@code quadratic}, {@code lowrank} and {@code memory} lists, then the machine. */
        public Map<String, Object> json() {
            Map<String, Object> j = new LinkedHashMap<>();
            List<Map<String, Object>> q = new ArrayList<>();
            for (QuadraticRow row : quadratic) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("r", row.r());
                m.put("k", row.k());
                m.put("d", row.d());
                m.put("n", row.n());
                m.put("driverCpuSeconds", row.driverCpuSeconds());
                m.put("error", row.error());
                m.put("errorRatioToTruthStart", row.ratio());
                m.put("verdict", row.verdict());
                q.add(m);
            }
            j.put("quadratic", q);
            List<Map<String, Object>> l = new ArrayList<>();
            for (LowRankBenchmark.Row row : lowRank) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("m", row.m());
                m.put("r", row.r());
                m.put("d", row.d());
                m.put("rows", row.rows());
                m.put("driverCpuSeconds", row.driverCpuSeconds());
                m.put("errW", row.errW());
                m.put("verdict", String.valueOf(row.verdict()));
                l.add(m);
            }
            j.put("lowrank", l);
            List<Map<String, Object>> mem = new ArrayList<>();
            for (PassMemory.Plan p : memory) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("order", p.order());
                m.put("d", p.dim());
                m.put("sketchBytes", p.sketchBytes());
                m.put("peakBytes", p.peakBytes());
                m.put("status", p.status());
                mem.add(m);
            }
            j.put("memory", mem);
            j.put("driverHeapBytes", config.limits().driverHeap());
            j.put("blas", blas);
            return j;
        }
    }

    private ScaleBenchmark() {}

    /** Runs the three curves; {@code onLine} sees each row's table line as it ends (the large fits take minutes). */
    public static Result run(Config c, Consumer<String> onLine) {
        List<PassMemory.Plan> memory = new ArrayList<>();
        for (int[] s : c.memorySizes()) {
            PassMemory.Plan p = PassMemory.plan(s[0], s[1], c.partitions(), c.limits());
            memory.add(p);
            onLine.accept(line(p));
        }
        List<QuadraticRow> quadratic = new ArrayList<>();
        if (c.quadraticR().length > 0) {
            quadraticFit(3, c.quadraticN(), c.seed()); // warms the JIT up; not reported
        }
        for (int r : c.quadraticR()) {
            QuadraticRow row = quadraticFit(r, c.quadraticN(), c.seed());
            quadratic.add(row);
            onLine.accept(line(row));
        }
        List<LowRankBenchmark.Row> lowRank = new ArrayList<>();
        for (int[] s : c.lowRankSizes()) {
            LowRankBenchmark.Row row = LowRankBenchmark.fit(s[0], s[1], c.lowRankRows(), c.seed(), 1);
            lowRank.add(row);
            onLine.accept(line(row));
        }
        return new Result(c, NetlibProvider.describe(), quadratic, lowRank, memory);
    }

    /** One quadratic instance (Q0 low-rank, ρ = 1, d = 2·tri(r)) fitted from the sketch of n generated rows. */
    static QuadraticRow quadraticFit(int r, long n, long seed) {
        int k = Svec.tri(r);
        int d = 2 * k;
        QuadraticTransform truth = QuadraticTransform.random(r, d, Structure.LOWRANK, 1.0, false, seed);
        SketchBundle sketch = LocalSketches.twoPass(QuadraticSampler.of(truth), new SampleStream(seed, n), 3, k)
                .bundle();
        QuadraticLearner.Options options = QuadraticLearner.Options.defaults().withSeed(seed);
        // CPU time of this thread: on a shared machine the wall time includes waiting for a core
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long cpu0 = threads.getCurrentThreadCpuTime();
        QuadraticFit fit = QuadraticLearner.fit(sketch, options);
        double cpu = (threads.getCurrentThreadCpuTime() - cpu0) / 1e9;
        QuadraticFrame frame = QuadraticFrame.of(sketch);
        double truthStart = ParameterError.of(frame.refineFrom(frame.whitenedFrame(truth), options), truth).relative();
        return new QuadraticRow(r, k, d, n, cpu, ParameterError.of(fit.model(), truth).relative(), truthStart,
                String.valueOf(fit.verdict()));
    }

    /** The header of the table's three parts, in the order {@link #run} prints their lines. */
    public static String header(Config c) {
        return String.format(Locale.ROOT, "benchmark scale: %s, driver fits on 1 thread from sketches computed in-JVM;"
                + " memory planned for %d partition(s) within a %.1f GB heap", NetlibProvider.describe(),
                c.partitions(), c.limits().driverHeap() / 1e9);
    }

    static String line(PassMemory.Plan p) {
        return String.format(Locale.ROOT, "memory    order %d, d = %5d: sketch %9.3f GB, peak %9.3f GB  %s", p.order(),
                p.dim(), p.sketchBytes() / 1e9, p.peakBytes() / 1e9, p.fits() ? "fits" : "does not fit");
    }

    static String line(QuadraticRow q) {
        return String.format(Locale.ROOT, "quadratic r = %2d (k = %3d, d = %3d), n = %,d: driver CPU %8.2f s, error"
                + " %.4g (%.3f x truth-started), %s", q.r(), q.k(), q.d(), q.n(), q.driverCpuSeconds(), q.error(),
                q.ratio(), q.verdict());
    }

    static String line(LowRankBenchmark.Row l) {
        return String.format(Locale.ROOT, "low-rank  m = %2d, r = %d (d = %d), %s: driver CPU %8.2f s, errW %.3g, %s",
                l.m(), l.r(), l.d(), l.rows() == 0 ? "population moments" : String.format(Locale.ROOT, "%,d rows",
                        l.rows()), l.driverCpuSeconds(), l.errW(), l.verdict());
    }
}
