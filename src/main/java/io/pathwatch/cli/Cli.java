package io.pathwatch.cli;

import java.io.PrintStream;
import java.util.List;

/**
 * The one-shot commands in the daemon's jar, run without Spring: {@code probe HOST:PORT} and
 * {@code compare A B ...} (README, "One-shot CLI"). Exit codes: {@link #OK} when every cycle
 * succeeded (compare: every target answered), {@link #FAILED} on any failed cycle, lost echo or
 * hang (compare: a target that never answered), {@link #USAGE} for a command line that cannot
 * run.
 */
public final class Cli {

    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;
    static final String ENV_SECRET = "PATHWATCH_AUTH_SECRET";

    static final String USAGE_TEXT = """
            usage: java -jar pathwatch.jar probe HOST:PORT [--count N] [--interval D] [--secret S] [--tls] [--json] [--connect-only]
                   java -jar pathwatch.jar compare HOST:PORT HOST:PORT... [--duration D] [--interval D] [--secret S] [--tls] [--json]
              probe     one cycle per interval (default 1s) on a fresh connection; a line per cycle, a summary at the end or on Ctrl-C
              compare   probes the targets side by side for --duration (default 5m) and ranks them as GET /api/compare does
              --secret  the responder's HELLO secret (default: $PATHWATCH_AUTH_SECRET)
              --json    one JSON object per line (cycle lines, then a summary or the ranking)
              D is a duration: 500ms, 2s, 5m
            exit: 0 all cycles succeeded, 1 a cycle failed, an echo was lost or the stream hung, 2 usage error
            """;

    private Cli() {
    }

    /** Whether {@code args} ask for a CLI command rather than the daemon. */
    public static boolean handles(String[] args) {
        return args.length > 0 && (Options.COMMANDS.contains(args[0]) || args[0].equals("--help") || args[0].equals("-h"));
    }

    /** Runs the command and returns its exit code; the caller exits with it. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args[0].equals("--help") || args[0].equals("-h")) {
            out.print(USAGE_TEXT);
            return OK;
        }
        Options options;
        try {
            options = Options.parse(List.of(args), System.getenv(ENV_SECRET));
        } catch (UsageError e) {
            err.println("pathwatch: " + e.getMessage());
            err.print(USAGE_TEXT);
            return USAGE;
        }
        CliLogging.warningsToStandardError();
        Printer printer = new Printer(out, options.json());
        Stop stop = new Stop();
        stop.onInterrupt();
        try {
            return options.command().equals(Options.PROBE) ? new ProbeCommand(options, printer, stop).run()
                    : new CompareCommand(options, printer, stop).run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return FAILED;
        } catch (RuntimeException e) {
            // a trust store that cannot be read, no event loop: say what, not a stack trace
            err.println("pathwatch: " + (e.getMessage() != null ? e.getMessage() : e.toString()));
            return FAILED;
        }
    }
}
