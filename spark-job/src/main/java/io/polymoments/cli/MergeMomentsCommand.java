package io.polymoments.cli;

import io.polymoments.InvalidInputException;
import io.polymoments.moments.SketchBundle;
import io.polymoments.output.OutputSet;
import io.polymoments.store.SketchStore;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "merge-moments", mixinStandardHelpOptions = true,
        description = "Merge moment sketches of disjoint sample sets (e.g. one per day) into the sketch of their union.")
final class MergeMomentsCommand extends OutputCommand implements Callable<Integer> {
    @Option(names = "--inputs", required = true, split = ",", paramLabel = "P1,P2,...", description = "Sketch directories.")
    List<String> inputs;

    @Override
    public Integer call() {
        SparkSession spark = Sessions.get("merge-moments");
        SketchBundle merged = null;
        try (OutputSet outs = OutputSet.builder(spark).overwrite(overwrite).inputs("--inputs", inputs)
                .output("--out", out, SketchStore.OUTPUT).open()) {
            SketchStore store = new SketchStore(spark);
            for (String p : inputs) {
                SketchBundle b = store.load(p);
                try {
                    merged = merged == null ? b : SketchBundle.merge(merged, b);
                } catch (InvalidInputException e) {
                    throw new InvalidInputException("cannot merge " + p + " into the sketches before it: " + e.getMessage(), e);
                }
            }
            store.write(merged, outs.path("--out"));
            outs.commit();
        }
        System.out.printf(Locale.ROOT, "merged %d sketches: n = %,d%nwrote %s%n", inputs.size(), merged.raw().count(), out);
        return PolymomentsCli.EXIT_OK;
    }
}
