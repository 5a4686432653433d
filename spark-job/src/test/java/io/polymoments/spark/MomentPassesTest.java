package io.polymoments.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.polymoments.InvalidInputException;
import io.polymoments.datasets.GaussianSampler;
import io.polymoments.datasets.RowSampler;
import io.polymoments.datasets.SampleSet;
import io.polymoments.datasets.SampleSetGenerator;
import io.polymoments.datasets.SampleStream;
import io.polymoments.linalg.Matrices;
import io.polymoments.moments.MomentSketch;
import io.polymoments.moments.SketchAccumulator;
import io.polymoments.moments.SketchBundle;
import io.polymoments.store.SketchStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MomentPassesTest {
    private final SparkSession spark = SharedSpark.session();

    /** Skewed, correlated, shifted rows so that every order is non-trivial. */
    record SkewedSampler(int d, double[] mix) implements RowSampler {
        static SkewedSampler of(int d, long seed) {
            return new SkewedSampler(d, Matrices.gaussian(d, d, new Random(seed)));
        }

        @Override
        public int dim() {
            return d;
        }

        @Override
        public void sample(java.util.random.RandomGenerator rng, int rows, double[] out) {
            double[] g = new double[d];
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < d; c++) {
                    double x = rng.nextGaussian();
                    g[c] = x + 0.4 * x * x;
                }
                for (int i = 0; i < d; i++) {
                    double s = 3.0;
                    for (int c = 0; c < d; c++) {
                        s += mix[i + c * d] * g[c];
                    }
                    out[r * d + i] = s;
                }
            }
        }
    }

    static double relErr(double[] got, double[] want) {
        return Matrices.distance(got, want) / Matrices.frobeniusNorm(want);
    }

    private SampleSet samples(RowSampler sampler, long n, int partitions) {
        Dataset<Row> df = SampleSetGenerator.generate(spark, sampler, new SampleStream(5, n, 1000), partitions);
        return new SampleSet(df, sampler.dim(), false, "test");
    }

    @Test
    void sketchDoesNotDependOnPartitioning() {
        SkewedSampler sampler = SkewedSampler.of(4, 2);
        MomentPasses passes = new MomentPasses(spark);
        MomentSketch one = passes.sketch(samples(sampler, 20_000, 1), 4, null, InvalidRowPolicy.FAIL, "t").sketch().total();
        for (int parts : new int[] {3, 17}) {
            MomentSketch s = passes.sketch(samples(sampler, 20_000, parts), 4, null, InvalidRowPolicy.FAIL, "t")
                    .sketch().total();
            assertEquals(one.count(), s.count());
            assertTrue(relErr(s.mean(), one.mean()) < 1e-12);
            for (int q = 2; q <= 4; q++) {
                assertTrue(relErr(s.packedSum(q), one.packedSum(q)) < 1e-12, parts + " partitions, order " + q);
            }
        }
    }

    @Test
    void theSameInputGivesABitIdenticalSketchOnEveryRun() {
        // merges run in partition order, not in task-completion order (floating-point merges are not associative)
        SkewedSampler sampler = SkewedSampler.of(5, 3);
        SampleSet data = samples(sampler, 40_000, 9);
        MomentPasses passes = new MomentPasses(spark);
        MomentSketch first = passes.sketch(data, 4, null, InvalidRowPolicy.FAIL, "t").sketch().total();
        for (int run = 0; run < 4; run++) {
            MomentSketch again = passes.sketch(data, 4, null, InvalidRowPolicy.FAIL, "t").sketch().total();
            for (int q = 2; q <= 4; q++) {
                org.junit.jupiter.api.Assertions.assertArrayEquals(first.packedSum(q), again.packedSum(q), 0.0,
                        "run " + run + ", order " + q);
            }
            org.junit.jupiter.api.Assertions.assertArrayEquals(first.mean(), again.mean(), 0.0);
        }
        // a deeper tree (more levels of executor-side merges) gives the same sums up to rounding
        MomentPasses.PassResult deep = passes.sketch(samples(sampler, 40_000, 40), 4, null, InvalidRowPolicy.FAIL, "t");
        assertTrue(relErr(deep.sketch().total().packedSum(4), first.packedSum(4)) < 1e-12);
        assertEquals(40_000, deep.sketch().count());
    }

    @Test
    void heldOutRowsAreTheSameForAnyPartitioningAndTheRestIsSketched() {
        SkewedSampler sampler = SkewedSampler.of(3, 4);
        int n = 30_000;
        // hold out 10% and hand every held-out row back with the sketch
        RowSplit split = new RowSplit(17L, 0.1).keeping(0.1);
        MomentPasses passes = new MomentPasses(spark);
        MomentPasses.PassPlan plan = MomentPasses.PassPlan.raw(3).withSplit(split);
        MomentPasses.PassResult one = passes.sketch(samples(sampler, n, 1), plan, InvalidRowPolicy.FAIL, "t");
        // Binomial(n, 0.1) held out, the rest sketched
        assertTrue(Math.abs(one.heldOutRows() - 0.1 * n) < 5 * Math.sqrt(n * 0.09), "held out " + one.heldOutRows());
        assertEquals(n, one.heldOutRows() + one.sketch().count());
        double[] heldOne = one.keptRows();
        assertEquals(one.heldOutRows() * 3, heldOne.length);
        // the held-out rows and the sketched rows together are every row: their merged sketch is the full one
        SketchAccumulator acc = new SketchAccumulator(3, 3, null);
        for (int i = 0; i < heldOne.length / 3; i++) {
            acc.add(java.util.Arrays.copyOfRange(heldOne, 3 * i, 3 * i + 3));
        }
        MomentSketch merged = acc.finish().total().mergeInPlace(one.sketch().total());
        MomentSketch all = passes.sketch(samples(sampler, n, 1), 3, null, InvalidRowPolicy.FAIL, "t").sketch().total();
        assertEquals(all.count(), merged.count());
        assertTrue(relErr(merged.packedSum(3), all.packedSum(3)) < 1e-12);
        assertTrue(relErr(merged.covariance(), all.covariance()) < 1e-12);
        for (int parts : new int[] {4, 13}) {
            MomentPasses.PassResult p = passes.sketch(samples(sampler, n, parts), plan, InvalidRowPolicy.FAIL, "t");
            assertEquals(one.heldOutRows(), p.heldOutRows());
            assertTrue(relErr(p.sketch().total().packedSum(3), one.sketch().total().packedSum(3)) < 1e-12);
            assertTrue(relErr(p.sketch().total().covariance(), one.sketch().total().covariance()) < 1e-12);
            double[] held = p.keptRows();
            assertEquals(sortedRows(heldOne, 3), sortedRows(held, 3), parts + " partitions hold out other rows");
        }
        // another seed holds out another set of about the same size
        RowSplit other = new RowSplit(18L, 0.1).keeping(0.1);
        double[] heldOther = passes.sketch(samples(sampler, n, 1), MomentPasses.PassPlan.raw(3).withSplit(other),
                InvalidRowPolicy.FAIL, "t").keptRows();
        java.util.Set<List<Double>> a = new java.util.HashSet<>(sortedRows(heldOne, 3));
        a.retainAll(sortedRows(heldOther, 3));
        assertTrue(a.size() < 0.2 * heldOther.length / 3, "overlap " + a.size() + " (independent sets share ~10%)");
    }

    private static List<List<Double>> sortedRows(double[] rowMajor, int d) {
        List<List<Double>> rows = new java.util.ArrayList<>();
        for (int i = 0; i < rowMajor.length / d; i++) {
            List<Double> r = new java.util.ArrayList<>();
            for (int j = 0; j < d; j++) {
                r.add(rowMajor[i * d + j]);
            }
            rows.add(r);
        }
        rows.sort((x, y) -> {
            for (int j = 0; j < d; j++) {
                int c = Double.compare(x.get(j), y.get(j));
                if (c != 0) {
                    return c;
                }
            }
            return 0;
        });
        return rows;
    }

    @Test
    void distributedSketchEqualsTheLocalOne() {
        SkewedSampler sampler = SkewedSampler.of(3, 9);
        SampleStream stream = new SampleStream(5, 7_000, 1000);
        SketchAccumulator acc = new SketchAccumulator(3, 3, null);
        for (double[] r : SampleSetGenerator.collectLocally(sampler, stream)) {
            acc.add(r);
        }
        MomentSketch local = acc.finish().total();
        MomentSketch dist = new MomentPasses(spark).sketch(samples(sampler, 7_000, 4), 3, null, InvalidRowPolicy.FAIL, "t")
                .sketch().total();
        assertTrue(relErr(dist.packedSum(3), local.packedSum(3)) < 1e-12);
        assertTrue(relErr(dist.covariance(), local.covariance()) < 1e-12);
    }

    @Test
    void whitenedPassHasIdentityCovarianceAndMatchesContraction() {
        SkewedSampler sampler = SkewedSampler.of(5, 4);
        SketchJob.Result r = new SketchJob(spark).run(samples(sampler, 30_000, 3), 3, true, "auto", InvalidRowPolicy.FAIL);
        assertEquals(5, r.whitening().rank());
        MomentSketch z = r.bundle().whitened().total();
        assertTrue(Matrices.distance(z.covariance(), Matrices.identity(5)) < 1e-10);
        for (double m : z.mean()) {
            assertEquals(0.0, m, 1e-10);
        }
    }

    /** Directional sums: totals equal Σ(θᵀz)^4 computed from the whitened order-4 sketch, for any partitioning. */
    @Test
    void directionalFourthPowersMatchTheOrderFourSketch() {
        SkewedSampler sampler = SkewedSampler.of(3, 6);
        for (int parts : new int[] {1, 5}) {
            SketchJob.Result r = new SketchJob(spark).run(samples(sampler, 8_000, parts), 4, true, "3", 4, 11L,
                    InvalidRowPolicy.FAIL);
            MomentSketch z = r.bundle().whitened().total();
            double[] m4 = z.fourthCentralMoment();
            var dir = r.bundle().directional();
            for (int l = 0; l < 4; l++) {
                double[] t = java.util.Arrays.copyOfRange(dir.directions(), l * 3, l * 3 + 3);
                double want = 0;
                for (int i = 0; i < 81; i++) {
                    want += m4[i] * t[i / 27] * t[(i / 9) % 3] * t[(i / 3) % 3] * t[i % 3];
                }
                double total = 0;
                long count = 0;
                for (int b = 0; b < dir.nBatches(); b++) {
                    total += dir.sums()[b * 4 + l];
                    count += dir.counts()[b];
                }
                assertEquals(8_000, count);
                // z is centred on the pass-1 mean, so Σ(θᵀz)^4/n is the fourth central moment up to O(mean²) ≈ 0
                assertEquals(want, total / count, 1e-9 * want);
            }
        }
    }

    @Test
    void sketchRoundTripThroughParquetIsExact(@TempDir Path dir) {
        SkewedSampler sampler = SkewedSampler.of(3, 1);
        SketchJob.Result r = new SketchJob(spark).run(samples(sampler, 5_000, 2), 4, true, "2", 5, 7L,
                InvalidRowPolicy.FAIL);
        SketchStore store = new SketchStore(spark);
        String path = dir.resolve("sketch").toString();
        store.save(r.bundle(), path, false);
        SketchBundle back = store.load(path);
        for (int h = 0; h < 2; h++) {
            assertTrue(back.raw().half(h).sameState(r.bundle().raw().half(h)));
            assertTrue(back.whitened().half(h).sameState(r.bundle().whitened().half(h)));
        }
        assertEquals(2, back.whitened().dim());
        assertTrue(java.util.Arrays.equals(back.directional().sums(), r.bundle().directional().sums()));
        assertTrue(java.util.Arrays.equals(back.directional().counts(), r.bundle().directional().counts()));
        assertTrue(java.util.Arrays.equals(back.directional().directions(), r.bundle().directional().directions()));
        // no temporary directories are left beside the output
        assertEquals(List.of("sketch"), list(dir));
    }

    @Test
    void existingOutputIsNotOverwrittenUnlessAsked(@TempDir Path dir) throws Exception {
        SketchJob.Result r = new SketchJob(spark).run(samples(SkewedSampler.of(2, 1), 500, 1), 2, false, null,
                InvalidRowPolicy.FAIL);
        String path = dir.resolve("s").toString();
        SketchStore store = new SketchStore(spark);
        store.save(r.bundle(), path, false);
        InvalidInputException ex = assertThrows(InvalidInputException.class, () -> store.save(r.bundle(), path, false));
        assertTrue(ex.getMessage().contains("--overwrite"));
        store.save(r.bundle(), path, true);
        assertTrue(store.load(path).raw().total().sameState(r.bundle().raw().total()));
    }

    @Test
    void truncatedOrForeignSketchIsRefusedClearly(@TempDir Path dir) throws Exception {
        SketchJob.Result r = new SketchJob(spark).run(samples(SkewedSampler.of(2, 1), 500, 1), 2, false, null,
                InvalidRowPolicy.FAIL);
        String path = dir.resolve("s").toString();
        new SketchStore(spark).save(r.bundle(), path, false);
        Path part;
        try (var files = Files.list(Path.of(path))) {
            part = files.filter(p -> p.getFileName().toString().endsWith(".parquet")).findFirst().orElseThrow();
        }
        byte[] bytes = Files.readAllBytes(part);
        Files.write(part, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        Files.deleteIfExists(part.resolveSibling("." + part.getFileName() + ".crc"));
        InvalidInputException ex = assertThrows(InvalidInputException.class, () -> new SketchStore(spark).load(path));
        assertTrue(ex.getMessage().contains(path), ex.getMessage());

        String foreign = dir.resolve("foreign").toString();
        spark.range(3).write().parquet(foreign);
        InvalidInputException ex2 = assertThrows(InvalidInputException.class, () -> new SketchStore(spark).load(foreign));
        assertTrue(ex2.getMessage().contains("no column"), ex2.getMessage());
    }

    @Test
    void gaussianSketchHasTheGeneratorsCovariance() {
        int d = 3;
        double[] factor = Matrices.gaussian(d, d, new Random(3));
        GaussianSampler g = new GaussianSampler(new double[] {1, 2, 3}, factor);
        MomentSketch s = new MomentPasses(spark).sketch(samples(g, 100_000, 2), 2, null, InvalidRowPolicy.FAIL, "t")
                .sketch().total();
        double[] cov = Matrices.multiply(false, factor, true, factor, d, d, d);
        assertTrue(relErr(s.covariance(), cov) < 0.03);
        assertFalse(s.isEmpty());
    }

    static List<String> list(Path dir) {
        try (var s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
