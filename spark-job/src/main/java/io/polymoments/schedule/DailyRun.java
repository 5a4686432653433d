package io.polymoments.schedule;

import io.polymoments.InvalidInputException;
import io.polymoments.datasets.SampleReader;
import io.polymoments.datasets.SampleSet;
import io.polymoments.fit.FitSource;
import io.polymoments.fit.FitSpec;
import io.polymoments.fit.Fitting;
import io.polymoments.family.ModelFamily;
import io.polymoments.store.QuadraticModelStore;
import io.polymoments.ml.LowRankPushforwardModel;
import io.polymoments.store.QuadraticModelStore;
import io.polymoments.ml.QuadraticPushforwardModel;
import io.polymoments.moments.SketchBundle;
import io.polymoments.output.DirectoryLock;
import io.polymoments.output.Json;
import io.polymoments.output.Location;
import io.polymoments.output.OutputKind;
import io.polymoments.output.OutputSet;
import io.polymoments.output.TextFiles;
import io.polymoments.spark.InvalidRowPolicy;
import io.polymoments.spark.SketchJob;
import io.polymoments.store.SketchStore;
import java.io.IOException;
import java.io.UncheckedIOException;
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
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One scheduled run over date-partitioned samples ({@code ROOT/dt=YYYY-MM-DD/}) under the state's lock: sketch that
 * day in the fixed reference basis (one pass), store it under {@code STATE/sketches/dt=…/} (a rerun overwrites it:
 * idempotent), merge the window's daily sketches and refit from the merged sketch without re-reading old samples. When
 * the day's data have drifted from the reference basis, re-base: a new reference from the window's data and every
 * daily sketch of the window recomputed in it (one full pass over the window). Every run, failed or not, is logged in
 * {@code STATE/runs.json}.
 */
public final class DailyRun {
    private static final Logger LOG = LoggerFactory.getLogger(DailyRun.class);

    private DailyRun() {}

    /**
     * @param fit       the refit's settings, or null for no refit
     * @param fitReport where the refit's report goes, or null for none
     */
    public record Spec(String input, String state, LocalDate day, int windowDays, int order, String rank, int directions,
                       double driftThreshold, String column, InvalidRowPolicy policy, FitSpec fit, String fitReport,
                       Duration lockTimeout, Duration lockStaleAfter) {}

    /**
     * @param said what the run has to say (the day's figures, a re-basing)
     * @param fit  the refit, or null without one
     */
    public record Outcome(List<String> said, Fitting.Outcome fit) {}

    /** A scheduled run's log: one JSON object per line. */
    private static final OutputKind RUN_LOG = OutputKind.file("a run log written by polymoments (JSON lines)",
            (spark, fs, p) -> TextFiles.readHead(fs, p, Integer.MAX_VALUE).lines().filter(l -> !l.isBlank())
                    .allMatch(DailyRun::isJsonObject));

    /** Runs the day under the state's lock; exit status 0, 2 (bad input) or 1 goes to runs.json with the run. */
    public static Outcome run(SparkSession spark, Spec s) {
        if (s.lockStaleAfter().isZero()) {
            throw new InvalidInputException("--lock-stale-after must be longer than 0");
        }
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        Location.Relation rel = Location.of(conf, s.state()).relationTo(Location.ofInput(conf, s.input()));
        if (rel != Location.Relation.DISJOINT) {
            throw new InvalidInputException("--state " + s.state() + " overlaps --input " + s.input() + " ("
                    + rel.name().toLowerCase(Locale.ROOT) + "): the state would be read as samples or the samples"
                    + " overwritten; keep the state outside the samples' root");
        }
        try (DirectoryLock lock = DirectoryLock.acquire(conf, s.state(), "daily --date " + s.day(), s.lockTimeout(),
                s.lockStaleAfter())) {
            Map<String, Object> run = new LinkedHashMap<>();
            run.put("start", Instant.now().toString());
            run.put("date", s.day().toString());
            int code = 1;
            try {
                List<String> said = new ArrayList<>();
                Fitting.Outcome[] fitted = new Fitting.Outcome[1];
                runLocked(spark, s, run, said, fitted);
                code = 0;
                return new Outcome(said, fitted[0]);
            } catch (InvalidInputException e) {
                code = 2;
                run.put("error", e.getMessage());
                throw e;
            } catch (RuntimeException e) {
                run.put("error", e.toString());
                throw e;
            } finally {
                run.put("end", Instant.now().toString());
                run.put("exitStatus", code);
                appendRun(spark, s.state(), run);
            }
        }
    }

    /**
     * The run proper, under the state's lock. The window always ends at the newest day seen (this one or a later day
     * already sketched), so a rerun of an earlier day refreshes that day's sketch and refits the newest window
     * instead of rolling the model back.
     */
    private static void runLocked(SparkSession spark, Spec s, Map<String, Object> run, List<String> said,
                                  Fitting.Outcome[] fitted) {
        SketchStore store = new SketchStore(spark);
        SketchJob job = new SketchJob(spark);
        InvalidRowPolicy policy = s.policy();
        LocalDate day = s.day();
        LocalDate newest = newestSketchedDay(spark, s.state()).filter(d -> d.isAfter(day)).orElse(day);
        LocalDate first = newest.minusDays(s.windowDays() - 1L);
        String reference = s.state() + "/reference";
        run.put("window", first + ".." + newest);

        SketchJob.Result today = null;
        if (!exists(spark, reference)) {
            LOG.info("no reference basis yet: computing it from {}", partition(s, day));
            // the two passes that define the basis already sketch this day in it: no third pass
            today = job.run(read(spark, s, day, day), s.order(), true, s.rank(), s.directions(), 1L, policy);
            store.save(today.bundle(), reference, true);
            run.put("reference", "created from " + day);
        }
        SketchBundle ref = store.load(reference);
        if (today == null) {
            today = job.runWithReference(read(spark, s, day, day), ref, policy);
        }
        double drift = today.basisDrift();
        run.put("basisDrift", drift);
        if (drift > s.driftThreshold()) {
            LOG.warn("basis drift {} > {}: re-basing on the window {}..{}", drift, s.driftThreshold(), first, newest);
            SketchJob.Result r = job.run(read(spark, s, first, newest), s.order(), true, s.rank(), s.directions(), 1L, policy);
            store.save(r.bundle(), reference, true);
            ref = store.load(reference);
            int recomputed = 0;
            for (LocalDate d = first; !d.isAfter(newest); d = d.plusDays(1)) {
                if (!d.equals(day) && exists(spark, partition(s, d))) {
                    store.save(job.runWithReference(read(spark, s, d, d), ref, policy).bundle(), sketchPath(s, d), true);
                    recomputed++;
                }
            }
            today = job.runWithReference(read(spark, s, day, day), ref, policy);
            run.put("rebased", "new reference from " + first + ".." + newest + ", " + recomputed
                    + " other days recomputed");
            said.add(String.format(Locale.ROOT, "re-based: the data drifted from the reference basis (%.3g > %.3g)",
                    drift, s.driftThreshold()));
        }
        store.save(today.bundle(), sketchPath(s, day), true);

        List<String> days = new ArrayList<>();
        SketchBundle merged = null;
        for (LocalDate d = first; !d.isAfter(newest); d = d.plusDays(1)) {
            if (exists(spark, sketchPath(s, d))) {
                SketchBundle b = store.load(sketchPath(s, d));
                if (!io.polymoments.moments.Basis.same(b.whitened().basis(), ref.whitened().basis())) {
                    throw new InvalidInputException("the sketch of " + d + " at " + sketchPath(s, d) + " is in another basis"
                            + " than the reference; rerun that day (daily --date " + d + ")");
                }
                merged = merged == null ? b : SketchBundle.merge(merged, b);
                days.add(d.toString());
            }
        }
        store.save(merged, s.state() + "/merged", true);
        run.put("daysMerged", days);
        run.put("rows", merged.raw().count());
        said.add(String.format(Locale.ROOT, "day %s: %,d rows, basis drift %.3g; window %s..%s: %d days, %,d rows", day,
                today.bundle().raw().count(), drift, first, newest, days.size(), merged.raw().count()));
        if (s.fit() != null) {
            String model = s.state() + "/model";
            try (OutputSet outs = OutputSet.builder(spark).overwrite(true).input("--sketch", s.state() + "/merged")
                    .output(Fitting.OUT, model, QuadraticModelStore.OUTPUT)
                    .output(Fitting.REPORT, s.fitReport(), OutputKind.REPORT).open()) {
                fitted[0] = Fitting.run(spark, s.fit(), FitSource.sketch(s.state() + "/merged"), outs);
            }
            run.put("model", model);
            run.put("verdict", storedVerdict(spark, model));
        }
    }

    /** The verdict recorded in a saved model's diagnostics (either family). */
    private static Object storedVerdict(SparkSession spark, String model) {
        return ModelFamily.read(spark, model, "model").diagnostics().get("verdict");
    }

    /** The latest dt=YYYY-MM-DD under STATE/sketches, if any. */
    private static Optional<LocalDate> newestSketchedDay(SparkSession spark, String state) {
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

    private static SampleSet read(SparkSession spark, Spec s, LocalDate from, LocalDate to) {
        String where = from.equals(to) ? "dt = '" + from + "'" : "dt >= '" + from + "' AND dt <= '" + to + "'";
        return new SampleReader(spark).read(s.input(), null, s.column(), List.of(), where);
    }

    private static String partition(Spec s, LocalDate d) {
        return s.input() + "/dt=" + d;
    }

    private static String sketchPath(Spec s, LocalDate d) {
        return s.state() + "/sketches/dt=" + d;
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
    private static void appendRun(SparkSession spark, String state, Map<String, Object> run) {
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
    public static Duration parseDuration(String s, String option) {
        try {
            return Duration.ofMillis(org.apache.spark.network.util.JavaUtils.timeStringAsMs(s.trim()));
        } catch (RuntimeException e) {
            throw new InvalidInputException(option + " '" + s + "' is not a duration; use e.g. 0s, 90s, 10m or 2h");
        }
    }

    public static LocalDate parseDate(String s, String option) {
        try {
            return LocalDate.parse(s);
        } catch (DateTimeParseException e) {
            throw new InvalidInputException(option + " '" + s + "' is not a date; use YYYY-MM-DD");
        }
    }

    public static int parseWindow(String w) {
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
