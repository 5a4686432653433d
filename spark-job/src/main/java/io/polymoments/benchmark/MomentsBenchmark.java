package io.polymoments.benchmark;

import static io.polymoments.InvalidInputException.setting;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.sum;

import io.polymoments.InvalidInputException;
import io.polymoments.datasets.GaussianSampler;
import io.polymoments.datasets.SampleSet;
import io.polymoments.datasets.SampleSetGenerator;
import io.polymoments.datasets.SampleStream;
import io.polymoments.linalg.Matrices;
import io.polymoments.linalg.NetlibProvider;
import io.polymoments.moments.MomentSketch;
import io.polymoments.moments.SketchAccumulator;
import io.polymoments.spark.InvalidRowPolicy;
import io.polymoments.spark.MomentPasses;
import io.polymoments.tensor.PackedSymmetric;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.mllib.linalg.Vector;
import org.apache.spark.mllib.linalg.Vectors;
import org.apache.spark.mllib.linalg.distributed.RowMatrix;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * Pass 1 (mean + covariance) against MLlib's {@code RowMatrix.computeCovariance} and a Spark SQL scan floor on the
 * same cached data; the order-3 whitened kernel's GFLOP/s against a plain dgemm of the same shape, one thread.
 */
public final class MomentsBenchmark {

    /**
     * @param n       rows
     * @param d       dimension
     * @param k       whitened dimension of the order-3 kernel
     * @param repeats timed repetitions after one warm-up; the best is reported
     * @param seed    seed of the data
     */
    public record Config(long n, int d, int k, int repeats, long seed) {
        public Config {
            if (n < 1 || d < 1 || k < 1 || repeats < 1) {
                throw new InvalidInputException(setting("n") + ", " + setting("d") + ", " + setting("k") + " and "
                        + setting("repeats") + " must be >= 1, got " + n + ", " + d + ", " + k + " and " + repeats);
            }
        }
    }

    /** Seconds of each step (best of the repeats) and the kernel's throughput. */
    public record Result(long rows, int d, int k, int cores, double pass1Seconds, double mllibSeconds,
                         double scanSeconds, double kernelGflops, int kernelBlockRows, double dgemmGflops, String blas) {
        public Map<String, Object> json() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("n", rows);
            json.put("d", d);
            json.put("k", k);
            json.put("cores", cores);
            json.put("pass1Seconds", pass1Seconds);
            json.put("mllibCovarianceSeconds", mllibSeconds);
            json.put("scanFloorSeconds", scanSeconds);
            json.put("speedupVsMllibCovariance", mllibSeconds / pass1Seconds);
            json.put("ratioToScanFloor", pass1Seconds / scanSeconds);
            json.put("order3KernelGflops", kernelGflops);
            json.put("order3KernelBlockRows", kernelBlockRows);
            json.put("dgemmGflops", dgemmGflops);
            json.put("order3KernelFractionOfDgemm", kernelGflops / dgemmGflops);
            json.put("blas", blas);
            return json;
        }
    }

    private final Config c;

    private MomentsBenchmark(Config c) {
        this.c = c;
    }

    public static Result run(SparkSession spark, Config c) {
        return new MomentsBenchmark(c).run(spark);
    }

    private Result run(SparkSession spark) {
        int d = c.d();
        Random rng = new Random(c.seed());
        double[] factor = Matrices.gaussian(d, d, rng);
        double[] mean = new double[d];
        Arrays.fill(mean, 100.0);
        Dataset<Row> df = SampleSetGenerator.generate(spark, new GaussianSampler(mean, factor),
                new SampleStream(c.seed(), c.n()), spark.sparkContext().defaultParallelism() * 2)
                .persist(StorageLevel.MEMORY_ONLY());
        long rows = df.count();
        SampleSet samples = new SampleSet(df, d, false, "benchmark data " + c.n() + "x" + d);
        // MLlib gets its input as a cached RDD of Vectors, built outside the timing: the most generous comparison.
        JavaRDD<Vector> vectors = df.javaRDD().map(r -> {
            List<Double> l = r.getList(0);
            double[] v = new double[l.size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = l.get(i);
            }
            return Vectors.dense(v);
        }).persist(StorageLevel.MEMORY_ONLY());
        vectors.count();

        MomentPasses passes = new MomentPasses(spark);
        double ours = best(() -> passes.sketch(samples, 2, null, InvalidRowPolicy.FAIL, "benchmark pass 1"));
        double mllib = best(() -> new RowMatrix(vectors.rdd()).computeCovariance());
        Column[] sums = new Column[d];
        for (int i = 0; i < d; i++) {
            sums[i] = sum(col(SampleSet.COLUMN).getItem(i));
        }
        double scan = best(() -> df.agg(sums[0], Arrays.copyOfRange(sums, 1, d)).collectAsList());

        double[] kernel = order3Kernel();
        double[] gemm = sameShapeDgemm();
        vectors.unpersist(false);
        df.unpersist(false);
        return new Result(rows, d, c.k(), spark.sparkContext().defaultParallelism(), ours, mllib, scan, kernel[0],
                (int) kernel[1], gemm[0], NetlibProvider.describe());
    }

    private double best(Runnable r) {
        r.run(); // warm-up: JIT, broadcast and codegen caches
        double best = Double.MAX_VALUE;
        for (int i = 0; i < c.repeats(); i++) {
            long t = System.nanoTime();
            r.run();
            best = Math.min(best, (System.nanoTime() - t) / 1e9);
        }
        return best;
    }

    /** Rows through the order-3 accumulator in k dims; GFLOP/s counted as the GEMM's 2·rows·k(k+1)/2·k. */
    private double[] order3Kernel() {
        int rows = 200_000;
        Random rng = new Random(c.seed() + 1);
        double[] data = Matrices.gaussian(rows, c.k(), rng); // used row-major: row r = data[r*k .. r*k+k)
        int block = SketchAccumulator.defaultBlockRows(3, c.k());
        double flops = 2.0 * rows * PackedSymmetric.size(c.k(), 2) * c.k();
        double best = Double.MAX_VALUE;
        for (int rep = 0; rep <= c.repeats(); rep++) {
            long t = System.nanoTime();
            SketchAccumulator acc = new SketchAccumulator(3, c.k(), null, block);
            for (int r = 0; r < rows; r++) {
                acc.add(data, r * c.k());
            }
            MomentSketch s = acc.finish().total();
            double secs = (System.nanoTime() - t) / 1e9;
            if (rep > 0 && s.count() == rows) {
                best = Math.min(best, secs);
            }
        }
        return new double[] {flops / best / 1e9, block};
    }

    /** The same (k(k+1)/2 × b)·(b × k) products the kernel performs, with nothing else around them. */
    private double[] sameShapeDgemm() {
        int block = SketchAccumulator.defaultBlockRows(3, c.k());
        int p2 = (int) PackedSymmetric.size(c.k(), 2);
        int calls = Math.max(1, 200_000 / block);
        Random rng = new Random(c.seed() + 2);
        double[] s = Matrices.gaussian(block, p2, rng);
        double[] z = Matrices.gaussian(block, c.k(), rng);
        double[] h = new double[p2 * c.k()];
        double best = Double.MAX_VALUE;
        for (int rep = 0; rep <= c.repeats(); rep++) {
            long t = System.nanoTime();
            for (int call = 0; call < calls; call++) {
                NetlibProvider.blas().dgemm("T", "N", p2, c.k(), block, 1.0, s, block, z, block, 0.0, h, p2);
            }
            double secs = (System.nanoTime() - t) / 1e9;
            if (rep > 0) {
                best = Math.min(best, secs);
            }
        }
        return new double[] {2.0 * calls * block * (double) p2 * c.k() / best / 1e9};
    }
}
