package io.pathwatch.bench;

import io.pathwatch.testing.Http;
import io.pathwatch.testing.Tools;
import io.pathwatch.testing.WebhookReceiver;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A long run with impairments that keep changing: does anything grow, is any alert lost or sent
 * twice, does anything restart? Two JVMs from target/pathwatch.jar on loopback: a <em>lab</em>
 * (the demo: its responder behind the lab proxy's four paths, impairments changed at run time with
 * {@code PUT /api/lab/paths/{name}} and {@code POST .../stall}) and an <em>agent</em> probing 200
 * paths, 50 through each lab path, with pathwatch's defaults (a cycle a second, a 100 ms
 * heartbeat, 10 s windows) and its alerts going to a webhook receiver in this JVM.
 *
 * <p>The first two minutes are clean (baselines learn); then every minute each lab path takes the
 * next impairment of a rotation (stalls, resets, a blackhole, jitter, a bandwidth cap, a stall
 * now, clean), staggered so that the four paths differ. Every minute, for both JVMs: heap after a
 * full GC ({@code jcmd PID GC.run}, then the actuator's {@code jvm.memory.used{area=heap}}), direct
 * buffers ({@code jvm.buffer.memory.used{id=direct}}), threads and RSS ({@code /proc/PID/status}),
 * open file descriptors ({@code /proc/PID/fd}). At the end: each figure's least-squares slope per
 * minute over the last {@code slope-minutes}; then every impairment is removed, and once every
 * incident has been resolved (at most 8 minutes) the alerts are checked: no id twice, every
 * RAISED incident has exactly one RESOLVED, nothing left open; and each JVM still has the pid and
 * an uptime as long as the run.
 *
 * <p>{@code bench/run.sh soak [minutes=30] [slope-minutes=10]}
 */
public final class SoakBenchmark {

    private static final int LAB_HTTP = 18731;
    private static final int AGENT_HTTP = 18732;
    private static final int PATHS = 200;
    private static final int CLEAN_MINUTES = 2;
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** What a lab path does during one minute: a body for PUT, or a stall (POST) on clean settings. */
    record Phase(String name, String settings, long stallMs) {
    }

    private static final String CLEAN = "{\"upstream\":{\"delayMs\":10},\"downstream\":{\"delayMs\":10}}";
    private static final List<Phase> ROTATION = List.of(
            new Phase("stalls 3 s every 15 s", "{\"upstream\":{\"delayMs\":10},\"downstream\":{\"delayMs\":10,\"stallForMs\":3000,\"stallEveryMs\":15000}}", 0),
            new Phase("resets 5 %", "{\"upstream\":{\"delayMs\":10,\"resetProbability\":0.05},\"downstream\":{\"delayMs\":10}}", 0),
            new Phase("clean", CLEAN, 0),
            new Phase("blackhole", "{\"upstream\":{\"delayMs\":10},\"downstream\":{\"delayMs\":10,\"blackhole\":true}}", 0),
            new Phase("jitter 20 ms", "{\"upstream\":{\"delayMs\":10,\"jitterMs\":20,\"jitterDistribution\":\"uniform\"},\"downstream\":{\"delayMs\":10,\"jitterMs\":20}}", 0),
            new Phase("bandwidth 4 KB/s", "{\"upstream\":{\"delayMs\":10},\"downstream\":{\"delayMs\":10,\"bandwidthBytesPerSecond\":4000}}", 0),
            new Phase("a 20 s stall now", CLEAN, 20_000),
            new Phase("delay +120 ms", "{\"upstream\":{\"delayMs\":70},\"downstream\":{\"delayMs\":70}}", 0));

    /** One JVM's figures at one minute. */
    record Sample(double minute, double heapMiB, double directMiB, double threads, double fds, double rssMiB, long pid, double uptimeS) {
    }

    public static void main(String[] args) throws Exception {
        int minutes = Math.min(args.length > 0 ? Integer.parseInt(args[0]) : 30, 24 * 60); // bounded: a day at most
        int slopeMinutes = Math.min(args.length > 1 ? Integer.parseInt(args[1]) : 10, minutes);
        if (minutes < CLEAN_MINUTES + 2 || slopeMinutes < 2 || slopeMinutes > minutes) {
            System.err.println("soak: minutes >= " + (CLEAN_MINUTES + 2) + ", 2 <= slope-minutes <= minutes");
            System.exit(2);
        }
        if (BenchSupport.jar().isEmpty()) {
            System.err.println("soak: target/pathwatch.jar is not built (bench/run.sh builds it)");
            System.exit(1);
        }
        Path dir = BenchSupport.runDir("soak");
        int responderPort = Tools.freePort();
        List<Process> started = new ArrayList<>();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> started.forEach(Process::destroyForcibly), "bench-cleanup"));
        WebhookReceiver hook = WebhookReceiver.started();
        try {
            Process lab = start(dir, "lab", started, "--server.port=" + LAB_HTTP, "--server.address=127.0.0.1",
                    "--pathwatch.auth.secret=" + BenchSupport.SECRET, "--pathwatch.responder.bind=127.0.0.1",
                    "--pathwatch.responder.port=" + responderPort, "--pathwatch.responder.max-connections=4096",
                    "--pathwatch.state-dir=" + dir.resolve("lab-state"));
            await(LAB_HTTP, Duration.ofSeconds(120));
            Http labHttp = new Http(LAB_HTTP);
            List<String> labPaths = new ArrayList<>();
            List<String> listen = new ArrayList<>();
            for (Map<String, Object> p : labHttp.list("/api/lab/paths")) {
                labPaths.add((String) p.get("name"));
                listen.add((String) p.get("listen"));
            }
            for (String p : labPaths) {
                put(p, CLEAN);
            }
            StringBuilder yaml = new StringBuilder("pathwatch:\n  paths:\n");
            for (int i = 0; i < PATHS; i++) {
                yaml.append("    - name: path-").append(i).append("\n      target: \"").append(listen.get(i % listen.size())).append("\"\n")
                        .append("      tags:\n        lab: ").append(labPaths.get(i % labPaths.size())).append('\n');
            }
            Path paths = Files.writeString(dir.resolve("paths.yml"), yaml);
            Process agent = start(dir, "agent", started, "--server.port=" + AGENT_HTTP, "--server.address=127.0.0.1",
                    "--pathwatch.responder.enabled=false", "--pathwatch.auth.secret=" + BenchSupport.SECRET,
                    "--pathwatch.state-dir=" + dir.resolve("agent-state"), "--pathwatch.alerts.webhook.url=" + hook.url(),
                    "--spring.config.additional-location=file:" + paths.toAbsolutePath());
            await(AGENT_HTTP, Duration.ofSeconds(120));
            Http agentHttp = new Http(AGENT_HTTP);
            long agentPid = BenchSupport.javaPid(agent);
            long labPid = BenchSupport.javaPid(lab);
            System.out.printf("soak: %d paths for %d min (%d clean, then impairments rotating every minute over the lab's %d paths %s), "
                            + "slopes over the last %d min; agent pid %d, lab pid %d; logs in %s%n",
                    PATHS, minutes, CLEAN_MINUTES, labPaths.size(), labPaths, slopeMinutes, agentPid, labPid, dir);

            List<Sample> agentSamples = new ArrayList<>();
            List<Sample> labSamples = new ArrayList<>();
            long t0 = System.nanoTime();
            for (int m = 0; m <= minutes; m++) {
                sleepUntil(t0 + TimeUnit.MINUTES.toNanos(m));
                StringBuilder phases = new StringBuilder();
                if (m >= CLEAN_MINUTES && m < minutes) {
                    for (int j = 0; j < labPaths.size(); j++) {
                        Phase phase = ROTATION.get((m - CLEAN_MINUTES + 2 * j) % ROTATION.size());
                        put(labPaths.get(j), phase.settings());
                        if (phase.stallMs() > 0) {
                            post(labPaths.get(j) + "/stall?ms=" + phase.stallMs());
                        }
                        phases.append(j == 0 ? "" : ", ").append(phase.name());
                    }
                } else if (m == minutes) {
                    for (String p : labPaths) {
                        put(p, CLEAN);
                    }
                    phases.append("all clean");
                } else {
                    phases.append("clean");
                }
                Sample a = sample(agentPid, agentHttp, (System.nanoTime() - t0) / 60e9);
                Sample l = sample(labPid, labHttp, (System.nanoTime() - t0) / 60e9);
                agentSamples.add(a);
                labSamples.add(l);
                int open = agentHttp.list("/api/alerts?state=open").size();
                System.out.printf(Locale.ROOT, "  min %2d  agent heap %.1f MiB, direct %.1f MiB, threads %.0f, fds %.0f, RSS %.1f MiB | "
                                + "lab heap %.1f, direct %.1f, threads %.0f, fds %.0f, RSS %.1f | alerts received %d, open incidents %d | %s%n",
                        m, a.heapMiB(), a.directMiB(), a.threads(), a.fds(), a.rssMiB(), l.heapMiB(), l.directMiB(), l.threads(), l.fds(),
                        l.rssMiB(), hook.received().size(), open, phases);
            }
            double runMinutes = (System.nanoTime() - t0) / 60e9;
            System.out.printf(Locale.ROOT, "slopes per minute over the last %d min (least squares over %d samples):%n", slopeMinutes, slopeMinutes + 1);
            printSlopes("agent", agentSamples, slopeMinutes);
            printSlopes("lab", labSamples, slopeMinutes);

            // impairments are off: wait until every incident has been resolved and delivered
            long settle = System.nanoTime();
            boolean settled = BenchSupport.await(Duration.ofMinutes(8), Duration.ofSeconds(10), () ->
                    agentHttp.list("/api/alerts?state=open").isEmpty() && unresolved(hook).isEmpty()
                            && agentHttp.object("/api/alerts/sinks").values().stream().allMatch(s -> ((Number) Http.map(s).get("pending")).longValue() == 0));
            System.out.printf(Locale.ROOT, "after the impairments were removed: %s in %.0f s%n",
                    settled ? "every incident resolved" : "NOT every incident resolved", (System.nanoTime() - settle) / 1e9);
            checkAlerts(hook);
            for (String[] who : new String[][] {{"agent", String.valueOf(agentPid)}, {"lab", String.valueOf(labPid)}}) {
                long pid = Long.parseLong(who[1]);
                Http http = who[0].equals("agent") ? agentHttp : labHttp;
                double uptime = metric(http, "process.uptime", null);
                System.out.printf(Locale.ROOT, "%s: pid %d %s, uptime %.1f min (the run took %.1f min since the first sample): %s%n", who[0], pid,
                        ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) ? "alive" : "GONE", uptime / 60, runMinutes,
                        uptime / 60 >= runMinutes ? "no restart" : "RESTARTED");
            }
        } finally {
            hook.close();
            BenchSupport.stopAll(started);
        }
    }

    /** The incidents raised that have no RESOLVED yet, by incident id. */
    private static Map<String, Map<String, Object>> unresolved(WebhookReceiver hook) {
        Map<String, Map<String, Object>> open = new LinkedHashMap<>();
        for (WebhookReceiver.Received r : hook.received()) {
            Map<String, Object> a = r.json();
            String incident = (String) a.get("incident");
            if ("RAISED".equals(a.get("action"))) {
                open.put(incident, a);
            } else if ("RESOLVED".equals(a.get("action"))) {
                open.remove(incident);
            }
        }
        return open;
    }

    /** Only the documented fields (docs/alerts.md): id, incident, action, kind, path. */
    private static void checkAlerts(WebhookReceiver hook) {
        Map<String, Integer> ids = new HashMap<>();
        Map<String, Integer> raised = new HashMap<>();
        Map<String, Integer> resolved = new HashMap<>();
        Map<String, Integer> byAction = new java.util.TreeMap<>();
        Map<String, Integer> byKind = new java.util.TreeMap<>();
        java.util.Set<String> paths = new java.util.TreeSet<>();
        List<String> orphans = new ArrayList<>();
        for (WebhookReceiver.Received r : hook.received()) {
            Map<String, Object> a = r.json();
            ids.merge((String) a.get("id"), 1, Integer::sum);
            String incident = (String) a.get("incident");
            String action = (String) a.get("action");
            byAction.merge(action, 1, Integer::sum);
            byKind.merge((String) a.get("kind"), 1, Integer::sum);
            paths.add((String) a.get("path"));
            if ("RAISED".equals(action)) {
                raised.merge(incident, 1, Integer::sum);
            } else if ("RESOLVED".equals(action)) {
                resolved.merge(incident, 1, Integer::sum);
                if (!raised.containsKey(incident)) {
                    orphans.add(incident);
                }
            }
        }
        long twice = ids.values().stream().filter(n -> n > 1).count();
        long raisedTwice = raised.values().stream().filter(n -> n > 1).count();
        long notResolved = raised.keySet().stream().filter(i -> !resolved.containsKey(i)).count();
        long resolvedTwice = resolved.values().stream().filter(n -> n > 1).count();
        boolean ok = twice == 0 && raisedTwice == 0 && notResolved == 0 && resolvedTwice == 0 && orphans.isEmpty();
        System.out.printf("alerts: %d received (%s; kinds %s) on %d paths, %d incidents raised; ids received twice: %d; incidents raised twice: %d, "
                        + "resolved more than once: %d, never resolved: %d, resolved without a raise: %d: %s%n",
                hook.received().size(), byAction, byKind, paths.size(), raised.size(), twice, raisedTwice, resolvedTwice, notResolved,
                orphans.size(), ok ? "none lost, none duplicated" : "FAILED");
    }

    private static void printSlopes(String who, List<Sample> samples, int minutes) {
        List<Sample> tail = samples.subList(Math.max(0, samples.size() - minutes - 1), samples.size());
        double[] x = tail.stream().mapToDouble(Sample::minute).toArray();
        System.out.printf(Locale.ROOT, "  %-5s heap %+.3f MiB/min, direct %+.3f MiB/min, threads %+.2f/min, fds %+.2f/min, RSS %+.3f MiB/min%n", who,
                slope(x, tail.stream().mapToDouble(Sample::heapMiB).toArray()),
                slope(x, tail.stream().mapToDouble(Sample::directMiB).toArray()),
                slope(x, tail.stream().mapToDouble(Sample::threads).toArray()),
                slope(x, tail.stream().mapToDouble(Sample::fds).toArray()),
                slope(x, tail.stream().mapToDouble(Sample::rssMiB).toArray()));
    }

    /** Least-squares slope of y over x. */
    static double slope(double[] x, double[] y) {
        int n = x.length;
        double mx = 0;
        double my = 0;
        for (int i = 0; i < n; i++) {
            mx += x[i] / n;
            my += y[i] / n;
        }
        double sxy = 0;
        double sxx = 0;
        for (int i = 0; i < n; i++) {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
        }
        return sxx == 0 ? Double.NaN : sxy / sxx;
    }

    /** One JVM now: a full GC first (jcmd), so that the heap figure is what survives it. */
    private static Sample sample(long pid, Http http, double minute) throws IOException, InterruptedException {
        Process gc = new ProcessBuilder("jcmd", String.valueOf(pid), "GC.run").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!gc.waitFor(60, TimeUnit.SECONDS)) {
            gc.destroyForcibly();
        }
        double heap = metric(http, "jvm.memory.used", "area:heap") / (1 << 20);
        double direct = metric(http, "jvm.buffer.memory.used", "id:direct") / (1 << 20);
        double uptime = metric(http, "process.uptime", null);
        double threads = status(pid, "Threads:");
        double rss = status(pid, "VmRSS:") / 1024;
        double fds;
        try (Stream<Path> s = Files.list(Path.of("/proc", String.valueOf(pid), "fd"))) {
            fds = s.count();
        }
        return new Sample(minute, heap, direct, threads, fds, rss, pid, uptime);
    }

    @SuppressWarnings("unchecked")
    private static double metric(Http http, String name, String tag) {
        Map<String, Object> m = http.object("/actuator/metrics/" + name + (tag == null ? "" : "?tag=" + tag));
        return ((Number) ((List<Map<String, Object>>) m.get("measurements")).get(0).get("value")).doubleValue();
    }

    /** A number from /proc/PID/status (kB for sizes); NaN if the process is gone. */
    private static double status(long pid, String key) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
                if (line.startsWith(key)) {
                    return Double.parseDouble(line.substring(key.length()).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException e) {
            return Double.NaN;
        }
        return Double.NaN;
    }

    private static void put(String labPath, String body) throws IOException, InterruptedException {
        send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + LAB_HTTP + "/api/lab/paths/" + labPath))
                .PUT(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json"));
    }

    private static void post(String what) throws IOException, InterruptedException {
        send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + LAB_HTTP + "/api/lab/paths/" + what))
                .POST(HttpRequest.BodyPublishers.noBody()));
    }

    private static void send(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<String> r = CLIENT.send(request.header("X-Pathwatch-Request", "1").timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) {
            throw new IllegalStateException(r.uri() + ": " + r.statusCode() + " " + r.body());
        }
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        long wait = nanoTime - System.nanoTime();
        if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
        }
    }

    private static Process start(Path dir, String name, List<Process> started, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(List.of("-Xmx512m", "-XX:MaxTenuringThreshold=1"));
        cmd.addAll(List.of("-jar", BenchSupport.jar().orElseThrow().toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve(name + ".log").toFile()).start();
        started.add(p);
        BenchSupport.leftover(dir, "pid", p.pid());
        return p;
    }

    private static void await(int port, Duration atMost) throws InterruptedException {
        if (!BenchSupport.await(atMost, Duration.ofMillis(500),
                () -> new Http(port).get("/actuator/health/readiness").body().contains("\"UP\""))) {
            throw new IllegalStateException("http://127.0.0.1:" + port + " did not come up within " + atMost);
        }
    }
}
