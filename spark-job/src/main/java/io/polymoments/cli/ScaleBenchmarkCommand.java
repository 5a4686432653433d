package io.polymoments.cli;

import static io.polymoments.InvalidInputException.setting;

import io.polymoments.InvalidInputException;
import io.polymoments.benchmark.ScaleBenchmark;
import io.polymoments.output.Json;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code benchmark scale}: the flags of {@link ScaleBenchmark.Config}, then its table and JSON line. */
@Command(name = "scale", mixinStandardHelpOptions = true,
        description = {"How the cost grows: the quadratic learner's driver CPU time and error against r, the low-rank"
                + " learner's against m (He2 units, d = 2m), and the memory a raw moment pass plans for against order"
                + " and d (within this JVM's heap, local mode).",
                "Prints a table, then one JSON line {quadratic: [{r, k, driverCpuSeconds, error}], lowrank: [{m, r,"
                        + " driverCpuSeconds, errW}], memory: [{order, d, peakBytes, status}]} as the last line."},
        footer = {"", "Examples:", "  submit/local.sh benchmark scale",
                "  submit/local.sh benchmark scale --quadratic-r 5,10 --lowrank 6x4 --memory 3x500,4x100"})
final class ScaleBenchmarkCommand implements Callable<Integer> {
    @Option(names = "--quadratic-r", split = ",", defaultValue = "5,10,12,15,20",
            description = "r of the quadratic fits, d = r(r+1) (default: ${DEFAULT-VALUE}; empty to skip).")
    List<Integer> quadraticR;

    @Option(names = "--quadratic-n", defaultValue = "100000",
            description = "Rows behind each quadratic sketch (default: ${DEFAULT-VALUE}).")
    long quadraticN;

    @Option(names = "--lowrank", split = ",", defaultValue = "6x4,12x6,20x7", paramLabel = "MxR",
            description = "Hidden units x latent dimension of the low-rank fits (default: ${DEFAULT-VALUE}).")
    List<String> lowRank;

    @Option(names = "--lowrank-rows", defaultValue = "200000",
            description = "Rows behind each low-rank sketch; 0 for exact population moments (default: ${DEFAULT-VALUE}).")
    long lowRankRows;

    @Option(names = "--memory", split = ",", defaultValue = "2x1000,3x200,3x1000,4x100,4x200", paramLabel = "ORDERxD",
            description = "Raw passes whose memory is planned (default: ${DEFAULT-VALUE}).")
    List<String> memory;

    @Option(names = "--partitions", defaultValue = "2",
            description = "Partitions of the planned passes (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Mixin
    SeedOption seed;

    @Override
    public Integer call() {
        ScaleBenchmark.Config c = new ScaleBenchmark.Config(
                quadraticR.stream().mapToInt(Integer::intValue).toArray(), quadraticN, pairs(lowRank, "lowrank"),
                lowRankRows, pairs(memory, "memory"), partitions, ScaleBenchmark.Config.localLimits(), seed.value);
        System.out.println(ScaleBenchmark.header(c));
        ScaleBenchmark.Result res = ScaleBenchmark.run(c, System.out::println);
        System.out.println(Json.oneLine(res.json()));
        return PolymomentsCli.EXIT_OK;
    }

    /** "AxB" items as {A, B}; a malformed one names its flag. */
    private static int[][] pairs(List<String> items, String flag) {
        int[][] out = new int[items.size()][];
        for (int i = 0; i < out.length; i++) {
            String[] p = items.get(i).trim().toLowerCase(java.util.Locale.ROOT).split("x");
            try {
                if (p.length != 2) {
                    throw new NumberFormatException();
                }
                out[i] = new int[] {Integer.parseInt(p[0].trim()), Integer.parseInt(p[1].trim())};
            } catch (NumberFormatException e) {
                throw new InvalidInputException(setting(flag) + " takes items like 6x4, got '" + items.get(i) + "'");
            }
        }
        return out;
    }
}
