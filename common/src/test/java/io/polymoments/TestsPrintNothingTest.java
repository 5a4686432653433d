package io.polymoments;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * No test source of any module prints: a test's figure is an assertion or nothing, and a command's output is captured
 * (by replacing System.out with a buffer, which this check does not flag) rather than sent to the console.
 */
class TestsPrintNothingTest {
    /** System.out/err printing calls and method references, and stack traces dumped to System.err. */
    private static final Pattern PRINTS = Pattern.compile("System\\.(out|err)(\\.|::)print|printStackTrace\\(");

    @Test
    void noTestSourcePrints() throws IOException {
        // the tests run in their module's directory; the repository's modules are its siblings
        List<Path> testRoots;
        try (Stream<Path> modules = Files.list(Path.of("..").toAbsolutePath().normalize())) {
            testRoots = modules.map(m -> m.resolve("src/test/java")).filter(Files::isDirectory).toList();
        }
        assertTrue(testRoots.stream().anyMatch(r -> r.endsWith(Path.of("common/src/test/java"))),
                "the test sources were not found from " + Path.of("").toAbsolutePath());
        List<String> offenders = testRoots.stream().flatMap(TestsPrintNothingTest::javaFiles)
                .flatMap(TestsPrintNothingTest::printingLines).toList();
        assertEquals(List.of(), offenders, "test sources that print; assert the figure, or capture the output");
    }

    private static Stream<Path> javaFiles(Path root) {
        try (Stream<Path> all = Files.walk(root)) {
            return all.filter(p -> p.toString().endsWith(".java")).toList().stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Stream<String> printingLines(Path file) {
        try {
            List<String> lines = Files.readAllLines(file);
            return java.util.stream.IntStream.range(0, lines.size())
                    .filter(i -> PRINTS.matcher(lines.get(i)).find())
                    .mapToObj(i -> file + ":" + (i + 1) + ": " + lines.get(i).strip());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
