package io.polymoments.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.polymoments.InvalidInputException;
import io.polymoments.datasets.SampleFormat;
import io.polymoments.decompose.DenseTensor;
import io.polymoments.decompose.TensorRing;
import io.polymoments.decompose.TensorRingDecomposition;
import io.polymoments.spark.SharedSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A tensor read from its coordinate form: independent of how the rows are stored, and refused when incomplete. */
class RingIoTest {
    private final SparkSession spark = SharedSpark.session();
    @TempDir
    Path tmp;

    /** The same noisy tensor stored in 1 file or shuffled over 7: identical cores (the work split does not matter). */
    @Test
    void storageLayoutAndRowOrderDoNotChangeTheResult() {
        DenseTensor t = io.polymoments.decompose.RandomRingTensor.generate(new int[] {12, 12, 12},
                new int[] {2, 2, 2}, 1e-3, 9).tensor();
        Path one = TensorFiles.writeParquet(tmp.resolve("one.parquet"), t);
        spark.read().parquet(one.toString()).orderBy(org.apache.spark.sql.functions.rand(5)).repartition(7)
                .write().parquet(tmp.resolve("seven.parquet").toString());
        TensorRing[] rings = new TensorRing[2];
        String[] names = {"one", "seven"};
        for (int k = 0; k < 2; k++) {
            DenseTensor read = new RingIo(spark).readTensor(tmp.resolve(names[k] + ".parquet").toString(), null);
            rings[k] = new TensorRingDecomposition().ranks(2, 2, 2).seed(11).fit(read).ring();
        }
        for (int n = 0; n < 3; n++) {
            assertArrayEquals(rings[0].cores().get(n), rings[1].cores().get(n), 0.0, "core " + n);
        }
    }

    private void assertRefused(Path csv, String expected) {
        String m = assertThrows(InvalidInputException.class,
                () -> new RingIo(spark).readTensor(csv.toString(), SampleFormat.CSV)).getMessage();
        assertTrue(m.contains(expected), "message should contain '" + expected + "' but was: " + m);
    }

    @Test
    void incompleteOrMalformedTensorsAreRefusedSayingWhatFailed() throws IOException {
        DenseTensor t = TensorRing.random(new int[] {4, 5, 6}, new int[] {2, 2, 2}, new Random(6)).full();
        assertRefused(TensorFiles.writeCsv(tmp.resolve("dup.csv"), t, List.of("1,2,3,0.5"), -1),
                "duplicate entry at (1,2,3)");
        assertRefused(TensorFiles.writeCsv(tmp.resolve("missing.csv"), t, List.of(), 7),
                "missing 1 of its 120 entries");
        assertRefused(TensorFiles.writeCsv(tmp.resolve("frac.csv"), t, List.of("1.5,0,0,1.0"), -1), "invalid row");
        Path noValue = tmp.resolve("novalue.csv");
        Files.writeString(noValue, "i,j,k,v\n0,0,0,1\n");
        assertRefused(noValue, "no 'value' column");
    }
}
