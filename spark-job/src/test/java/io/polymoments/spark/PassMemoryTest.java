package io.polymoments.spark;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.polymoments.InvalidInputException;
import io.polymoments.cli.CliInputErrorsTest;
import io.polymoments.cli.PolymomentsCli;
import io.polymoments.datasets.SampleReader;
import io.polymoments.datasets.SampleSet;
import io.polymoments.generate.Generate;
import io.polymoments.generate.GeneratorKind;
import io.polymoments.moments.Basis;
import io.polymoments.moments.SketchAccumulator;
import io.polymoments.moments.SplitHalfSketch;
import java.io.ByteArrayOutputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pass's memory and result-size plan against real sketches and against the limits it must refuse. */
class PassMemoryTest {

    private static long serializedSize(Object o) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(o);
        }
        return bytes.size();
    }

    private static SplitHalfSketch sketchOf(int d, int order, Basis basis, int rows) {
        SketchAccumulator acc = new SketchAccumulator(order, d, basis);
        Random rng = new Random(d * 31L + order);
        double[] row = new double[d];
        for (int r = 0; r < rows; r++) {
            for (int i = 0; i < d; i++) {
                row[i] = rng.nextGaussian();
            }
            acc.add(row);
        }
        return acc.finish();
    }

    /**
     * The estimate counts the doubles of a sketch and leaves out Java serialization's headers and class descriptors
     * (about a kilobyte per stream): within 10% of the real serialized partition sketch from ~10 KB on (within 1% from
     * a megabyte on), and the sizes that matter are megabytes to gigabytes.
     */
    @ParameterizedTest
    @CsvSource({"40,2,0", "12,4,0", "40,3,0", "30,4,8", "60,4,0"})
    void theSketchEstimateIsTheSerializedSizeOfARealPartitionSketch(int d, int order, int whitenTo) throws Exception {
        Basis basis = null;
        MomentPasses.PassPlan plan = MomentPasses.PassPlan.raw(order);
        if (whitenTo > 0) {
            basis = new Basis(d, whitenTo, new double[d], new double[d * whitenTo]);
            plan = MomentPasses.PassPlan.projected(basis, order, null);
        }
        SplitHalfSketch s = sketchOf(d, order, basis, 300);
        PartitionSketch part = whitenTo > 0 ? new PartitionSketch(null, s, null, 0, null, 0, null, new double[d])
                : new PartitionSketch(s, null, null, 0, null, 0, null, new double[d]);
        double ratio = PassMemory.estimate(d, plan, 1, 1).sketch() / (double) serializedSize(part);
        assertTrue(ratio >= 0.9 && ratio <= 1.0, "estimate/actual " + ratio);
    }

    /** C(d + q − 1, q), the packed size, counted from its closed form. */
    private static long packed(long d, int q) {
        return switch (q) {
            case 2 -> d * (d + 1) / 2;
            case 3 -> d * (d + 1) * (d + 2) / 6;
            default -> d * (d + 1) * (d + 2) * (d + 3) / 24;
        };
    }

    /**
     * The plan's figures are the packed arrays' sizes: a sketch is two halves of d + C(d+1,2) + … + C(d+q−1,q) doubles,
     * a task holds its sketch and then the serialized copy of its result (the tiled kernel's scratch is smaller than
     * either), the driver both collected sketches, each also twice serialized while it arrives, and the largest array
     * being written, and the result both sketches.
     */
    @ParameterizedTest
    @CsvSource({"4,200", "3,1000", "4,100"})
    void thePlansFiguresAreThePackedSizes(int order, int d) {
        long half = d + packed(d, 2) + packed(d, 3) + (order == 4 ? packed(d, 4) : 0);
        long sketch = 16 * half;
        PassMemory.Limits limits = new PassMemory.Limits(true, 64L << 30, 2, 64L << 30, 0);
        PassMemory.Plan plan = PassMemory.plan(order, d, 2, limits);
        assertEquals(sketch, plan.sketchBytes());
        assertEquals(2 * sketch, plan.taskBytes());
        assertEquals(4 * sketch, plan.executorBytes());
        assertEquals(2 * sketch, plan.resultBytes());
        assertEquals(6 * sketch + 8 * packed(d, order), plan.driverBytes());
        assertEquals(6 * sketch + 8 * packed(d, order), plan.peakBytes());
        assertEquals(PassMemory.FITS, plan.status());
    }

    /** The largest heap a message asks for through POLYMOMENTS_DRIVER_MEMORY. */
    private static long askedHeap(String message) {
        Matcher m = Pattern.compile("POLYMOMENTS_DRIVER_MEMORY=(\\d+)g").matcher(message);
        long heap = 0;
        while (m.find()) {
            heap = Math.max(heap, Long.parseLong(m.group(1)) << 30);
        }
        assertTrue(heap > 0, message);
        return heap;
    }

    /**
     * Raw order 4 in 200 dimensions over two partitions on a 6 GB local JVM with two cores: the tasks fit — each holds
     * its 1.04 GB sketch and then its serialized copy, no longer the 3.0 GB Gram matrix of its block's square — but the
     * driver receiving both results does not, and the heap the message asks for holds everything.
     */
    @Test
    void rawOrderFourInTwoHundredDimensionsNeedsMoreOnlyOnTheDriver() {
        PassMemory.Estimate e = PassMemory.estimate(200, MomentPasses.PassPlan.raw(4), 2, 2);
        PassMemory.Limits sixGigabytes = new PassMemory.Limits(true, 6L << 30, 2, 6L << 30, 6L << 30);
        String m = assertThrows(InvalidInputException.class, () -> PassMemory.check(e, sixGigabytes, "y")).getMessage();
        assertFalse(m.contains("each task needs"), m);
        assertTrue(m.contains("the driver needs"), m);
        long heap = askedHeap(m);
        assertDoesNotThrow(() -> PassMemory.check(e, new PassMemory.Limits(true, heap, 2, heap, heap), "y"));
    }

    /** The plan a benchmark prints says what does not fit and the settings that make it fit. */
    @Test
    void aPlanThatDoesNotFitSaysWhatToSet() {
        PassMemory.Plan plan = PassMemory.plan(3, 1000, 2, new PassMemory.Limits(true, 6L << 30, 2, 6L << 30, 1L << 30));
        assertTrue(!plan.fits() && plan.status().startsWith("a raw order-3 pass in 1000 dimensions would not fit"),
                plan.status());
        long heap = askedHeap(plan.status());
        assertTrue(plan.status().contains("--conf spark.driver.maxResultSize=6g"), plan.status());
        assertTrue(PassMemory.plan(3, 1000, 2, new PassMemory.Limits(true, heap, 2, heap, 6L << 30)).fits());
    }

    @Test
    void aResultAboveMaxResultSizeIsRefusedNamingTheSettingAndTheSuggestedValueSuffices() {
        // order 4 in 60 raw dimensions: 10 MB per partition sketch, two partitions collected
        PassMemory.Estimate e = PassMemory.estimate(60, MomentPasses.PassPlan.raw(4), 2, 2);
        PassMemory.Limits small = new PassMemory.Limits(true, 8L << 30, 2, 8L << 30, 10L << 20);
        InvalidInputException x = assertThrows(InvalidInputException.class, () -> PassMemory.check(e, small, "data/"));
        Matcher m = Pattern.compile("--conf spark.driver\\.maxResultSize=(\\d+)([mg])").matcher(x.getMessage());
        assertTrue(m.find(), x.getMessage());
        assertTrue(x.getMessage().contains("data/"), x.getMessage());
        long suggested = Long.parseLong(m.group(1)) << (m.group(2).equals("g") ? 30 : 20);
        PassMemory.Limits raised = new PassMemory.Limits(true, 8L << 30, 2, 8L << 30, suggested);
        assertDoesNotThrow(() -> PassMemory.check(e, raised, "data/"));
    }

    @Test
    void executorsTooSmallForTheKernelAreRefusedNamingExecutorMemory() {
        // order 4 in 120 raw dimensions: the block's 7260 x 7260 Gram matrix alone is 420 MB per task
        PassMemory.Estimate e = PassMemory.estimate(120, MomentPasses.PassPlan.raw(4), 40, 4);
        PassMemory.Limits cluster = new PassMemory.Limits(false, 1L << 30, 4, 8L << 30, 0);
        InvalidInputException x = assertThrows(InvalidInputException.class, () -> PassMemory.check(e, cluster, "y"));
        assertTrue(x.getMessage().contains("--executor-memory, i.e. spark.executor.memory"), x.getMessage());
        assertTrue(x.getMessage().contains("--whiten"), x.getMessage());
        Matcher m = Pattern.compile("give it ([0-9.]+) GB").matcher(x.getMessage());
        assertTrue(m.find(), x.getMessage());
        long suggested = (long) Math.ceil(Double.parseDouble(m.group(1)) * (1L << 30)) + (1L << 20);
        assertDoesNotThrow(() -> PassMemory.check(e, new PassMemory.Limits(false, suggested, 4, 8L << 30, 0), "y"));
    }

    @Test
    void aDriverTooSmallToMergeIsRefusedNamingDriverMemory() {
        PassMemory.Estimate e = PassMemory.estimate(60, MomentPasses.PassPlan.raw(4), 2, 1);
        PassMemory.Limits tiny = new PassMemory.Limits(false, 8L << 30, 1, 320L << 20, 0);
        InvalidInputException x = assertThrows(InvalidInputException.class, () -> PassMemory.check(e, tiny, "y"));
        assertTrue(x.getMessage().contains("--driver-memory"), x.getMessage());
    }

    /** A raw order-4 pass too large for the JVM is refused with the figures before its Spark job runs. */
    @Test
    void rawOrderFourInTwoHundredDimensionsIsRefusedBeforeThePass(@TempDir Path dir) {
        SparkSession spark = SharedSpark.session();
        String data = Generate.kind(GeneratorKind.GAUSSIAN).d(200).n(60).seed(1).into(spark, dir.resolve("data")
                .toString());
        SampleSet samples = new SampleReader(spark).read(data, null, SampleSet.COLUMN, List.of(), null);
        AtomicInteger passJobs = new AtomicInteger();
        SparkListener counter = new SparkListener() {
            @Override
            public void onJobStart(SparkListenerJobStart jobStart) {
                // the listener bus is asynchronous: generate's jobs may still arrive; a pass's label is "pass i/n: …"
                String description = jobStart.properties().getProperty("spark.job.description", "");
                if (description.startsWith("pass ")) {
                    passJobs.incrementAndGet();
                }
            }
        };
        spark.sparkContext().addSparkListener(counter);
        InvalidInputException e;
        try {
            e = assertThrows(InvalidInputException.class,
                    () -> new SketchJob(spark).run(samples, 4, false, "auto", InvalidRowPolicy.FAIL));
        } finally {
            spark.sparkContext().removeSparkListener(counter);
        }
        // a 1.04 GB sketch, 3.0 GB of dsyrk output per 128-row block: neither this test JVM's heap nor the default
        // spark.driver.maxResultSize (1g) holds it
        String m = e.getMessage();
        assertTrue(m.contains("would not fit in memory"), m);
        assertTrue(m.contains("--driver-memory"), m);
        assertTrue(m.contains("--conf spark.driver.maxResultSize=2g"), m);
        assertTrue(m.contains("--whiten"), m);
        assertEquals(0, passJobs.get(), "pass jobs started before the refusal");
    }

    /** Through the command line: exit 2, the figure and the settings to change, and no output directory. */
    @Test
    void aMomentsCommandThatCannotFitExitsTwoAndWritesNothing(@TempDir Path dir) {
        SparkSession spark = SharedSpark.session();
        String data = Generate.kind(GeneratorKind.GAUSSIAN).d(200).n(60).seed(2).into(spark, dir.resolve("data")
                .toString());
        Path out = dir.resolve("sketch");
        CliInputErrorsTest.Run r = CliInputErrorsTest.run("moments", "--input", data, "--order", "4", "--out",
                out.toString());
        assertEquals(PolymomentsCli.EXIT_BAD_INPUT, r.code(), r.err());
        assertTrue(r.err().contains("would not fit in memory") && r.err().contains("POLYMOMENTS_DRIVER_MEMORY=")
                && r.err().contains("--conf spark.driver.maxResultSize=") && r.err().contains("--order"), r.err());
        assertFalse(Files.exists(out), "nothing may be written");
    }
}
