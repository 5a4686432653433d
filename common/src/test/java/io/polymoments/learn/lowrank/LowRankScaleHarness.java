package io.polymoments.learn.lowrank;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Runs {@link LowRankBenchmark} by hand (not a test): {@code java -cp <test classpath>
 * io.polymoments.learn.lowrank.LowRankScaleHarness OUT 6x4,9x5,12x6 200000 3 0 2} — the file to write, sizes m×r,
 * rows (0: population moments), seeds, first seed, driver threads (0: one per processor). Writes the table, then one
 * JSON line per fit.
 */
public final class LowRankScaleHarness {
    private LowRankScaleHarness() {}

    public static void main(String[] args) throws IOException {
        int[][] sizes = Arrays.stream(args[1].split(","))
                .map(s -> Arrays.stream(s.split("x")).mapToInt(Integer::parseInt).toArray()).toArray(int[][]::new);
        LowRankBenchmark.Config c = new LowRankBenchmark.Config(sizes, Long.parseLong(args[2]),
                Integer.parseInt(args[3]), Long.parseLong(args[4]), Integer.parseInt(args[5]));
        List<LowRankBenchmark.Row> rows = LowRankBenchmark.run(c);
        Files.writeString(Path.of(args[0]), LowRankBenchmark.table(rows)
                + rows.stream().map(r -> r.toJson() + System.lineSeparator()).collect(Collectors.joining()));
    }
}
