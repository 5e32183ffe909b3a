package io.pathwatch.bench;

import io.pathwatch.bench.BenchSupport.Fleet;
import io.pathwatch.bench.BenchSupport.ResponderCounts;
import io.pathwatch.bench.BenchSupport.Span;
import io.pathwatch.testing.NetnsHosts;
import io.pathwatch.testing.Tools;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The prober's CPU cost per path at real RTTs. For each delay in the same run (0 ms and 100 ms
 * each way, so ~0 and 200 ms RTT), two network namespaces joined by the userspace delay line
 * ({@code src/test/c/delayline.c}, TUN devices, addresses in 198.18.0.0/15 inside the namespaces
 * only), a responder-only pathwatch JVM in A and a prober-only JVM in B with N paths to it (default
 * probe settings: a cycle of 5 echoes every second, a heartbeat every 100 ms). Once every stream is
 * up and the prober has warmed up, the prober's CPU time (utime + stime of its JVM) is measured over
 * a stretch of wall time, beside the responder's and the delay line's, and the cycles that
 * completed in it; the figure is CPU-ms per path-second, and the ratio of the two delays shows how
 * much the cost depends on the RTT. Needs root, ip netns, curl, gcc and /dev/net/tun: without
 * them it says what is missing and exits 0.
 *
 * <p>{@code PROFILE=jfr} (and/or {@code perf}) records the prober over the measured stretch with
 * JFR and/or {@code perf record -g} (see {@link Profiler}); the files stay in the run directory,
 * and the CPU figures of such a run include the profilers' overhead.
 */
public final class PathScaleRttBenchmark {

    /** {@code ONE_WAY="100"}: only these delays (ms each way), for experiments; the goals need both. */
    private static final int[] ONE_WAY_MS = java.util.Arrays.stream(System.getenv().getOrDefault("ONE_WAY", "0 100").trim().split("[\\s,]+"))
            .mapToInt(Integer::parseInt).toArray();
    private static final int PORT = 7100;
    private static final int RESPONDER_HTTP = 18090;
    private static final int PROBER_HTTP = 18091;
    private static final Duration WARM_UP = Duration.ofSeconds(Long.parseLong(System.getenv().getOrDefault("WARMUP", "30")));
    private static final double GOAL_CPU_MS = 0.5;
    private static final double GOAL_RATIO = 1.25;
    /** {@code PROBER_ARGS}: more arguments for the prober, for experiments (e.g. --pathwatch.probe.heartbeat=1s). */
    private static final List<String> EXTRA_PROBER_ARGS = List.of(System.getenv().getOrDefault("PROBER_ARGS", "").trim().split("\\s+"))
            .stream().filter(a -> !a.isEmpty()).toList();

    private static volatile NetnsHosts current;

    public static void main(String[] args) throws Exception {
        int paths = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 60;
        String profile = System.getenv().getOrDefault("PROFILE", "").toLowerCase(Locale.ROOT);
        String missing = missing();
        if (missing != null) {
            System.out.println("path-scale-rtt: skipped, " + missing);
            return;
        }
        if (BenchSupport.jar().isEmpty()) {
            System.err.println("path-scale-rtt: target/pathwatch.jar is not built (bench/run.sh builds it)");
            System.exit(1);
        }
        Path dir = BenchSupport.runDir("path-scale-rtt");
        Path delayline = compileDelayLine(dir);
        Runtime.getRuntime().addShutdownHook(new Thread(PathScaleRttBenchmark::closeCurrent, "bench-cleanup"));

        System.out.printf("path-scale-rtt: %d paths (default probe settings: a cycle of 5 echoes every 1 s, a heartbeat every 100 ms), "
                + "%d s measured after %d s of warm-up; "
                + "%d CPUs; both JVMs %s; logs in %s%n", paths, seconds, WARM_UP.toSeconds(), Runtime.getRuntime().availableProcessors(),
                String.join(" ", BenchSupport.HEAP), dir);
        System.out.println("  prober namespace: net.ipv4.tcp_tw_reuse=1, net.ipv4.ip_local_port_range=\"1024 65535\" "
                + "(a cycle ends with a reset, so there should be no TIME_WAIT: the count below checks it)");
        if (!EXTRA_PROBER_ARGS.isEmpty()) {
            System.out.println("  PROBER_ARGS: the prober also gets " + String.join(" ", EXTRA_PROBER_ARGS));
        }
        if (!profile.isBlank()) {
            System.out.println("  PROFILE=" + profile + ": the prober is profiled while measured, so its CPU figures include the profiler's overhead");
        }
        List<Result> results = new ArrayList<>();
        for (int oneWay : ONE_WAY_MS) {
            Result r = run(dir, delayline, oneWay, paths, seconds, profile);
            results.add(r);
            System.out.println(r.line());
        }
        Result zero = results.get(0);
        Result far = results.get(results.size() - 1);
        double ratio = far.cpuMsPerPathSecond() / zero.cpuMsPerPathSecond();
        System.out.printf("path-scale-rtt %d paths: CPU-ms per path-second %s at %d ms each way, %s at %d ms each way (goal at 200 ms RTT: <= %.2f, %s); "
                        + "ratio %d ms RTT / %d ms RTT %.2f (goal <= %.2f, %s); on a shared 2-CPU VM repeat the run and take the median%n",
                paths, BenchSupport.fmt(zero.cpuMsPerPathSecond()), zero.oneWayMs, BenchSupport.fmt(far.cpuMsPerPathSecond()), far.oneWayMs,
                GOAL_CPU_MS, far.cpuMsPerPathSecond() <= GOAL_CPU_MS ? "met" : "MISSED",
                2 * far.oneWayMs, 2 * zero.oneWayMs, ratio, GOAL_RATIO, ratio <= GOAL_RATIO ? "met" : "MISSED");
    }

    /** What is missing to run this benchmark here, or null. */
    static String missing() {
        String netns = NetnsHosts.missing();
        if (netns != null) {
            return netns;
        }
        if (!Tools.onPath("gcc")) {
            return "gcc is not installed (it compiles src/test/c/delayline.c)";
        }
        if (!Files.exists(Path.of("/dev/net/tun"))) {
            return "no /dev/net/tun (the delay line needs TUN devices)";
        }
        return null;
    }

    private static Path compileDelayLine(Path dir) throws Exception {
        Path binary = dir.resolve("delayline");
        Process gcc = new ProcessBuilder("gcc", "-O2", "-o", binary.toString(), "src/test/c/delayline.c").redirectErrorStream(true).start();
        String out = new String(gcc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!gcc.waitFor(60, TimeUnit.SECONDS) || gcc.exitValue() != 0) {
            throw new IllegalStateException("gcc src/test/c/delayline.c failed: " + out);
        }
        return binary;
    }

    private static Result run(Path dir, Path delayline, int oneWay, int paths, int seconds, String profile) throws Exception {
        Path logs = Files.createDirectories(dir.resolve("delay-" + oneWay + "ms"));
        long tag = ProcessHandle.current().pid() % 100_000;
        String ta = "pwr" + oneWay + "a" + tag;
        String tb = "pwr" + oneWay + "b" + tag;
        String ra = "198.18.10.1";
        String rb = "198.18.10.2";
        NetnsHosts hosts = NetnsHosts.create("rtt" + oneWay, logs);
        current = hosts;
        BenchSupport.leftover(dir, "netns", hosts.a);
        BenchSupport.leftover(dir, "netns", hosts.b);
        try {
            Process line = hosts.start("delayline", delayline.toString(), ta, tb, String.valueOf(oneWay));
            BenchSupport.leftover(dir, "pid", line.pid());
            if (!BenchSupport.await(Duration.ofSeconds(10), Duration.ofMillis(100), () -> Files.readString(logs.resolve("delayline.log")).contains("ready"))) {
                throw new IllegalStateException("the delay line did not start: " + Files.readString(logs.resolve("delayline.log")));
            }
            hosts.plug(ta, ra + " peer " + rb, tb, rb + " peer " + ra);
            // a TUN device queues 500 packets by default, and a delay line that falls behind for a moment must not drop SYNs
            hosts.must("ip", "-n", hosts.a, "link", "set", "dev", ta, "txqueuelen", "10000");
            hosts.must("ip", "-n", hosts.b, "link", "set", "dev", tb, "txqueuelen", "10000");
            hosts.must("ip", "netns", "exec", hosts.b, "sysctl", "-q", "-w", "net.ipv4.tcp_tw_reuse=1");
            hosts.must("ip", "netns", "exec", hosts.b, "sysctl", "-q", "-w", "net.ipv4.ip_local_port_range=1024 65535");

            Process responder = hosts.pathwatch(hosts.a, "responder", BenchSupport.HEAP,
                    "--server.port=" + RESPONDER_HTTP, "--server.address=127.0.0.1", "--pathwatch.demo.enabled=false",
                    "--pathwatch.auth.secret=" + BenchSupport.SECRET, "--pathwatch.responder.bind=" + ra, "--pathwatch.responder.port=" + PORT,
                    "--pathwatch.responder.max-connections=" + (paths * 4 + 100), "--pathwatch.state-dir=" + logs.resolve("responder-state"));
            BenchSupport.leftover(dir, "pid", responder.pid());
            hosts.awaitReady(hosts.a, RESPONDER_HTTP);

            Path yaml = BenchSupport.pathsYaml(logs.resolve("paths.yml"), paths, ra + ":" + PORT);
            List<String> proberArgs = new ArrayList<>(List.of("--server.port=" + PROBER_HTTP, "--server.address=127.0.0.1",
                    "--pathwatch.demo.enabled=false", "--pathwatch.responder.enabled=false", "--pathwatch.auth.secret=" + BenchSupport.SECRET,
                    "--pathwatch.state-dir=" + logs.resolve("prober-state"), "--spring.config.additional-location=file:" + yaml.toAbsolutePath()));
            proberArgs.addAll(EXTRA_PROBER_ARGS);
            List<String> jvm = new ArrayList<>(BenchSupport.HEAP);
            jvm.addAll(Profiler.jvmOptions(profile, logs));
            Process prober = hosts.pathwatch(hosts.b, "prober", jvm, proberArgs.toArray(String[]::new));
            BenchSupport.leftover(dir, "pid", prober.pid());
            hosts.awaitReady(hosts.b, PROBER_HTTP);
            long proberPid = BenchSupport.javaPid(prober);
            long responderPid = BenchSupport.javaPid(responder);

            if (!BenchSupport.await(Duration.ofSeconds(120), Duration.ofSeconds(2), () -> fleet(hosts, "1m").streamsUp() == paths)) {
                throw new IllegalStateException("not every stream connected within 120 s: " + fleet(hosts, "1m"));
            }
            Thread.sleep(WARM_UP.toMillis());

            BenchSupport.awaitQuiet(proberPid, responderPid, line.pid());
            Fleet before = fleet(hosts, "1h");
            ResponderCounts counts0 = responderCounts(hosts);
            Profiler profiler = Profiler.start(profile, proberPid, logs, seconds);
            Span span = Span.start(proberPid, responderPid, line.pid());
            Thread.sleep(seconds * 1000L);
            span.stop();
            profiler.stop();
            ResponderCounts counts = responderCounts(hosts).minus(counts0);
            Fleet after = fleet(hosts, "1h");
            Fleet lastMinute = fleet(hosts, "1m");
            double lag = BenchSupport.worstScheduleLagMs(hosts.get(hosts.b, "http://127.0.0.1:" + PROBER_HTTP + "/actuator/prometheus", 60));
            return new Result(oneWay, paths, span, counts, before, after, lastMinute, lag, timeWait(hosts),
                    tunDrops(hosts.a, ta) + tunDrops(hosts.b, tb), profiler.files());
        } finally {
            hosts.close();
            current = null;
        }
    }

    private static ResponderCounts responderCounts(NetnsHosts hosts) throws Exception {
        return ResponderCounts.of(hosts.json(hosts.a, "http://127.0.0.1:" + RESPONDER_HTTP + "/actuator/health/responder"));
    }

    private static Fleet fleet(NetnsHosts hosts, String window) throws Exception {
        return Fleet.of(hosts.jsonList(hosts.b, "http://127.0.0.1:" + PROBER_HTTP + "/api/paths?window=" + window, 120));
    }

    /** Packets a TUN device dropped on the way to the delay line since it was created (its queue was full). */
    private static long tunDrops(String ns, String dev) throws Exception {
        Process ip = new ProcessBuilder("ip", "-n", ns, "-j", "-s", "link", "show", "dev", dev).start();
        String json = new String(ip.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        ip.waitFor(10, TimeUnit.SECONDS);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"tx\":\\{[^}]*\"dropped\":(\\d+)").matcher(json);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    /** Sockets in TIME_WAIT in the prober's namespace. */
    private static long timeWait(NetnsHosts hosts) throws Exception {
        Process ss = new ProcessBuilder("ip", "netns", "exec", hosts.b, "ss", "-Htan", "state", "time-wait").start();
        long n = new String(ss.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().count();
        ss.waitFor(10, TimeUnit.SECONDS);
        return n;
    }

    private static void closeCurrent() {
        NetnsHosts hosts = current;
        if (hosts != null) {
            try {
                hosts.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    record Result(int oneWayMs, int paths, Span span, ResponderCounts counts, Fleet before, Fleet after, Fleet lastMinute, double worstLagMs,
                  long timeWait, long tunDrops, String profiles) {

        double cpuMsPerPathSecond() {
            return span.cpuMs(0) / (paths * span.seconds());
        }

        String line() {
            long reconnects = after.disconnects() - before.disconnects();
            long cycles = counts.connectionsAccepted() - reconnects;
            return String.format(Locale.ROOT,
                    "delay %d ms each way: %d paths, %.1f s: prober %.2f CPU-s = %.3f core = %s CPU-ms per path-second; "
                            + "responder %.3f core; delay line %.3f core; %d cycles (connections the responder accepted, %.1f %% of %d due; "
                            + "%d completed and %d failed between the prober's API snapshots), %d echoes answered, worst schedule lag p99 %.1f ms; "
                            + "rtt p50 (median over paths, last minute) %.2f ms, connect p50 %.2f ms; "
                            + "%d path-windows untrusted (prober's own lag) in the last minute; %d/%d streams up, %d disconnects; "
                            + "%d TIME_WAIT in the prober's namespace; %d packets dropped at the TUN devices; prober's threads (cores): %s; %s%s",
                    oneWayMs, paths, span.seconds(), span.cpuMs(0) / 1000.0, span.cores(0), BenchSupport.fmt(cpuMsPerPathSecond()),
                    span.cores(1), span.cores(2), cycles, 100.0 * cycles / (paths * span.seconds()), Math.round(paths * span.seconds()),
                    after.cycles() - before.cycles(), after.failed() - before.failed(), counts.echoes(), worstLagMs,
                    lastMinute.medianRttP50Ms(), lastMinute.medianConnectP50Ms(), lastMinute.untrustedWindows(), after.streamsUp(), paths, reconnects, timeWait, tunDrops, span.threads(), span.machine(),
                    profiles.isEmpty() ? "" : "; profile: " + profiles);
        }
    }
}
