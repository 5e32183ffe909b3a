package io.pathwatch.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Summarises a {@code perf record -g} of a JVM (started with {@code -XX:+PreserveFramePointer},
 * JIT symbols from {@code jcmd PID Compiler.perfmap}) for some of its threads, e.g. the event
 * loops: unlike JFR's Java samples it sees the kernel, the JVM and native code too. Prints every
 * thread group's share of the samples, then for the threads asked for: where the leaf ran (which
 * system call, Java code, the interpreter, the JVM), which pathwatch operation the sample was
 * under (the innermost of the probe's own frames), the hottest leaf symbols and the hottest
 * symbols anywhere in the stack.
 *
 * <pre>bench/run.sh perf-top FILE.perf.data [thread-name-regex (probe-io)] [top (30)]</pre>
 */
public final class PerfTop {

    /** The probe's own operations, innermost first wins: what a sample on an event loop was doing. */
    private static final Pattern OPERATION = Pattern.compile(
            "io\\.pathwatch\\.(?:probe|wire|stats|path|alert)\\.(StreamKeeper|ProbeCycle|Handshake|PathSchedule|ProbeInitializer|TargetResolver"
                    + "|HelloAuth|PathStats|TeeProbeListener|HangAlerts)(\\$\\$Lambda|[.$]\\w+)");
    /** The event loop's own phases: the first whose frame is in the stack wins. */
    private static final String[][] PHASES = {
        {"ScheduledFutureTask.run", "timers: scheduled tasks (heartbeat ticks, cycle starts, timeouts)"},
        {"runAllTasks", "queued tasks"},
        {"epollInReady", "I/O ready: reading what arrived (decode, handlers)"},
        {"epollOutReady", "I/O ready: connect completed / writable"},
        {"epollRdHupReady", "I/O ready: peer closed"},
        {"processReady", "I/O ready: other"},
        {"epoll_pwait2", "waiting for events: epoll_pwait2 (sleep, wake-up, context switch)"},
        {"epollWait", "waiting for events: epoll_pwait2 (sleep, wake-up, context switch)"},
    };
    private static final Pattern SYSCALL = Pattern.compile("^__(?:x64|do)_sys_(\\w+)");
    /** "  7f5dc11c30bc void a.B.m(int) (/tmp/perf-1.map)": address, symbol (may hold parentheses), object ("/…" or "[…]", maybe "(deleted)"). */
    private static final Pattern FRAME = Pattern.compile("^\\s*[0-9a-f]+ (.*) \\(((?:/|\\[)[^()]*(?: \\(deleted\\))?)\\)$");

    public static void main(String[] args) throws Exception {
        report(args[0], Pattern.compile(args.length > 1 ? args[1] : "probe-io.*"), args.length > 2 ? Integer.parseInt(args[2]) : 30, System.out);
    }

    /** The summary of {@code data} for the threads whose names match {@code threads}, to {@code out}. */
    static void report(String data, Pattern threads, int top, PrintStream out) throws IOException, InterruptedException {
        Process perf = new ProcessBuilder("perf", "script", "-i", data, "-F", "comm,tid,ip,sym,dso")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        Map<String, Long> groups = new HashMap<>();
        Map<String, Long> where = new HashMap<>();
        Map<String, Long> phases = new HashMap<>();
        Map<String, Long> operations = new HashMap<>();
        Map<String, Long> self = new HashMap<>();
        Map<String, Long> inclusive = new HashMap<>();
        long all = 0;
        long selected = 0;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(perf.getInputStream(), StandardCharsets.UTF_8))) {
            String thread = null;
            List<String[]> stack = new ArrayList<>();
            for (String line = in.readLine(); ; line = in.readLine()) {
                if (line == null || line.isBlank()) {
                    if (thread != null) {
                        all++;
                        groups.merge(BenchSupport.threadGroup(thread), 1L, Long::sum);
                        if (threads.matcher(thread).matches() && !stack.isEmpty()) {
                            selected++;
                            add(stack, where, phases, operations, self, inclusive);
                        }
                    }
                    thread = null;
                    stack.clear();
                    if (line == null) {
                        break;
                    }
                } else if (!Character.isWhitespace(line.charAt(0))) {
                    // "probe-io-1-1 12345 " (the name may hold spaces: the tid is the last word)
                    thread = line.trim().replaceAll("\\s+\\d+$", "");
                } else {
                    Matcher m = FRAME.matcher(line);
                    if (m.matches()) {
                        stack.add(new String[] {m.group(1), m.group(2)});
                    }
                }
            }
        }
        perf.waitFor(60, TimeUnit.SECONDS);
        out.printf("%s: %d samples; by thread group:%n", data, all);
        print(out, groups, all, all, 12);
        out.printf("%nthreads matching %s: %d samples (%.1f %% of all)%n", threads.pattern(), selected, 100.0 * selected / Math.max(1, all));
        out.println("-- where the leaf ran (kernel: the system call it was in) --   [% of these threads, % of all]");
        print(out, where, selected, all, 25);
        out.println("-- what the event loop was doing --");
        print(out, phases, selected, all, 12);
        out.println("-- the pathwatch operation the sample was under (innermost of the probe's own frames; inlined ones are invisible to perf) --");
        print(out, operations, selected, all, top);
        out.println("-- self (leaf symbol) --");
        print(out, self, selected, all, top);
        out.println("-- inclusive (symbol anywhere in the stack) --");
        print(out, inclusive, selected, all, top + 20);
    }

    private static void add(List<String[]> stack, Map<String, Long> where, Map<String, Long> phases, Map<String, Long> operations,
            Map<String, Long> self, Map<String, Long> inclusive) {
        String leaf = stack.get(0)[0];
        String leafDso = stack.get(0)[1];
        String syscall = null;
        String operation = null;
        Set<String> seen = new HashSet<>();
        for (String[] frame : stack) {
            String sym = shortName(frame[0]);
            if (seen.add(sym)) {
                inclusive.merge(sym, 1L, Long::sum);
            }
            Matcher s = SYSCALL.matcher(frame[0]);
            if (syscall == null && s.find()) {
                syscall = s.group(1);
            }
            Matcher o = OPERATION.matcher(frame[0]);
            if (operation == null && o.find()) {
                operation = o.group(1) + (o.group(2).startsWith("$$") ? " (a lambda: " + lambdaNote(o.group(1)) + ")" : "." + o.group(2).substring(1));
            }
        }
        String phase = null;
        for (String[] p : PHASES) {
            if (stack.stream().anyMatch(f -> f[0].contains(p[0]))) {
                phase = p[1];
                break;
            }
        }
        if (phase == null) {
            // libc has no frame pointers: a stack that goes through its system call wrappers ends there
            phase = "unknown: the stack ends in libc" + (syscall != null ? " (system call " + syscall + ")" : "");
        }
        phases.merge(phase, 1L, Long::sum);
        String kind;
        if (leafDso.contains("kernel")) {
            kind = "kernel: " + (syscall != null ? "syscall " + syscall : "no syscall (interrupt, softirq, page fault)");
        } else if (leaf.equals("Interpreter")) {
            kind = "Java, interpreted";
        } else if (leafDso.contains("perf-") && leaf.matches(".*[ .].*\\(.*")) {
            kind = "Java, compiled";
        } else if (leafDso.contains("perf-")) {
            kind = "JVM stubs (" + leaf + ")";
        } else {
            kind = leafDso.replaceAll(".*/", "");
        }
        where.merge(kind, 1L, Long::sum);
        operations.merge(operation == null ? "(none: the event loop itself, or Netty below any pathwatch frame)" : operation, 1L, Long::sum);
        self.merge(shortName(leaf), 1L, Long::sum);
    }

    /** What a class's lambdas are (method references its code schedules or listens with). */
    private static String lambdaNote(String type) {
        return switch (type) {
            case "StreamKeeper" -> "tick, the heartbeat, or connect";
            case "PathSchedule" -> "tick, the cycle start, or completed";
            case "Handshake" -> "resolved, connected, or a phase timeout";
            case "ProbeCycle" -> "an echo timeout";
            default -> "";
        };
    }

    /** A JIT symbol without its return and parameter types: "void a.b.C.m(int)" → "a.b.C.m". */
    private static String shortName(String sym) {
        String s = sym.replaceAll("\\(.*$", "");
        int space = s.lastIndexOf(' ');
        return space >= 0 ? s.substring(space + 1) : s;
    }

    private static void print(PrintStream out, Map<String, Long> counts, long of, long all, int top) {
        counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(top)
                .forEach(e -> out.printf("  %6.1f %% %6.1f %%  %s%n", 100.0 * e.getValue() / of, 100.0 * e.getValue() / all, e.getKey()));
    }

    private PerfTop() {
    }
}
