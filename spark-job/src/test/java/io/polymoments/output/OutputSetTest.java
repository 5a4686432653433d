package io.polymoments.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.polymoments.InvalidInputException;
import io.polymoments.spark.SharedSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The output transaction on the local file system, step by step (the CLI tests cover the commands). */
class OutputSetTest {
    private final SparkSession spark = SharedSpark.session();
    private final Configuration conf = spark.sparkContext().hadoopConfiguration();
    @TempDir
    Path dir;

    /** A text output recognised as ours by its first line. */
    private static final OutputKind NOTE = OutputKind.file("a note", (s, fs, p) ->
            TextFiles.readHead(fs, p, 100).startsWith("note"));

    private String p(String name) {
        return dir.resolve(name).toString();
    }

    private void write(OutputSet out, String option, String text) throws Exception {
        TextFiles.writeText(conf, out.path(option), text);
    }

    private List<String> leftovers() throws Exception {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.map(q -> q.getFileName().toString()).filter(n -> n.contains(".tmp-") || n.contains(".old-"))
                    .toList();
        }
    }

    @Test
    void anOutputThatAppearsDuringTheRunIsKeptAndThisRunFails() throws Exception {
        OutputSet out = OutputSet.builder(spark).output("--out", p("x"), NOTE).open();
        write(out, "--out", "note from this run");
        Files.writeString(dir.resolve("x"), "note from another run"); // it finished first
        InvalidInputException e = assertThrows(InvalidInputException.class, out::commit);
        assertTrue(e.getMessage().contains("appeared while this run was writing it"), e.getMessage());
        out.close();
        assertEquals("note from another run", Files.readString(dir.resolve("x")));
        assertEquals(List.of(), leftovers());
    }

    @Test
    void aFailureHalfWayThroughTheMovesPutsEverythingBack() throws Exception {
        Files.writeString(dir.resolve("a"), "note a, old");
        OutputSet out = OutputSet.builder(spark).overwrite(true).output("--a", p("a"), NOTE)
                .output("--b", p("b"), NOTE).open();
        write(out, "--a", "note a, new");
        write(out, "--b", "note b, new");
        Files.writeString(dir.resolve("b"), "note b from another run");
        assertThrows(InvalidInputException.class, out::commit);
        out.close();
        assertEquals("note a, old", Files.readString(dir.resolve("a")), "the first output is rolled back");
        assertEquals("note b from another run", Files.readString(dir.resolve("b")));
        assertEquals(List.of(), leftovers());
    }

    @Test
    void committedOutputsReplaceOursTogether() throws Exception {
        Files.writeString(dir.resolve("a"), "note a, old");
        try (OutputSet out = OutputSet.builder(spark).overwrite(true).output("--a", p("a"), NOTE)
                .output("--b", p("deep/er/b"), NOTE).open()) {
            write(out, "--a", "note a, new");
            write(out, "--b", "note b");
            out.commit();
        }
        assertEquals("note a, new", Files.readString(dir.resolve("a")));
        assertEquals("note b", Files.readString(dir.resolve("deep/er/b")));
        assertEquals(List.of(), leftovers());
    }

    @Test
    void abandonedOutputsLeaveNothingNotEvenTheDirectoriesMadeForThem() throws Exception {
        try (OutputSet out = OutputSet.builder(spark).output("--out", p("new/dirs/x"), NOTE).open()) {
            write(out, "--out", "note");
        }
        assertFalse(Files.exists(dir.resolve("new")));
        assertEquals(List.of(), leftovers());
    }

    @Test
    void anOutputMovedAsideByARunThatDiedIsPutBack() throws Exception {
        Path aside = Files.writeString(dir.resolve(".x.old-1234"), "note, the only copy");
        Files.setLastModifiedTime(aside, FileTime.fromMillis(System.currentTimeMillis() - 48 * 3600_000L));
        OutputSet.builder(spark).overwrite(true).output("--out", p("x"), NOTE).open().close();
        assertEquals("note, the only copy", Files.readString(dir.resolve("x")));
        assertEquals(List.of(), leftovers());
    }

    @Test
    void theStaleAgeIsASparkSetting() throws Exception {
        Path tmp = Files.createDirectories(dir.resolve(".x.tmp-5678"));
        Files.setLastModifiedTime(tmp, FileTime.fromMillis(System.currentTimeMillis() - 20 * 60_000L));
        OutputSet.builder(spark).output("--out", p("x"), NOTE).open().close();
        assertTrue(Files.exists(tmp), "20 minutes is younger than the default age");
        spark.sparkContext().conf().set(OutputSet.STALE_AGE_CONF, "10m");
        try {
            OutputSet.builder(spark).output("--out", p("x"), NOTE).open().close();
        } finally {
            spark.sparkContext().conf().remove(OutputSet.STALE_AGE_CONF);
        }
        assertFalse(Files.exists(tmp));
    }

    @Test
    void locationsCompareWhereTheyLeadNotHowTheyAreSpelled() throws Exception {
        Files.createDirectories(dir.resolve("data/sub"));
        Files.createSymbolicLink(dir.resolve("alias"), dir.resolve("data"));
        Location data = Location.of(conf, p("data"));
        assertEquals(Location.Relation.SAME, Location.of(conf, "file://" + p("data") + "/").relationTo(data));
        assertEquals(Location.Relation.SAME, Location.of(conf, p("data/sub/..")).relationTo(data));
        assertEquals(Location.Relation.SAME, Location.of(conf, p("alias")).relationTo(data));
        assertEquals(Location.Relation.INSIDE, Location.of(conf, p("alias/sub/new")).relationTo(data));
        assertEquals(Location.Relation.CONTAINS, Location.of(conf, p(".")).relationTo(data));
        assertEquals(Location.Relation.DISJOINT, Location.of(conf, p("data2")).relationTo(data));
        // a glob counts from its fixed prefix: anything it could reach overlaps it
        assertEquals(Location.Relation.INSIDE, Location.of(conf, p("data/dt=2026-01-01/x")).relationTo(
                Location.ofInput(conf, p("data/dt=*/part-*"))));
    }

    @Test
    void anEmptyDirectoryMayBeReplacedAFileOfTheWrongShapeMayNot() throws Exception {
        Files.createDirectories(dir.resolve("empty"));
        try (OutputSet out = OutputSet.builder(spark).overwrite(true).output("--out", p("empty"), NOTE).open()) {
            write(out, "--out", "note");
            out.commit();
        }
        assertEquals("note", Files.readString(dir.resolve("empty")));
        Files.createDirectories(dir.resolve("full"));
        Files.writeString(dir.resolve("full/note"), "note inside");
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> OutputSet.builder(spark).overwrite(true).output("--out", p("full"), NOTE).open());
        assertTrue(e.getMessage().contains("is not a note") && e.getMessage().contains("full"), e.getMessage());
    }
}
