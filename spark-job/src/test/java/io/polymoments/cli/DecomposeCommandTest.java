package io.polymoments.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.polymoments.decompose.DenseTensor;
import io.polymoments.decompose.GaugeAlignment;
import io.polymoments.decompose.TensorRing;
import io.polymoments.spark.SharedSpark;
import io.polymoments.store.RingIo;
import io.polymoments.store.TensorFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code decompose} end to end: it reads the tensor, parses the ranks and runs the decomposition itself (there is no
 * service behind it), then {@code export --ring} of what it wrote.
 */
class DecomposeCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    static CliInputErrorsTest.Run run(String... args) {
        SparkSession.setActiveSession(SharedSpark.session());
        return CliInputErrorsTest.run(args);
    }

    /** tr(G0[:,i0,:] G1[:,i1,:] ...) straight from the exported nested lists. */
    static double entryFromExport(JsonNode cores, int... idx) {
        double[][] m = null;
        for (int n = 0; n < idx.length; n++) {
            JsonNode c = cores.get(n);
            int rn = c.size();
            int rn1 = c.get(0).get(0).size();
            double[][] s = new double[rn][rn1];
            for (int a = 0; a < rn; a++) {
                for (int b = 0; b < rn1; b++) {
                    s[a][b] = c.get(a).get(idx[n]).get(b).asDouble();
                }
            }
            if (m == null) {
                m = s;
            } else {
                double[][] p = new double[m.length][rn1];
                for (int a = 0; a < m.length; a++) {
                    for (int k = 0; k < rn; k++) {
                        for (int b = 0; b < rn1; b++) {
                            p[a][b] += m[a][k] * s[k][b];
                        }
                    }
                }
                m = p;
            }
        }
        double tr = 0;
        for (int a = 0; a < m.length; a++) {
            tr += m[a][a];
        }
        return tr;
    }

    @Test
    void decomposesACsvTensorAndExportsTheRing() throws IOException {
        TensorRing truth = TensorRing.random(new int[] {10, 10, 10}, new int[] {2, 2, 2}, new Random(4));
        DenseTensor t = truth.full();
        Path csv = TensorFiles.writeCsv(tmp.resolve("t.csv"), t, List.of(), -1);
        Path out = tmp.resolve("ring");
        CliInputErrorsTest.Run r = run("decompose", "--tensor", csv.toString(), "--format", "csv", "--ranks", "2,2,2", "--out", out.toString(),
                "--seed", "3");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("tensor [10, 10, 10], ranks [2, 2, 2], init spectral: relative error ")
                && r.out().contains("wrote " + out), r.out());
        JsonNode summary = JSON.readTree(out.resolve("summary.json").toFile());
        assertTrue(summary.get("reconstructionError").asDouble() < 1e-10, summary.toString());
        assertEquals(0, summary.get("diagnostics").get("sweeps").asInt());
        assertTrue(summary.get("diagnostics").get("clusterSepRatio").asDouble() < 1e-8);
        TensorRing ring = new RingIo(SharedSpark.session()).readRing(out.toString());
        assertTrue(ring.relativeError(t) < 1e-10);
        assertTrue(GaugeAlignment.coreError(ring, truth) < 1e-9);
        // the Parquet cores are the columns core, a, i, b, value
        assertEquals(List.of("core", "a", "i", "b", "value"),
                List.of(SharedSpark.session().read().parquet(out.resolve("cores").toString()).columns()));

        Path json = tmp.resolve("ring.json");
        CliInputErrorsTest.Run e = run("export", "--ring", out.toString(), "--format", "json", "--out", json.toString());
        assertEquals(0, e.code(), e.err());
        JsonNode exported = JSON.readTree(json.toFile());
        assertEquals("[2,2,2]", exported.get("ranks").toString());
        JsonNode cores = exported.get("cores");
        assertEquals(3, cores.size());
        assertEquals(2, cores.get(1).size());
        assertEquals(10, cores.get(1).get(0).size());
        assertEquals(2, cores.get(1).get(0).get(0).size());
        for (int[] idx : new int[][] {{0, 0, 0}, {9, 4, 7}, {3, 8, 1}}) {
            assertEquals(t.get(idx), entryFromExport(cores, idx), 1e-10);
        }
    }

    @Test
    void decomposesAParquetOrder4TensorWithEstimatedRanks() {
        TensorRing truth = TensorRing.random(new int[] {8, 8, 8, 8}, new int[] {2, 3, 2, 3}, new Random(5));
        DenseTensor t = truth.full();
        Path pq = TensorFiles.writeParquet(tmp.resolve("t.parquet"), t);
        Path out = tmp.resolve("ring4");
        CliInputErrorsTest.Run r = run("decompose", "--tensor", pq.toString(), "--ranks", "auto", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        TensorRing ring = new RingIo(SharedSpark.session()).readRing(out.toString());
        assertArrayEquals(new int[] {2, 3, 2, 3}, ring.ranks());
        assertTrue(ring.relativeError(t) < 1e-10);
        // an existing output is not overwritten without --overwrite
        CliInputErrorsTest.Run again = run("decompose", "--tensor", pq.toString(), "--ranks", "auto", "--out", out.toString());
        assertEquals(2, again.code());
        assertTrue(again.err().contains("already exists"), again.err());
    }

    @Test
    void ranksTheTensorCannotHaveExitWithCode2AndSayWhatFailed() throws IOException {
        DenseTensor t = TensorRing.random(new int[] {4, 5, 6}, new int[] {2, 2, 2}, new Random(6)).full();
        Path good = TensorFiles.writeCsv(tmp.resolve("good.csv"), t, List.of(), -1);

        // r1*r2 = 9 > d1 = 4 and no other orientation fits either
        assertFails("d1=4 < r1*r2=9", "decompose", "--tensor", good.toString(), "--ranks", "3,3,3", "--out",
                tmp.resolve("o5").toString());
        assertFails("has 2 values but the tensor has order 3", "decompose", "--tensor", good.toString(), "--ranks", "2,2",
                "--out", tmp.resolve("o6").toString());
        assertFails("init must be", "decompose", "--tensor", good.toString(), "--ranks", "2,2,2", "--init", "svd",
                "--out", tmp.resolve("o7").toString());
        assertTrue(!Files.exists(tmp.resolve("o5")), "no output after a failure");
    }

    @Test
    void inconsistentRanksAreDiagnosedWhenEstimating() throws IOException {
        DenseTensor t = TensorRing.random(new int[] {20, 20, 5}, new int[] {2, 5, 3}, new Random(2)).full();
        Path csv = TensorFiles.writeCsv(tmp.resolve("capped.csv"), t, List.of(), -1);
        assertFails("not consistent with a generic tensor ring", "decompose", "--tensor", csv.toString(), "--ranks",
                "auto", "--out", tmp.resolve("o").toString());
    }

    private static void assertFails(String expected, String... args) {
        CliInputErrorsTest.Run r = run(args);
        assertEquals(2, r.code(), "exit code; stderr: " + r.err());
        assertTrue(r.err().contains(expected), "stderr should contain '" + expected + "' but was: " + r.err());
    }
}
