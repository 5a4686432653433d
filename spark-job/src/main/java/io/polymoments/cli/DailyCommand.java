package io.polymoments.cli;

import io.polymoments.output.Json;
import io.polymoments.InvalidInputException;
import io.polymoments.datasets.SampleReader;
import io.polymoments.datasets.SampleSet;
import io.polymoments.moments.SketchBundle;
import io.polymoments.spark.InvalidRowPolicy;
import io.polymoments.spark.SketchJob;
import io.polymoments.spark.SketchStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import io.polymoments.ml.LowRankPushforwardModel;
import io.polymoments.ml.QuadraticPushforwardModel;
import io.polymoments.output.DirectoryLock;
import io.polymoments.output.Location;
import io.polymoments.output.OutputKind;
import io.polymoments.output.OutputSet;
import io.polymoments.output.TextFiles;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import java.util.concurrent.Callable;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * One scheduled run over date-partitioned samples ({@code ROOT/dt=YYYY-MM-DD/}): sketch that day in the fixed
 * reference basis (one pass), store it under {@code STATE/sketches/dt=…/} (a rerun overwrites it: idempotent), merge
 * the window's daily sketches and refit from the merged sketch without re-reading old samples. When the day's data
 * have drifted from the reference basis, re-base: a new reference from the window's data and every daily sketch of
 * the window recomputed in it (one full pass over the window).
 */
@Command(name = "daily", mixinStandardHelpOptions = true,
        description = {"Scheduled incremental run over date partitions dt=YYYY-MM-DD (see submit/scheduled/daily.sh).",
                "State directory: reference/ (whitening basis), sketches/dt=…/ (one per day), merged/, model/, runs.json"
                        + " (one JSON object per run), _lock (held while a run works on the state)."})
final class DailyCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(DailyCommand.class);

    @Option(names = "--input", required = true, paramLabel = "ROOT", description = "Root of the dt=YYYY-MM-DD partitions.")
    String input;

    @Option(names = "--date", required = true, paramLabel = "YYYY-MM-DD", description = "The day to process.")
    String date;

    @Option(names = "--state", required = true, paramLabel = "DIR", description = "Where sketches, the reference and the model live.")
    String state;

    @Option(names = "--window", defaultValue = "30d", paramLabel = "Nd", description = "Days merged for the refit (default: ${DEFAULT-VALUE}).")
    String window;

    @Option(names = "--order", defaultValue = "3", description = "Order of the whitened sketches (default: ${DEFAULT-VALUE}).")
    int order;

    @Option(names = "--rank", defaultValue = "auto", description = "Whitening rank of a new reference (default: ${DEFAULT-VALUE}).")
    String rank;

    @Option(names = "--directions", defaultValue = "20", description = "Goodness-of-fit directions of a new reference (default: ${DEFAULT-VALUE}).")
    int directions;

    @Option(names = "--drift-threshold", defaultValue = "0.5",
            description = "Re-base when ||Cov(z) - I||_F/sqrt(k) of the day in the reference basis exceeds this (default: ${DEFAULT-VALUE}).")
    double driftThreshold;

    @Option(names = "--column", defaultValue = "y", description = "Sample column (default: ${DEFAULT-VALUE}).")
    String column;

    @Option(names = "--on-invalid", defaultValue = "fail", description = "fail or skip (default: ${DEFAULT-VALUE}).")
    String onInvalid;

    @Option(names = "--fit", defaultValue = "true", negatable = true, fallbackValue = "true",
            description = "Refit the model from the merged sketch (default: ${DEFAULT-VALUE}).")
    boolean fit;

    @Option(names = "--fit-args", paramLabel = "\"OPTIONS\"", defaultValue = "",
            description = "Extra options for the refit, e.g. \"--model quadratic --rank 4\" (default: quadratic, automatic rank).")
    String fitArgs;

    @Option(names = "--lock-timeout", defaultValue = "10m", paramLabel = "DURATION",
            description = "How long to wait while another run holds the state's lock, e.g. 0s, 90s, 10m, 2h (default:"
                    + " ${DEFAULT-VALUE}); then exit 2 naming the run that holds it.")
    String lockTimeout;

    @Option(names = "--lock-stale-after", defaultValue = "30m", paramLabel = "DURATION",
            description = "A lock its run has not refreshed for this long belongs to a run that died and is broken,"
                    + " with a message (a live run refreshes it all along; default: ${DEFAULT-VALUE}).")
    String lockStaleAfter;

    /** A scheduled run's log: one JSON object per line. */
    static final OutputKind RUN_LOG = OutputKind.file("a run log written by polymoments (JSON lines)",
            (spark, fs, p) -> TextFiles.readHead(fs, p, Integer.MAX_VALUE).lines().filter(l -> !l.isBlank())
                    .allMatch(DailyCommand::isJsonObject));

    @Override
    public Integer call() {
        LocalDate day = parseDate(date, "--date");
        int windowDays = parseWindow(window);
        Duration timeout = parseDuration(lockTimeout, "--lock-timeout");
        Duration stale = parseDuration(lockStaleAfter, "--lock-stale-after");
        if (stale.isZero()) {
            throw new InvalidInputException("--lock-stale-after must be longer than 0");
        }
        SparkSession spark = Sessions.get("daily " + date);
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        Location.Relation rel = Location.of(conf, state).relationTo(Location.ofInput(conf, input));
        if (rel != Location.Relation.DISJOINT) {
            throw new InvalidInputException("--state " + state + " overlaps --input " + input + " (" + rel.name()
                    .toLowerCase(Locale.ROOT) + "): the state would be read as samples or the samples overwritten;"
                    + " keep the state outside the samples' root");
        }
        try (DirectoryLock lock = DirectoryLock.acquire(conf, state, "daily --date " + day, timeout, stale)) {
            Map<String, Object> run = new LinkedHashMap<>();
            run.put("start", Instant.now().toString());
            run.put("date", day.toString());
            int code = PolymomentsCli.EXIT_INTERNAL;
            try {
                code = runLocked(spark, day, windowDays, run);
                return code;
            } catch (InvalidInputException e) {
                code = PolymomentsCli.EXIT_BAD_INPUT;
                run.put("error", e.getMessage());
                throw e;
            } catch (RuntimeException e) {
                run.put("error", e.toString());
                throw e;
            } finally {
                run.put("end", Instant.now().toString());
                run.put("exitStatus", code);
                appendRun(spark, run);
            }
        }
    }

    /**
     * The run proper, under the state's lock. The window always ends at the newest day seen (this one or a later day
     * already sketched), so a rerun of an earlier day refreshes that day's sketch and refits the newest window
     * instead of rolling the model back.
     */
    private int runLocked(SparkSession spark, LocalDate day, int windowDays, Map<String, Object> run) {
        SketchStore store = new SketchStore(spark);
        SketchJob job = new SketchJob(spark);
        InvalidRowPolicy policy = InvalidRowPolicy.parse(onInvalid);
        LocalDate newest = newestSketchedDay(spark).filter(d -> d.isAfter(day)).orElse(day);
        LocalDate first = newest.minusDays(windowDays - 1L);
        String reference = state + "/reference";
        run.put("window", first + ".." + newest);

        SketchJob.Result today = null;
        if (!exists(spark, reference)) {
            LOG.info("no reference basis yet: computing it from {}", partition(day));
            // the two passes that define the basis already sketch this day in it: no third pass
            today = job.run(read(spark, day, day), order, true, rank, directions, 1L, policy);
            store.save(today.bundle(), reference, true);
            run.put("reference", "created from " + day);
        }
        SketchBundle ref = store.load(reference);
        if (today == null) {
            today = job.runWithReference(read(spark, day, day), ref, policy);
        }
        double drift = today.basisDrift();
        run.put("basisDrift", drift);
        if (drift > driftThreshold) {
            LOG.warn("basis drift {} > {}: re-basing on the window {}..{}", drift, driftThreshold, first, newest);
            SketchJob.Result r = job.run(read(spark, first, newest), order, true, rank, directions, 1L, policy);
            store.save(r.bundle(), reference, true);
            ref = store.load(reference);
            int recomputed = 0;
            for (LocalDate d = first; !d.isAfter(newest); d = d.plusDays(1)) {
                if (!d.equals(day) && exists(spark, partition(d))) {
                    store.save(job.runWithReference(read(spark, d, d), ref, policy).bundle(), sketchPath(d), true);
                    recomputed++;
                }
            }
            today = job.runWithReference(read(spark, day, day), ref, policy);
            run.put("rebased", "new reference from " + first + ".." + newest + ", " + recomputed
                    + " other days recomputed");
            System.out.printf(Locale.ROOT, "re-based: the data drifted from the reference basis (%.3g > %.3g)%n", drift,
                    driftThreshold);
        }
        store.save(today.bundle(), sketchPath(day), true);

        List<String> days = new ArrayList<>();
        SketchBundle merged = null;
        for (LocalDate d = first; !d.isAfter(newest); d = d.plusDays(1)) {
            if (exists(spark, sketchPath(d))) {
                SketchBundle b = store.load(sketchPath(d));
                if (!io.polymoments.moments.Basis.same(b.whitened().basis(), ref.whitened().basis())) {
                    throw new InvalidInputException("the sketch of " + d + " at " + sketchPath(d) + " is in another basis"
                            + " than the reference; rerun that day (daily --date " + d + ")");
                }
                merged = merged == null ? b : SketchBundle.merge(merged, b);
                days.add(d.toString());
            }
        }
        store.save(merged, state + "/merged", true);
        run.put("daysMerged", days);
        run.put("rows", merged.raw().count());
        System.out.printf(Locale.ROOT, "day %s: %,d rows, basis drift %.3g; window %s..%s: %d days, %,d rows%n", day,
                today.bundle().raw().count(), drift, first, newest, days.size(), merged.raw().count());
        if (fit) {
            List<String> args = new ArrayList<>(List.of("fit", "--sketch", state + "/merged", "--out", state + "/model",
                    "--overwrite"));
            List<String> extra = fitArgs.isBlank() ? List.of() : List.of(fitArgs.trim().split("\\s+"));
            if (!extra.contains("--model")) {
                args.addAll(List.of("--model", "quadratic"));
            }
            args.addAll(extra);
            int code = PolymomentsCli.commandLine().execute(args.toArray(String[]::new));
            if (code != 0) {
                return code;
            }
            run.put("model", state + "/model");
            run.put("verdict", storedVerdict(spark, state + "/model"));
        }
        return PolymomentsCli.EXIT_OK;
    }

    /** The verdict recorded in a saved model's diagnostics (either family). */
    private static Object storedVerdict(SparkSession spark, String model) {
        Map<String, Object> diagnostics = LowRankPushforwardModel.isLowRankModel(spark, model)
                ? LowRankPushforwardModel.load(model).diagnostics()
                : QuadraticPushforwardModel.load(model).diagnostics();
        return diagnostics.get("verdict");
    }

    /** The latest dt=YYYY-MM-DD under STATE/sketches, if any. */
    private Optional<LocalDate> newestSketchedDay(SparkSession spark) {
        Path dir = new Path(state, "sketches");
        try {
            FileSystem fs = dir.getFileSystem(spark.sparkContext().hadoopConfiguration());
            if (!fs.exists(dir)) {
                return Optional.empty();
            }
            LocalDate newest = null;
            for (FileStatus st : fs.listStatus(dir)) {
                String n = st.getPath().getName();
                if (st.isDirectory() && n.startsWith("dt=")) {
                    try {
                        LocalDate d = LocalDate.parse(n.substring(3));
                        newest = newest == null || d.isAfter(newest) ? d : newest;
                    } catch (DateTimeParseException ignored) {
                        // not one of ours
                    }
                }
            }
            return Optional.ofNullable(newest);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    private SampleSet read(SparkSession spark, LocalDate from, LocalDate to) {
        String where = from.equals(to) ? "dt = '" + from + "'" : "dt >= '" + from + "' AND dt <= '" + to + "'";
        return new SampleReader(spark).read(input, null, column, List.of(), where);
    }

    private String partition(LocalDate d) {
        return input + "/dt=" + d;
    }

    private String sketchPath(LocalDate d) {
        return state + "/sketches/dt=" + d;
    }

    private static boolean exists(SparkSession spark, String path) {
        Path p = new Path(path);
        try {
            FileSystem fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
            return fs.exists(p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot check " + path, e);
        }
    }

    /**
     * runs.json: one JSON object per line and per run — start and end, the date, the window, rows, verdict, exit
     * status (and the error of a failed run) — for the operator. A failure to log is logged, not raised: the run's
     * own outcome is what the caller must see.
     */
    private void appendRun(SparkSession spark, Map<String, Object> run) {
        String log = state + "/runs.json";
        try {
            Configuration conf = spark.sparkContext().hadoopConfiguration();
            Path p = new Path(log);
            String previous = p.getFileSystem(conf).exists(p) ? TextFiles.readText(conf, log) : "";
            OutputSet.writeOne(spark, log, RUN_LOG, true, tmp -> {
                try {
                    TextFiles.writeText(conf, tmp, previous + Json.oneLine(run) + "\n");
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | RuntimeException e) {
            LOG.error("could not record this run in {}: {}", log, e.toString());
        }
    }

    private static boolean isJsonObject(String line) {
        try {
            return Json.MAPPER.readTree(line).isObject();
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** "0", "90s", "10m", "2h", "1d" as a duration. */
    static Duration parseDuration(String s, String option) {
        try {
            return Duration.ofMillis(org.apache.spark.network.util.JavaUtils.timeStringAsMs(s.trim()));
        } catch (RuntimeException e) {
            throw new InvalidInputException(option + " '" + s + "' is not a duration; use e.g. 0s, 90s, 10m or 2h");
        }
    }

    static LocalDate parseDate(String s, String option) {
        try {
            return LocalDate.parse(s);
        } catch (DateTimeParseException e) {
            throw new InvalidInputException(option + " '" + s + "' is not a date; use YYYY-MM-DD");
        }
    }

    static int parseWindow(String w) {
        String t = w.trim().toLowerCase(Locale.ROOT);
        try {
            int n = Integer.parseInt(t.endsWith("d") ? t.substring(0, t.length() - 1) : t);
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // fall through to the message
        }
        throw new InvalidInputException("--window '" + w + "' is not a number of days; use e.g. 30d");
    }
}
