package io.polymoments.learn.lowrank;

import java.util.Arrays;
import java.util.List;

/**
 * Runs {@link LowRankBenchmark} by hand (not a test): {@code java -cp <test classpath>
 * io.polymoments.learn.lowrank.LowRankScaleHarness 6x4,9x5,12x6 200000 3 0 2} — sizes m×r, rows (0: population
 * moments), seeds, first seed, driver threads (0: one per processor). Prints the table, then one JSON line per fit.
 */
public final class LowRankScaleHarness {
    private LowRankScaleHarness() {}

    public static void main(String[] args) {
        int[][] sizes = Arrays.stream(args[0].split(","))
                .map(s -> Arrays.stream(s.split("x")).mapToInt(Integer::parseInt).toArray()).toArray(int[][]::new);
        LowRankBenchmark.Config c = new LowRankBenchmark.Config(sizes, Long.parseLong(args[1]),
                Integer.parseInt(args[2]), Long.parseLong(args[3]), Integer.parseInt(args[4]));
        List<LowRankBenchmark.Row> rows = LowRankBenchmark.run(c);
        System.out.print(LowRankBenchmark.table(rows));
        rows.forEach(r -> System.out.println(r.toJson()));
    }
}
