package io.pathwatch.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * What the benchmarks that run pathwatch as separate JVMs share: CPU time from {@code /proc}, the
 * JVM behind a launcher, the generated paths file, the fleet's figures from {@code GET /api/paths}
 * and a list of what {@code bench/run.sh} must clean up should this JVM die without its shutdown
 * hooks (kill -9).
 */
final class BenchSupport {

    /**
     * The heap every pathwatch JVM of a benchmark gets, the same on both ends; touched at start so
     * that first-touch page faults of a fresh heap are not measured as the steady state.
     */
    static final List<String> HEAP = List.of("-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch", "-XX:MaxTenuringThreshold=1");
    /** The HMAC secret both ends share. */
    static final String SECRET = "bench-secret";

    private static final long TICKS_PER_SECOND = ticksPerSecond();

    private BenchSupport() {
    }

    /**
     * Where this run writes its logs and files: {@code -Dbench.dir} (bench/run.sh sets it) or a new
     * temporary directory. From here on, what the benchmark prints also goes to its output.txt.
     */
    static Path runDir(String name) throws IOException {
        String dir = System.getProperty("bench.dir");
        Path path = Files.createDirectories(dir == null ? Files.createTempDirectory("pathwatch-" + name + "-") : Path.of(dir));
        OutputStream console = System.out;
        OutputStream file = Files.newOutputStream(path.resolve("output.txt"), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        System.setOut(new PrintStream(new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                console.write(b);
                file.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                console.write(b, off, len);
                file.write(b, off, len);
            }

            @Override
            public void flush() throws IOException {
                console.flush();
                file.flush();
            }
        }, true, StandardCharsets.UTF_8));
        return path;
    }

    /** The packaged jar the JVMs run, or empty if it is not built. */
    static Optional<Path> jar() {
        Path jar = Path.of(System.getProperty("pathwatch.jar", "target/pathwatch.jar"));
        return Files.isRegularFile(jar) ? Optional.of(jar) : Optional.empty();
    }

    /** CPU time (user + system, every thread, living or ended) the process has used, in ms; -1 if it is gone. */
    static long cpuMillis(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
            // after "pid (comm) ": field 3 (state) is index 0, so utime (14) and stime (15) are 11 and 12
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 1000 / TICKS_PER_SECOND;
        } catch (IOException e) {
            return -1;
        }
    }

    /** One thread: its name (Linux keeps 15 characters), CPU time (ms) and how often it went to sleep (voluntary context switches). */
    record ThreadStat(String name, long cpuMs, long sleeps) {
    }

    /** Every thread of a process now, by thread id. */
    static Map<Long, ThreadStat> threadCpu(long pid) {
        Map<Long, ThreadStat> all = new java.util.HashMap<>();
        try (var dirs = Files.list(Path.of("/proc", String.valueOf(pid), "task"))) {
            dirs.forEach(d -> {
                try {
                    String stat = Files.readString(d.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    long ms = (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 1000 / TICKS_PER_SECOND;
                    long sleeps = Files.readAllLines(d.resolve("status")).stream().filter(l -> l.startsWith("voluntary_ctxt_switches:"))
                            .mapToLong(l -> Long.parseLong(l.substring(l.indexOf(':') + 1).trim())).findFirst().orElse(0);
                    all.put(Long.parseLong(d.getFileName().toString()), new ThreadStat(name, ms, sleeps));
                } catch (IOException | RuntimeException e) {
                    // ended meanwhile
                }
            });
        } catch (IOException e) {
            // the process is gone
        }
        return all;
    }

    /** A thread's name without its numbers, so pools add up: probe-io-3-1 → probe-io, GC Thread#1 → GC Thread, C2 CompilerThre → C2 CompilerThre. */
    static String threadGroup(String name) {
        return name.replaceAll("[-#]\\d+", "").replaceAll("\\d+$", "").replaceAll("-$", "");
    }

    /** CPU time (ms) the machine spent in interrupts and softirqs (where the kernel's network processing partly lands). */
    static long machineIrqMillis() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            return (Long.parseLong(f[6]) + Long.parseLong(f[7])) * 1000 / TICKS_PER_SECOND;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every process's CPU time (ms) now, by pid, with its name; to tell afterwards who else used the machine. */
    static Map<Long, Map.Entry<String, Long>> allProcesses() {
        Map<Long, Map.Entry<String, Long>> all = new java.util.HashMap<>();
        try (var dirs = Files.list(Path.of("/proc"))) {
            dirs.map(d -> d.getFileName().toString()).filter(n -> n.chars().allMatch(Character::isDigit)).forEach(n -> {
                long pid = Long.parseLong(n);
                try {
                    String stat = Files.readString(Path.of("/proc", n, "stat"));
                    String comm = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    all.put(pid, Map.entry(comm, cpuMillis(pid)));
                } catch (IOException | RuntimeException e) {
                    // ended meanwhile
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return all;
    }

    /**
     * Who else kept the machine busy between two {@link #allProcesses()}: the busiest processes
     * that are not in {@code ours}, in cores over {@code seconds} (processes that started and
     * ended in between are not seen), e.g. "java 1234 0.71, mvn...".
     */
    static String others(Map<Long, Map.Entry<String, Long>> before, Map<Long, Map.Entry<String, Long>> after, List<Long> ours, double seconds) {
        List<Map.Entry<String, Double>> busy = new ArrayList<>();
        after.forEach((pid, now) -> {
            if (!ours.contains(pid)) {
                Map.Entry<String, Long> then = before.get(pid);
                long used = now.getValue() - (then == null ? 0 : then.getValue());
                if (used > 0) {
                    busy.add(Map.entry(now.getKey() + " " + pid, used / 1000.0 / seconds));
                }
            }
        });
        busy.sort(Map.Entry.<String, Double>comparingByValue().reversed());
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, Double> e : busy.subList(0, Math.min(3, busy.size()))) {
            if (e.getValue() >= 0.01) {
                out.append(out.length() == 0 ? "" : ", ").append(e.getKey()).append(String.format(" %.2f", e.getValue()));
            }
        }
        return out.length() == 0 ? "none" : out.toString();
    }

    /**
     * On a shared machine: waits, at most {@code QUIET_WAIT} seconds (environment; default 0, no
     * wait), until the processes other than {@code ours} and this JVM use less than 0.1 core over
     * 5 s, so that they do not compete with what is measured. Says how long it waited.
     */
    static void awaitQuiet(long... ours) throws InterruptedException {
        long max = quietWaitSeconds();
        List<Long> mine = new ArrayList<>();
        for (long p : ours) {
            mine.add(p);
        }
        mine.add(ProcessHandle.current().pid());
        long start = System.nanoTime();
        String busy = null;
        while ((System.nanoTime() - start) / 1e9 < max) {
            Map<Long, Map.Entry<String, Long>> before = allProcesses();
            Thread.sleep(5000);
            Map<Long, Map.Entry<String, Long>> after = allProcesses();
            double others = 0;
            for (var e : after.entrySet()) {
                var then = before.get(e.getKey());
                if (!mine.contains(e.getKey()) && then != null) {
                    others += (e.getValue().getValue() - then.getValue()) / 5000.0;
                }
            }
            if (others < 0.1) {
                break;
            }
            busy = others(before, after, mine, 5);
        }
        if (busy != null) {
            System.out.printf("  waited %.0f s for other processes to quiet down (last seen: %s)%n", (System.nanoTime() - start) / 1e9, busy);
        }
    }

    /** The longest {@link #awaitQuiet} may wait: {@code QUIET_WAIT} seconds, 0 by default. */
    static long quietWaitSeconds() {
        return Long.parseLong(System.getenv().getOrDefault("QUIET_WAIT", "0"));
    }

    /** The worst path's schedule lag p99 in its last sealed window (ms), from a Prometheus exposition; NaN if none. */
    static double worstScheduleLagMs(String prometheus) {
        double worst = Double.NaN;
        for (String line : prometheus.split("\n")) {
            if (line.startsWith("pathwatch_schedule_lag_seconds{")) {
                double v = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)) * 1000;
                worst = Double.isNaN(worst) ? v : Math.max(worst, v);
            }
        }
        return worst;
    }

    /**
     * CPU time of some processes and of the whole machine over one stretch of wall time, and who
     * else was busy meanwhile. Reading it costs nothing to the processes measured.
     */
    static final class Span {
        private final List<Long> pids;
        private final long[] cpu;
        private final long wall0 = System.nanoTime();
        private final Map<Long, Map.Entry<String, Long>> processes0 = allProcesses();
        private final Map<Long, ThreadStat> threads0;
        private final Map<String, long[]> threadGroups = new java.util.TreeMap<>();
        private long irq = machineIrqMillis();
        private long allProcessesMs;
        private double seconds;
        private String others;

        private Span(List<Long> pids) {
            this.pids = pids;
            this.cpu = new long[pids.size()];
            this.threads0 = threadCpu(pids.get(0));
            for (int i = 0; i < cpu.length; i++) {
                cpu[i] = cpuMillis(pids.get(i));
            }
        }

        /** Starts measuring these processes (this JVM is always left out of "others"). */
        static Span start(long... pids) {
            List<Long> list = new ArrayList<>();
            for (long p : pids) {
                list.add(p);
            }
            return new Span(list);
        }

        Span stop() {
            threadCpu(pids.get(0)).forEach((tid, now) -> {
                ThreadStat then = threads0.getOrDefault(tid, new ThreadStat(now.name(), 0, 0));
                long[] sum = threadGroups.computeIfAbsent(threadGroup(now.name()), k -> new long[2]);
                sum[0] += now.cpuMs() - then.cpuMs();
                sum[1] += now.sleeps() - then.sleeps();
            });
            for (int i = 0; i < cpu.length; i++) {
                cpu[i] = cpuMillis(pids.get(i)) - cpu[i];
            }
            irq = machineIrqMillis() - irq;
            seconds = (System.nanoTime() - wall0) / 1e9;
            List<Long> ours = new ArrayList<>(pids);
            ours.add(ProcessHandle.current().pid());
            Map<Long, Map.Entry<String, Long>> processes = allProcesses();
            others = BenchSupport.others(processes0, processes, ours, seconds);
            processes.forEach((pid, now) -> {
                Map.Entry<String, Long> then = processes0.get(pid);
                allProcessesMs += now.getValue() - (then == null ? 0 : then.getValue());
            });
            return this;
        }

        /** CPU ms the i-th process used. */
        long cpuMs(int i) {
            return cpu[i];
        }

        /** Cores the i-th process kept busy on average. */
        double cores(int i) {
            return cpu[i] / 1000.0 / seconds;
        }

        double seconds() {
            return seconds;
        }

        /**
         * The first process's CPU by thread group, busiest first, in cores, with how often its
         * threads went to sleep (each sleep is a wake-up later): "probe-io 0.184 (5800 sleeps/s), ...";
         * threads that ended meanwhile are left out.
         */
        String threads() {
            StringBuilder out = new StringBuilder();
            threadGroups.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue()[0], a.getValue()[0]))
                    .filter(e -> e.getValue()[0] / 1000.0 / seconds >= 0.005)
                    .forEach(e -> out.append(out.length() == 0 ? "" : ", ").append(e.getKey())
                            .append(String.format(java.util.Locale.ROOT, " %.3f (%.0f sleeps/s)", e.getValue()[0] / 1000.0 / seconds,
                                    e.getValue()[1] / seconds)));
            return out.toString();
        }

        /**
         * The machine meanwhile: every process's CPU together (processes that started and ended
         * in between are not seen), interrupts and softirqs, and the busiest other processes.
         * Not /proc/stat's busy time: it is sampled at the timer tick, and work that wakes up in
         * step with the tick (the blackbox driver's 10 ms ticker) hides from it.
         */
        String machine() {
            return String.format(java.util.Locale.ROOT, "all processes %.2f cores, irq+softirq (tick-sampled) %.2f; busiest other processes: %s",
                    allProcessesMs / 1000.0 / seconds, irq / 1000.0 / seconds, others);
        }
    }

    /**
     * The JVM a launcher started: the launcher itself if it is java (as {@code ip netns exec}
     * leaves it), else its first java descendant. Waits at most 10 s for it to appear.
     */
    static long javaPid(Process launcher) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            List<ProcessHandle> candidates = new ArrayList<>();
            candidates.add(launcher.toHandle());
            launcher.toHandle().descendants().forEach(candidates::add);
            for (ProcessHandle h : candidates) {
                if (h.isAlive() && h.info().command().map(c -> c.endsWith("/java")).orElse(false)) {
                    return h.pid();
                }
            }
            if (!launcher.isAlive()) {
                break;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("no java process under launcher " + launcher.pid());
    }

    /** A configuration file with {@code n} paths named path-0.. to {@code target}; given to pathwatch with spring.config.additional-location. */
    /** Starts {@code target/pathwatch.jar} with {@link #HEAP} and {@code args}; its output goes to {@code name}.log, and {@code started} remembers it. */
    static Process startJar(Path dir, String name, List<Process> started, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(HEAP);
        cmd.addAll(List.of("-jar", jar().orElseThrow().toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve(name + ".log").toFile()).start();
        started.add(p);
        leftover(dir, "pid", p.pid());
        return p;
    }

    /** Asks each to stop, then kills any still running after 20 s. */
    static void stopAll(List<Process> processes) {
        for (Process p : processes) {
            p.destroy();
            try {
                if (!p.waitFor(20, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Waits until the pathwatch with HTTP on {@code port} is ready. */
    static void awaitReady(int port, Duration atMost) throws InterruptedException {
        if (!await(atMost, Duration.ofMillis(500), () -> httpGet(port, "/actuator/health/readiness").contains("\"UP\""))) {
            throw new IllegalStateException("http://127.0.0.1:" + port + " did not come up within " + atMost);
        }
    }

    /** The body of a GET to 127.0.0.1:{@code port}, waiting at most a minute. */
    static String httpGet(int port, String path) throws IOException, InterruptedException {
        return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(60)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body();
    }

    static Path pathsYaml(Path file, int n, String target) throws IOException {
        StringBuilder yaml = new StringBuilder("pathwatch:\n  paths:\n");
        for (int i = 0; i < n; i++) {
            yaml.append("    - name: path-").append(i).append("\n      target: \"").append(target).append("\"\n");
        }
        return Files.writeString(file, yaml);
    }

    /** Notes something bench/run.sh's trap removes should this JVM die without cleaning up: {@code netns NAME} or {@code pid PID}. */
    static void leftover(Path runDir, String kind, Object what) {
        try {
            Files.writeString(runDir.resolve("leftovers"), kind + " " + what + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Polls {@code condition} every {@code every} until it holds or {@code atMost} has passed; true if it held. */
    static boolean await(Duration atMost, Duration every, Check condition) throws InterruptedException {
        long deadline = System.nanoTime() + atMost.toNanos();
        while (true) {
            try {
                if (condition.holds()) {
                    return true;
                }
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                // not up yet
            }
            if (System.nanoTime() >= deadline) {
                return false;
            }
            Thread.sleep(every.toMillis());
        }
    }

    interface Check {
        boolean holds() throws Exception;
    }

    static String fmt(double v) {
        return String.format("%.3f", v);
    }

    /**
     * The responder's counters since its start, from {@code GET /actuator/health/responder} (on
     * the responder's JVM, so reading them costs the prober nothing): every probe cycle is one
     * accepted connection, which makes two readings an exact count of the cycles in between. The
     * prober's {@code GET /api/paths} takes a second or more for hundreds of paths, too long to
     * bracket a stretch of time precisely.
     */
    record ResponderCounts(long connectionsAccepted, long echoes) {

        @SuppressWarnings("unchecked")
        static ResponderCounts of(Map<String, Object> health) {
            Map<String, Object> d = (Map<String, Object>) health.get("details");
            return new ResponderCounts(((Number) d.get("connectionsAccepted")).longValue(), ((Number) d.get("echoes")).longValue());
        }

        ResponderCounts minus(ResponderCounts earlier) {
            return new ResponderCounts(connectionsAccepted - earlier.connectionsAccepted, echoes - earlier.echoes);
        }
    }

    /**
     * The fleet's figures from one {@code GET /api/paths}: with {@code ?window=1h} the counts are
     * everything since the start (a run is shorter than an hour), so two of them bracket an interval.
     */
    /** @param untrustedWindows path-windows flagged untrusted (the prober's own lag p99 above max-self-lag), summed over paths */
    record Fleet(int paths, long cycles, long failed, int streamsUp, long disconnects, double medianRttP50Ms, double medianConnectP50Ms,
                 long untrustedWindows) {

        static Fleet of(List<Map<String, Object>> views) {
            long cycles = 0;
            long failed = 0;
            int up = 0;
            long disconnects = 0;
            List<Double> rtt = new ArrayList<>();
            List<Double> connect = new ArrayList<>();
            long untrusted = 0;
            for (Map<String, Object> v : views) {
                Map<String, Object> w = map(v.get("window"));
                cycles += ((Number) w.get("cycles")).longValue();
                for (Object n : map(w.get("errors")).values()) {
                    failed += ((Number) n).longValue();
                }
                Map<String, Object> stream = map(v.get("stream"));
                up += Boolean.TRUE.equals(stream.get("connected")) ? 1 : 0;
                disconnects += ((Number) stream.get("disconnects")).longValue();
                p50(w.get("rttMs")).ifPresent(rtt::add);
                p50(w.get("connectMs")).ifPresent(connect::add);
                Object measurement = w.get("measurement");
                if (measurement != null) {
                    untrusted += ((Number) map(measurement).get("untrustedWindows")).longValue();
                }
            }
            return new Fleet(views.size(), cycles, failed, up, disconnects, median(rtt), median(connect), untrusted);
        }

        private static Optional<Double> p50(Object distribution) {
            Object p50 = distribution == null ? null : map(distribution).get("p50");
            return p50 == null ? Optional.empty() : Optional.of(((Number) p50).doubleValue());
        }

        private static double median(List<Double> values) {
            if (values.isEmpty()) {
                return Double.NaN;
            }
            values.sort(null);
            int n = values.size();
            return n % 2 == 1 ? values.get(n / 2) : (values.get(n / 2 - 1) + values.get(n / 2)) / 2;
        }

        @SuppressWarnings("unchecked")
        private static Map<String, Object> map(Object o) {
            return (Map<String, Object>) o;
        }
    }

    private static long ticksPerSecond() {
        try {
            Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0 ? Long.parseLong(out) : 100;
        } catch (IOException | NumberFormatException e) {
            return 100;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 100;
        }
    }
}
