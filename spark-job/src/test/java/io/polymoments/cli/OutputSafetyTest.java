package io.polymoments.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.polymoments.moments.SketchBundle;
import io.polymoments.spark.SharedSpark;
import io.polymoments.store.SketchStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Never lose a user's data, through the command line: outputs that never overlap inputs, --overwrite that replaces
 * only our own outputs, all-or-nothing commands, the final move that loses to a concurrent writer, sketch ids.
 */
class OutputSafetyTest {
    private final SparkSession spark = SharedSpark.session();
    @TempDir
    Path dir;
    private String data;

    @BeforeEach
    void samples() {
        data = p("data");
        ok("generate", "--kind", "quadratic", "--r", "2", "--n", "4000", "--seed", "3", "--out", data);
    }

    private String p(String name) {
        return dir.resolve(name).toString();
    }

    private static CliInputErrorsTest.Run ok(String... args) {
        CliInputErrorsTest.Run r = CliInputErrorsTest.run(args);
        assertEquals(0, r.code(), r.err());
        return r;
    }

    private static void refused(CliInputErrorsTest.Run r, String... mustContain) {
        assertEquals(PolymomentsCli.EXIT_BAD_INPUT, r.code(), r.err());
        for (String s : mustContain) {
            assertTrue(r.err().contains(s), "message should mention '" + s + "': " + r.err());
        }
    }

    private long rows(String path) {
        return spark.read().parquet(path).count();
    }

    /** Hidden temporaries (ours: .NAME.tmp-*) anywhere under the test directory. */
    private List<Path> temporaries() throws Exception {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(q -> q.getFileName().toString().contains(".tmp-")).toList();
        }
    }

    @Test
    void anOutputThatIsTheInputIsRefusedAndTheInputSurvives() throws Exception {
        refused(CliInputErrorsTest.run("fit", "--input", data, "--model", "quadratic", "--out", data, "--overwrite"),
                "the same path as", "--input");
        refused(CliInputErrorsTest.run("moments", "--input", data, "--out", data, "--overwrite"), "the same path as");
        refused(CliInputErrorsTest.run("moments", "--input", data, "--out", data + "/sketch"), "lies inside");
        refused(CliInputErrorsTest.run("moments", "--input", dir.resolve("data").resolve(".").toString(), "--out",
                "file://" + data, "--overwrite"), "the same path as");
        assertEquals(4000, rows(data));
        assertTrue(Files.exists(dir.resolve("data/_truth.json")));
        assertTrue(temporaries().isEmpty());
    }

    @Test
    void anOutputReachedThroughASymbolicLinkOrContainingTheInputIsRefused() throws Exception {
        Path link = dir.resolve("link");
        Files.createSymbolicLink(link, dir.resolve("data"));
        refused(CliInputErrorsTest.run("moments", "--input", data, "--out", link.toString(), "--overwrite"),
                "the same path as");
        ok("generate", "--kind", "gaussian", "--d", "2", "--n", "500", "--out", p("root/dt=2026-01-01"));
        refused(CliInputErrorsTest.run("moments", "--input", p("root/dt=2026-01-01"), "--out", p("root"),
                "--overwrite"), "contains");
        refused(CliInputErrorsTest.run("moments", "--input", p("root/dt=*"), "--out", p("root/dt=2026-01-01/x")),
                "lies inside");
        assertEquals(4000, rows(data));
        assertEquals(500, rows(p("root/dt=2026-01-01")));
    }

    @Test
    void overwriteReplacesOnlyOurOwnOutputs() throws Exception {
        Path foreign = Files.createDirectories(dir.resolve("mine"));
        Files.writeString(foreign.resolve("thesis.tex"), "years of work\n");
        refused(CliInputErrorsTest.run("moments", "--input", data, "--out", foreign.toString(), "--overwrite"),
                "not a moment sketch", "thesis.tex", "remove it yourself");
        assertEquals("years of work\n", Files.readString(foreign.resolve("thesis.tex")));
        Path file = Files.writeString(dir.resolve("notes.json"), "{\"mine\": true}\n");
        refused(CliInputErrorsTest.run("export", "--sketch", p("nowhere"), "--out", file.toString(), "--overwrite"),
                "notes.json", "not a JSON file written by polymoments");
        assertEquals("{\"mine\": true}\n", Files.readString(file));
        // a model directory is not a sketch either
        ok("fit", "--input", data, "--model", "quadratic", "--out", p("model"));
        refused(CliInputErrorsTest.run("moments", "--input", data, "--out", p("model"), "--overwrite"),
                "not a moment sketch");
        // our own outputs are replaced
        ok("moments", "--input", data, "--out", p("sketch"));
        ok("moments", "--input", data, "--order", "3", "--out", p("sketch"), "--overwrite");
        assertEquals(3, new SketchStore(spark).load(p("sketch")).raw().order());
        ok("fit", "--input", data, "--model", "quadratic", "--out", p("model"), "--overwrite", "--report",
                p("r.json"));
        ok("fit", "--input", data, "--model", "quadratic", "--out", p("model"), "--overwrite", "--report",
                p("r.json"));
        assertTrue(temporaries().isEmpty());
    }

    @Test
    void everyOutputPathIsCheckedBeforeAnyWork() throws Exception {
        refused(CliInputErrorsTest.run("fit", "--input", data, "--model", "quadratic", "--out", p("x"),
                "--sketch-out", p("x")), "overlap");
        refused(CliInputErrorsTest.run("fit", "--input", data, "--model", "quadratic", "--out", p("x"), "--report",
                p("x/r.json")), "overlap");
        assertFalse(Files.exists(dir.resolve("x")));
        // a report that cannot be written: under a file, or onto a directory
        Files.writeString(dir.resolve("plain"), "a file\n");
        refused(CliInputErrorsTest.run("fit", "--input", data, "--model", "quadratic", "--out", p("m1"), "--report",
                p("plain/r.json")), "plain", "is a file");
        Files.createDirectories(dir.resolve("taken.json"));
        Files.writeString(dir.resolve("taken.json/keep"), "x");
        refused(CliInputErrorsTest.run("fit", "--input", data, "--model", "quadratic", "--out", p("m2"), "--report",
                p("taken.json"), "--overwrite"), "taken.json", "not a report");
        assertFalse(Files.exists(dir.resolve("m1")));
        assertFalse(Files.exists(dir.resolve("m2")));
        assertTrue(temporaries().isEmpty());
    }

    @Test
    void anExistingReportIsKeptWithoutOverwrite() throws Exception {
        ok("evaluate", "--input", data, "--report", p("eval.json"), "--sliced-samples", "500", "--directions", "5");
        String before = Files.readString(dir.resolve("eval.json"));
        assertTrue(before.startsWith("{\n  \"producer\" : \"polymoments\""), before.substring(0, 40));
        refused(CliInputErrorsTest.run("evaluate", "--input", data, "--report", p("eval.json"), "--seed", "9",
                "--sliced-samples", "500", "--directions", "5"), "already exists", "--overwrite");
        assertEquals(before, Files.readString(dir.resolve("eval.json")));
        ok("evaluate", "--input", data, "--report", p("eval.json"), "--seed", "9", "--sliced-samples", "500",
                "--directions", "5", "--overwrite");
        assertFalse(before.equals(Files.readString(dir.resolve("eval.json"))));
        assertTrue(Files.readString(dir.resolve("eval.html")).contains("<meta name=\"generator\""));
    }

    @Test
    void twoRunsWritingOneOutputAtOnceLeaveOneWinnerAndNoTemporaries() throws Exception {
        CyclicBarrier start = new CyclicBarrier(2);
        Callable<CliInputErrorsTest.Run> run = () -> {
            start.await();
            return CliInputErrorsTest.run("moments", "--input", data, "--order", "3", "--out", p("shared"));
        };
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<CliInputErrorsTest.Run> a = pool.submit(run);
            Future<CliInputErrorsTest.Run> b = pool.submit(run);
            List<CliInputErrorsTest.Run> results = new ArrayList<>(List.of(a.get(), b.get()));
            results.sort((x, y) -> Integer.compare(x.code(), y.code()));
            assertEquals(0, results.get(0).code(), results.get(0).err());
            refused(results.get(1), p("shared"));
        } finally {
            pool.shutdownNow();
        }
        assertEquals(4000, new SketchStore(spark).load(p("shared")).raw().count());
        assertTrue(temporaries().isEmpty(), "temporaries left: " + temporaries());
    }

    @Test
    void aSketchIsMergedAtMostOnce() {
        ok("moments", "--input", data, "--out", p("s"));
        ok("generate", "--kind", "quadratic", "--r", "2", "--n", "1000", "--seed", "4", "--out", p("more"));
        ok("moments", "--input", p("more"), "--out", p("t"));
        refused(CliInputErrorsTest.run("merge-moments", "--inputs", p("s") + "," + p("s"), "--out", p("ss")),
                "overlap", "twice");
        ok("merge-moments", "--inputs", p("s") + "," + p("t"), "--out", p("st"));
        // the union already holds s: merging it with s again is refused too, and the ids say what is inside
        refused(CliInputErrorsTest.run("merge-moments", "--inputs", p("st") + "," + p("s"), "--out", p("sts")),
                "overlap");
        SketchStore store = new SketchStore(spark);
        SketchBundle s = store.load(p("s"));
        SketchBundle st = store.load(p("st"));
        assertEquals(5000, st.raw().count());
        assertEquals(List.of(s.id(), store.load(p("t")).id()), st.sourceIds());
        assertFalse(Files.exists(dir.resolve("ss")));
    }

    @Test
    void staleTemporariesOfKilledRunsAreRemovedAndFreshOnesKept() throws Exception {
        Path stale = Files.createDirectories(dir.resolve(".sk.tmp-1111"));
        Files.writeString(stale.resolve("part-0.parquet"), "half a file");
        FileTime old = FileTime.fromMillis(System.currentTimeMillis() - 3 * 24 * 3600_000L);
        Files.setLastModifiedTime(stale.resolve("part-0.parquet"), old);
        Files.setLastModifiedTime(stale, old);
        Path fresh = Files.createDirectories(dir.resolve(".sk.tmp-2222"));
        Path other = Files.createDirectories(dir.resolve(".someone-else.tmp-3333"));
        Files.setLastModifiedTime(other, old);
        ok("moments", "--input", data, "--out", p("sk"));
        assertFalse(Files.exists(stale));
        assertTrue(Files.exists(fresh));
        assertTrue(Files.exists(other));
    }

    @Test
    void inputTogetherWithSketchGetsOneClearLine() {
        CliInputErrorsTest.Run r = CliInputErrorsTest.run("fit", "--input", data, "--sketch", data, "--model",
                "quadratic", "--out", p("m"));
        refused(r, "use either --input", "--sketch", "fit --help");
        assertTrue(r.err().lines().count() <= 2, r.err());
    }

    @Test
    void fileUrisAreWrittenWhereTheyPoint() throws Exception {
        ok("moments", "--input", "file://" + data, "--out", "file://" + p("uri-sketch"));
        ok("export", "--sketch", "file://" + p("uri-sketch"), "--out", "file://" + p("uri.json"));
        assertTrue(Files.readString(dir.resolve("uri.json")).contains("\"count\" : 4000"));
        try (Stream<Path> s = Files.list(Path.of("."))) {
            assertTrue(s.noneMatch(q -> q.getFileName().toString().startsWith("file:")));
        }
        assertFalse(Files.exists(dir.resolve(".uri.json.crc")), "no checksum file beside a JSON export");
    }
}
