package io.polymoments.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.polymoments.InvalidInputException;
import io.polymoments.output.Json;
import io.polymoments.spark.SharedSpark;
import io.polymoments.family.QuadraticFamily;
import io.polymoments.family.LowRankFamily;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * Truth files carry a format version: one this build does not read is refused (exit 2) with the file, the version
 * found and the versions read; a file without one (written before the key existed) reads as version 1 (the golden
 * files of FormatV1Test have none).
 */
class TruthFormatVersionTest {
    private final SparkSession spark = SharedSpark.session();
    @TempDir
    Path dir;

    /** The golden truth file with its formatVersion set to {@code version}, written into the temporary directory. */
    private String withVersion(String fixture, String version) throws Exception {
        Path gold = Path.of(TruthFormatVersionTest.class.getResource("/formats/v1/" + fixture).toURI());
        ObjectNode j = (ObjectNode) Json.MAPPER.readTree(gold.toFile());
        j.set("formatVersion", Json.MAPPER.readTree(version));
        Path out = dir.resolve(version.replace("\"", "") + "-" + fixture);
        Files.writeString(out, Json.MAPPER.writeValueAsString(j));
        return out.toString();
    }

    private static void assertRefused(String file, String version, Executable load) {
        InvalidInputException e = assertThrows(InvalidInputException.class, load);
        assertTrue(e.getMessage().contains(file), e.getMessage());
        assertTrue(e.getMessage().contains("format version " + version), e.getMessage());
        assertTrue(e.getMessage().contains("this build reads format version 1"), e.getMessage());
    }

    @Test
    void aFutureVersionIsRefusedNamingFileVersionAndWhatIsRead() throws Exception {
        String q = withVersion(FormatV1Test.QUADRATIC_TRUTH, "2");
        assertRefused(q, "2", () -> QuadraticFamily.INSTANCE.load(spark, q, "--truth"));
        String lr = withVersion(FormatV1Test.LOWRANK_TRUTH, "2");
        assertRefused(lr, "2", () -> LowRankFamily.INSTANCE.load(spark, lr, "--truth").transform());
        String hard = withVersion(FormatV1Test.HARD_TRUTH, "2");
        assertRefused(hard, "2", () -> HardTruth.direction(spark, hard, 3, "--truth"));
        String text = withVersion(FormatV1Test.QUADRATIC_TRUTH, "\"one\"");
        assertRefused(text, "\"one\"", () -> QuadraticFamily.INSTANCE.load(spark, text, "--truth"));
    }

    @Test
    void versionOneReadsLikeAFileWithoutAVersion() throws Exception {
        String q = withVersion(FormatV1Test.QUADRATIC_TRUTH, "1");
        assertEquals(3, QuadraticFamily.INSTANCE.load(spark, q, "--truth").transform().d());
        String hard = withVersion(FormatV1Test.HARD_TRUTH, "1");
        assertEquals(3, HardTruth.direction(spark, hard, 3, "--truth").length);
    }
}
