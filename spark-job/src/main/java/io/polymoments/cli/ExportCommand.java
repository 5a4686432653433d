package io.polymoments.cli;

import io.polymoments.family.ModelFamily;
import io.polymoments.output.Json;
import io.polymoments.InvalidInputException;
import io.polymoments.store.SketchExport;
import io.polymoments.store.SketchStore;
import io.polymoments.store.RingIo;
import io.polymoments.output.OutputKind;
import io.polymoments.output.OutputSet;
import io.polymoments.output.TextFiles;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Print a fitted model's parameters (quadratic or low-rank), a moment sketch or a tensor ring as JSON (for numpy/pandas users).")
final class ExportCommand implements Callable<Integer> {

    static final class Source {
        @Option(names = "--sketch", paramLabel = "PATH", description = "A sketch directory written by 'moments'.")
        String sketch;

        @Option(names = "--ring", paramLabel = "DIR", description = "A tensor ring written by 'decompose'.")
        String ring;

        @Option(names = "--model", paramLabel = "MODEL", description = "A model directory written by 'fit'.")
        String model;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    @Option(names = "--format", defaultValue = "json", paramLabel = "json", description = "Output format (only json).")
    String format;

    @Option(names = "--out", paramLabel = "FILE", description = "Write to this file instead of standard output.")
    String out;

    @Option(names = "--overwrite", description = "Replace an existing --out file (one this tool wrote).")
    boolean overwrite;

    @Override
    public Integer call() {
        if (!format.toLowerCase(Locale.ROOT).equals("json")) {
            throw new InvalidInputException("--format " + format + " is not supported; use --format json");
        }
        SparkSession spark = Sessions.get("export");
        try (OutputSet outs = OutputSet.builder(spark).overwrite(overwrite).input("--model", source.model).input("--sketch", source.sketch)
                .input("--ring", source.ring).output("--out", out, OutputKind.JSON).open()) {
            Map<String, Object> value = source.ring != null ? RingIo.exportJson(new RingIo(spark).readRing(source.ring))
                    : source.model != null ? ModelFamily.read(spark, source.model, "--model").exportJson()
                    : SketchExport.json(new SketchStore(spark).load(source.sketch));
            String json = Json.document(value);
            if (out == null) {
                System.out.println(json);
            } else {
                try {
                    TextFiles.writeText(spark.sparkContext().hadoopConfiguration(), outs.path("--out"), json + "\n");
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException("cannot write " + out, e);
                }
                outs.commit();
            }
        }
        return PolymomentsCli.EXIT_OK;
    }
}
