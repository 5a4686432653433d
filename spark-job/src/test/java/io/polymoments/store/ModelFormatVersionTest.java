package io.polymoments.store;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.polymoments.InvalidInputException;
import io.polymoments.ml.LowRankPushforwardModel;
import io.polymoments.ml.QuadraticPushforwardModel;
import io.polymoments.output.Json;
import io.polymoments.spark.SharedSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Model metadata has carried a format version since the first saved model: one this build does not read is refused
 * (exit 2) naming the metadata file, the version found and the versions read; metadata without one is not ours.
 */
class ModelFormatVersionTest {
    @TempDir
    Path dir;

    /** A copy of a golden model directory whose metadata line has {@code edit} applied; returns its metadata file. */
    private Path copyWith(String fixture, String name, Consumer<ObjectNode> edit) throws Exception {
        SharedSpark.session();
        Path gold = Path.of(ModelFormatVersionTest.class.getResource("/formats/v1/" + fixture).toURI());
        Path copy = dir.resolve(name);
        try (Stream<Path> files = Files.walk(gold)) {
            for (Path p : files.toList()) {
                Files.copy(p, copy.resolve(gold.relativize(p).toString()));
            }
        }
        Path meta = copy.resolve("metadata/part-00000");
        ObjectNode line = (ObjectNode) Json.MAPPER.readTree(Files.readAllLines(meta).get(0));
        edit.accept(line);
        Files.writeString(meta, line + "\n");
        return meta;
    }

    private static void assertRefused(Path meta, String... words) {
        String model = meta.getParent().getParent().toString();
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> {
            if (model.endsWith("lowrank")) {
                LowRankPushforwardModel.load(model);
            } else {
                QuadraticPushforwardModel.load(model);
            }
        });
        for (String w : words) {
            assertTrue(e.getMessage().contains(w), e.getMessage());
        }
    }

    @Test
    void aFutureVersionIsRefusedNamingTheMetadataFile() throws Exception {
        Path q = copyWith(FormatV1Test.QUADRATIC_MODEL, "quadratic", m -> m.put("formatVersion", 5));
        assertRefused(q, q.toString(), "format version 5", "this build reads format versions 1 to 4");
        Path lr = copyWith(FormatV1Test.LOWRANK_MODEL, "lowrank", m -> m.put("formatVersion", 3));
        assertRefused(lr, lr.toString(), "format version 3", "this build reads format versions 1 to 2");
    }

    @Test
    void metadataWithoutAVersionIsNotOurs() throws Exception {
        Path q = copyWith(FormatV1Test.QUADRATIC_MODEL, "quadratic", m -> m.remove("formatVersion"));
        assertRefused(q, q.toString(), "no formatVersion");
        Path lr = copyWith(FormatV1Test.LOWRANK_MODEL, "lowrank", m -> m.remove("formatVersion"));
        assertRefused(lr, lr.toString(), "no formatVersion");
    }
}
