package io.pathwatch.bench;

import io.pathwatch.testing.Tools;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Optional profiling of one JVM over a benchmark's measured stretch, asked for with
 * {@code PROFILE=jfr}, {@code PROFILE=perf} or both: a JFR recording (started and stopped with
 * jcmd; summarise it with {@code bench/run.sh jfr-top FILE}) and {@code perf record -e cpu-clock -g}
 * of the whole process (JIT symbols from {@code jcmd Compiler.perfmap}, whose map is copied next to
 * the data; reports by thread, DSO and symbol, and {@link PerfTop}'s summary of the event loops,
 * written next to it). The JVM must be started with {@link #jvmOptions}.
 */
final class Profiler {

    private final long pid;
    private final Path dir;
    private final boolean jfr;
    private final Process perf;
    private final int seconds;
    private final List<String> files = new ArrayList<>();

    private Profiler(long pid, Path dir, boolean jfr, Process perf, int seconds) {
        this.pid = pid;
        this.dir = dir;
        this.jfr = jfr;
        this.perf = perf;
        this.seconds = seconds;
    }

    static Profiler start(String what, long pid, Path dir, int seconds) throws IOException, InterruptedException {
        boolean jfr = what.contains("jfr");
        if (jfr) {
            run(60, "jcmd", String.valueOf(pid), "JFR.start", "name=bench", "settings=" + settings(dir), "filename=" + dir.resolve("prober.jfr"));
        }
        Process perf = null;
        if (what.contains("perf")) {
            if (Tools.onPath("perf")) {
                perf = new ProcessBuilder("perf", "record", "-q", "-e", "cpu-clock", "-F", "499", "-g", "-p", String.valueOf(pid),
                        "-o", dir.resolve("prober.perf.data").toString(), "--", "sleep", String.valueOf(seconds))
                        .redirectErrorStream(true).redirectOutput(dir.resolve("perf-record.log").toFile()).start();
            } else {
                System.out.println("  PROFILE=perf: perf is not installed, skipped");
            }
        }
        return new Profiler(pid, dir, jfr, perf, seconds);
    }

    /**
     * JVM options the profiled JVM needs from its start: deeper JFR stacks, and a recording with
     * the same settings from the start, so that the classes JFR instruments for them (Throwable's
     * constructors, socket and file I/O) are instrumented before the warm-up rather than when the
     * measured recording starts, which would throw compiled code away and stall the JVM for
     * seconds in the middle of the measurement; frame pointers for perf's call graphs through JIT
     * code.
     */
    static List<String> jvmOptions(String what, Path dir) throws IOException, InterruptedException {
        List<String> options = new ArrayList<>();
        if (what.contains("jfr")) {
            options.add("-XX:FlightRecorderOptions=stackdepth=256");
            options.add("-XX:StartFlightRecording=name=warm-up,maxage=1m,settings=" + settings(dir));
        }
        if (what.contains("perf")) {
            options.add("-XX:+PreserveFramePointer");
        }
        return options;
    }

    /**
     * JFR's "profile" settings with Java samples every 2 ms instead of 10 ms (an event loop's
     * bursts are short) and every exception's construction recorded with its stack; "profile"
     * itself where the jfr tool is missing.
     */
    private static String settings(Path dir) throws IOException, InterruptedException {
        Path jfc = dir.resolve("bench.jfc");
        Path tool = Path.of(System.getProperty("java.home"), "bin", "jfr");
        if (!Files.exists(jfc) && Files.isExecutable(tool)) {
            run(60, tool.toString(), "configure", "--input", "profile", "jdk.ExecutionSample#period=2ms", "jdk.NativeMethodSample#period=10ms",
                    "jdk.JavaExceptionThrow#enabled=true", "--output", jfc.toString());
        }
        return Files.exists(jfc) ? jfc.toString() : "profile";
    }

    void stop() throws IOException, InterruptedException {
        if (jfr) {
            run(120, "jcmd", String.valueOf(pid), "JFR.stop", "name=bench");
            files.add(dir.resolve("prober.jfr").toString());
        }
        if (perf != null) {
            if (!perf.waitFor(seconds + 60L, TimeUnit.SECONDS)) {
                perf.destroy();
            }
            run(60, "jcmd", String.valueOf(pid), "Compiler.perfmap");
            Path data = dir.resolve("prober.perf.data");
            // perf finds JIT symbols in /tmp/perf-PID.map; keep a copy beside the data (copy it back to read the data later)
            Path map = Path.of("/tmp", "perf-" + pid + ".map");
            if (Files.exists(map)) {
                Files.copy(map, dir.resolve(map.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
            try (PrintStream out = new PrintStream(Files.newOutputStream(dir.resolve("prober.perf-eventloops.txt")), true, StandardCharsets.UTF_8)) {
                PerfTop.report(data.toString(), Pattern.compile("probe-io.*"), 30, out);
            }
            report(data, false, "comm", dir.resolve("prober.perf-threads.txt"));
            report(data, false, "comm,dso", dir.resolve("prober.perf-dso.txt"));
            report(data, false, "comm,sym", dir.resolve("prober.perf-self.txt"));
            report(data, true, "comm,sym", dir.resolve("prober.perf-inclusive.txt"));
            files.add(data.toString());
        }
    }

    String files() {
        return String.join(", ", files);
    }

    /** perf's shares of the samples by {@code sort}; with {@code children}, each symbol with everything it called. */
    private static void report(Path data, boolean children, String sort, Path out) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("perf", "report", "-i", data.toString(), children ? "--children" : "--no-children", "--sort", sort,
                "--stdio", "-g", "none", "--percent-limit", "0.2").redirectErrorStream(true).redirectOutput(out.toFile()).start();
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
    }

    private static void run(int timeoutSeconds, String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("timed out: " + String.join(" ", cmd));
        }
    }
}
