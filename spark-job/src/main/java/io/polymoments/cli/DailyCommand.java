package io.polymoments.cli;

import io.polymoments.InvalidInputException;
import io.polymoments.fit.Fitting;
import io.polymoments.fit.LowRankFitting;
import io.polymoments.fit.QuadraticFitting;
import io.polymoments.schedule.DailyRun;
import io.polymoments.spark.InvalidRowPolicy;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code daily}: parses the options (and the refit's --fit-args as {@code fit} would) and runs {@link DailyRun}. */
@Command(name = "daily", mixinStandardHelpOptions = true,
        description = {"Scheduled incremental run over date partitions dt=YYYY-MM-DD (see submit/scheduled/daily.sh).",
                "State directory: reference/ (whitening basis), sketches/dt=…/ (one per day), merged/, model/, runs.json"
                        + " (one JSON object per run), _lock (held while a run works on the state)."})
final class DailyCommand implements Callable<Integer> {
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

    @Override
    public Integer call() {
        LocalDate day = DailyRun.parseDate(date, "--date");
        int windowDays = DailyRun.parseWindow(window);
        FitCommand refit = fit ? refit() : null;
        DailyRun.Spec spec = new DailyRun.Spec(input, state, day, windowDays, order, rank, directions, driftThreshold,
                column, InvalidRowPolicy.parse(onInvalid), refit == null ? null : refit.spec(),
                refit == null ? null : refit.report, DailyRun.parseDuration(lockTimeout, "--lock-timeout"),
                DailyRun.parseDuration(lockStaleAfter, "--lock-stale-after"));
        if (refit != null) {
            Fitting.check(spec.fit(), true, false);
        }
        SparkSession spark = Sessions.get("daily " + date);
        DailyRun.Outcome outcome = DailyRun.run(spark, spec);
        outcome.said().forEach(System.out::println);
        if (outcome.fit() instanceof QuadraticFitting.Outcome q) {
            System.out.println(FitCommand.summary(q.fit(), q.totalSeconds()));
        } else if (outcome.fit() instanceof LowRankFitting.Outcome l) {
            System.out.print(FitCommand.lowRankSummary(l));
        }
        if (outcome.fit() != null) {
            System.out.println("wrote " + state + "/model");
        }
        return PolymomentsCli.EXIT_OK;
    }

    /** The refit's options: --fit-args parsed as 'fit' parses its command line, from the merged sketch. */
    private FitCommand refit() {
        List<String> args = new ArrayList<>(List.of("--sketch", state + "/merged", "--out", state + "/model"));
        List<String> extra = fitArgs.isBlank() ? List.of() : List.of(fitArgs.trim().split("\\s+"));
        if (!extra.contains("--model")) {
            args.addAll(List.of("--model", "quadratic"));
        }
        args.addAll(extra);
        FitCommand f = new FitCommand();
        try {
            new CommandLine(f).setCaseInsensitiveEnumValuesAllowed(true).parseArgs(args.toArray(String[]::new));
        } catch (CommandLine.ParameterException e) {
            throw new InvalidInputException("--fit-args \"" + fitArgs + "\": " + e.getMessage() + "; give the options"
                    + " of 'fit' other than --sketch and --out (the refit reads the merged sketch and writes STATE/model)");
        }
        return f;
    }
}
