package io.polymoments.cli;

import io.polymoments.InvalidInputException;
import io.polymoments.Throwables;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The command line (public contract: README.md, section Commands). Exit codes: 0 success, 2 bad usage or bad input
 * (one paragraph on stderr: what, where, what to do), 1 internal failure.
 */
@Command(name = "polymoments", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Learn polynomial transformations of Gaussians from moments, on Apache Spark.",
        subcommands = {DemoCommand.class, GenerateCommand.class, MomentsCommand.class, MergeMomentsCommand.class,
                FitCommand.class, SampleCommand.class, EvaluateCommand.class, ExportCommand.class,
                DecomposeCommand.class, DailyCommand.class,
                BenchmarkCommand.class})
public final class PolymomentsCli implements Runnable {
    public static final int EXIT_OK = 0;
    public static final int EXIT_INTERNAL = 1;
    public static final int EXIT_BAD_INPUT = 2;

    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }

    public static void main(String[] args) {
        int code = execute(args);
        System.exit(code);
    }

    /** Runs a command line and returns its exit code (tests call this; {@link #main} exits with it). */
    public static int execute(String... args) {
        return commandLine().execute(args);
    }

    /** Runs a command line with error messages sent to {@code err} (for tests). */
    public static int execute(PrintWriter err, String... args) {
        CommandLine cl = commandLine();
        cl.setErr(err);
        return cl.execute(args);
    }

    static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new PolymomentsCli());
        cl.setExecutionExceptionHandler(PolymomentsCli::handle);
        cl.setParameterExceptionHandler(PolymomentsCli::usageError);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        return cl;
    }

    /**
     * A command line that does not parse: one line saying what is wrong and where to look, not the whole usage text
     * (exit 2, like any bad input).
     */
    private static int usageError(CommandLine.ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        PrintWriter err = cmd.getErr();
        String msg = e.getMessage();
        if (msg.contains("--input=") && msg.contains("--sketch=")) { // both sides of fit's exclusive source group
            msg = "use either --input (samples) or --sketch (a stored sketch), not both";
        }
        err.println("polymoments " + cmd.getCommandName() + ": " + msg + ". Run '"
                + cmd.getCommandSpec().qualifiedName(" ") + " --help' for the options.");
        err.flush();
        return EXIT_BAD_INPUT;
    }

    private static int handle(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
        PrintWriter err = cmd.getErr();
        InvalidInputException bad = Throwables.findCause(e, InvalidInputException.class);
        if (bad != null) {
            err.println("polymoments " + cmd.getCommandName() + ": " + bad.render(Flags::of));
            err.flush();
            return EXIT_BAD_INPUT;
        }
        err.println("polymoments " + cmd.getCommandName() + ": internal error: " + e);
        e.printStackTrace(err);
        err.flush();
        return EXIT_INTERNAL;
    }
}
