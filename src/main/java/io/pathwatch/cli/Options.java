package io.pathwatch.cli;

import io.pathwatch.path.PathSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.springframework.boot.convert.DurationStyle;

/**
 * One command line, parsed: the command, its targets and options. Durations take the same forms
 * as the configuration ({@code 500ms}, {@code 2s}, {@code 5m}, or ISO-8601).
 *
 * @param command     {@code probe} or {@code compare}
 * @param targets     {@code host:port} each, as given
 * @param count       probe: stop after this many cycles; 0 runs until Ctrl-C
 * @param interval    one cycle per target this often; null for the configured default
 * @param duration    compare: how long to probe side by side
 * @param secret      the HELLO secret; from {@code --secret}, else {@code PATHWATCH_AUTH_SECRET}, else empty
 * @param tls         TLS to the targets, trusting the JDK's CAs
 * @param json        machine output (JSON lines)
 * @param connectOnly TCP connect (and TLS handshake) only, no responder at the far end
 */
record Options(String command, List<String> targets, long count, Duration interval, Duration duration, String secret, boolean tls, boolean json,
        boolean connectOnly) {

    static final String PROBE = "probe";
    static final String COMPARE = "compare";
    static final Set<String> COMMANDS = Set.of(PROBE, COMPARE);
    static final Duration DEFAULT_DURATION = Duration.ofMinutes(5);
    /** The prober's own floor for a path's interval ({@code pathwatch.probe.interval}). */
    static final Duration MIN_INTERVAL = Duration.ofMillis(10);

    static Options parse(List<String> args, String secretFromEnvironment) {
        if (args.isEmpty() || !COMMANDS.contains(args.get(0))) {
            throw new UsageError("the first argument must be probe or compare");
        }
        String command = args.get(0);
        List<String> targets = new ArrayList<>();
        long count = 0;
        Duration interval = null;
        Duration duration = DEFAULT_DURATION;
        String secret = null;
        boolean tls = false;
        boolean json = false;
        boolean connectOnly = false;
        for (int i = 1; i < args.size(); i++) {
            String a = args.get(i);
            String value = null;
            int eq = a.indexOf('=');
            if (a.startsWith("--") && eq > 0) {
                value = a.substring(eq + 1);
                a = a.substring(0, eq);
            }
            switch (a) {
                case "--count", "-c" -> {
                    String v = value != null ? value : next(args, ++i, a);
                    try {
                        count = Long.parseLong(v);
                    } catch (NumberFormatException e) {
                        throw new UsageError(a + " takes a whole number, not '" + v + "'");
                    }
                    if (count < 1) {
                        throw new UsageError(a + " must be at least 1");
                    }
                }
                case "--interval", "-i" -> interval = duration(a, value != null ? value : next(args, ++i, a));
                case "--duration" -> duration = duration(a, value != null ? value : next(args, ++i, a));
                case "--secret" -> secret = value != null ? value : next(args, ++i, a);
                case "--tls" -> tls = flag(a, value);
                case "--json" -> json = flag(a, value);
                case "--connect-only" -> connectOnly = flag(a, value);
                default -> {
                    if (a.startsWith("-")) {
                        throw new UsageError("unknown option " + a);
                    }
                    targets.add(target(a));
                }
            }
        }
        if (interval != null && interval.compareTo(MIN_INTERVAL) < 0) {
            throw new UsageError("--interval must be at least " + MIN_INTERVAL.toMillis() + "ms");
        }
        if (command.equals(PROBE) && targets.size() != 1) {
            throw new UsageError("probe takes one target HOST:PORT, not " + targets.size());
        }
        if (command.equals(COMPARE)) {
            if (targets.size() < 2) {
                throw new UsageError("compare takes at least two targets");
            }
            if (targets.stream().distinct().count() != targets.size()) {
                throw new UsageError("compare: a target is named twice");
            }
            if (duration.compareTo(Duration.ofSeconds(1)) < 0) {
                throw new UsageError("--duration must be at least 1s");
            }
            if (connectOnly) {
                // the ranking is by echo RTT, which a connect-only path does not have: it would rank on nothing
                throw new UsageError("compare ranks by echo RTT and needs a responder at each target; "
                        + "without one, run probe HOST:PORT --connect-only for each");
            }
        }
        return new Options(command, List.copyOf(targets), count, interval, duration,
                secret != null ? secret : secretFromEnvironment == null ? "" : secretFromEnvironment, tls, json, connectOnly);
    }

    private static String next(List<String> args, int i, String option) {
        if (i >= args.size()) {
            throw new UsageError(option + " needs a value");
        }
        return args.get(i);
    }

    private static boolean flag(String option, String value) {
        if (value != null) {
            throw new UsageError(option + " takes no value");
        }
        return true;
    }

    private static Duration duration(String option, String text) {
        // ping reads "-i 30" as seconds, Spring as milliseconds: a bare number is refused rather than guessed
        if (text.chars().allMatch(Character::isDigit)) {
            throw new UsageError(option + " needs a unit: " + text + "s or " + text + "ms");
        }
        try {
            Duration d = DurationStyle.detectAndParse(text);
            if (d.isNegative() || d.isZero()) {
                throw new UsageError(option + " must be positive");
            }
            return d;
        } catch (IllegalArgumentException e) {
            throw new UsageError(option + " takes a duration such as 500ms, 2s or 5m, not '" + text + "'");
        }
    }

    private static String target(String text) {
        int colon = text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw new UsageError("a target is HOST:PORT (IPv6 as [addr]:port), not '" + text + "'");
        }
        String[] hostPort = PathSpec.splitTarget(text);
        int port;
        try {
            port = Integer.parseInt(hostPort[1]);
        } catch (NumberFormatException e) {
            throw new UsageError("the port of '" + text + "' is not a number");
        }
        if (port < 1 || port > 65535 || hostPort[0].isEmpty() || (hostPort[0].contains(":") && !text.startsWith("["))) {
            throw new UsageError("a target is HOST:PORT (IPv6 as [addr]:port), not '" + text + "'");
        }
        return text;
    }
}
