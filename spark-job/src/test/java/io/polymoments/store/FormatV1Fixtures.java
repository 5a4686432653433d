package io.polymoments.store;

import io.polymoments.learn.quadratic.ModelClass;
import io.polymoments.ml.LowRankPushforwardModel;
import io.polymoments.ml.QuadraticPushforwardModel;
import io.polymoments.output.Json;
import io.polymoments.spark.SharedSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Makes the golden files of {@link FormatV1Test} from the objects stated there. Not a test: it runs only when asked,
 * once per format version, and its output is checked in:
 * <pre>
 * mvn -B -o -q verify -pl spark-job -am -Dsurefire.failIfNoSpecifiedTests=false -Dtest=FormatV1Fixtures \
 *     -Dformats.write=$PWD/spark-job/src/test/resources/formats/v1
 * </pre>
 */
@EnabledIfSystemProperty(named = "formats.write", matches = ".+")
class FormatV1Fixtures {
    @TempDir
    Path tmp;

    @Test
    void write() throws IOException {
        Path out = Path.of(System.getProperty("formats.write"));
        SharedSpark.session();
        QuadraticPushforwardModel.of(FormatV1Test.quadratic(), ModelClass.AFFINE, FormatV1Test.noise())
                .save(out.resolve(FormatV1Test.QUADRATIC_MODEL).toString());
        LowRankPushforwardModel.of(FormatV1Test.lowRank()).save(out.resolve(FormatV1Test.LOWRANK_MODEL).toString());
        Files.writeString(out.resolve(FormatV1Test.QUADRATIC_TRUTH), FormatV1Test.quadraticTruthToday() + "\n");
        Files.writeString(out.resolve(FormatV1Test.LOWRANK_TRUTH),
                Json.document(LowRankTruth.toJson(FormatV1Test.lowRank(), FormatV1Test.SEED)) + "\n");
        for (String truth : List.of(FormatV1Test.HARD_TRUTH, FormatV1Test.GAUSSIAN_TRUTH, FormatV1Test.RING_TRUTH)) {
            Path written = FormatV1Test.generateToday(truth, tmp);
            Files.copy(written, out.resolve(truth));
            if (truth.equals(FormatV1Test.RING_TRUTH)) { // the ring's tensor, decomposed
                FormatV1Test.decomposeToday(written.getParent(), out.resolve(FormatV1Test.RING));
            }
        }
        try (Stream<Path> files = Files.walk(out)) {
            for (Path p : files.toList()) { // checksums and markers are Hadoop's, not the format's
                String n = p.getFileName().toString();
                if (n.endsWith(".crc") || n.equals("_SUCCESS")) {
                    Files.delete(p);
                }
            }
        }
    }
}
