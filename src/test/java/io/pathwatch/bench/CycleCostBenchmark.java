package io.pathwatch.bench;

import io.pathwatch.bench.BenchSupport.Fleet;
import io.pathwatch.bench.BenchSupport.ResponderCounts;
import io.pathwatch.bench.BenchSupport.Span;
import io.pathwatch.testing.Http;
import io.pathwatch.testing.Tools;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * CPU per probe cycle against the usual tool, on loopback: a responder-only pathwatch JVM and a
 * prober-only one probing N paths (default 50) every 100 ms, so N × 10 full cycles a second (TCP
 * connect, authenticated HELLO, 5 echoes, close), plus each path's stream with a heartbeat every
 * 100 ms; the prober's CPU-seconds per 1,000 completed cycles. Then, in the same run and against
 * the same responder, prometheus-blackbox-exporter with a {@code tcp_connect} module driven at the
 * same rate ({@code GET /probe?module=tcp_connect&target=...} from a rate-limited driver in this
 * JVM, not in the exporter's process), and the exporter's own CPU-seconds per 1,000 probes. The two
 * are measured one after the other, so neither competes with the other for the two CPUs.
 */
public final class CycleCostBenchmark {

    private static final String BLACKBOX = "/usr/bin/prometheus-blackbox-exporter";
    private static final Duration WARM_UP = Duration.ofSeconds(Long.parseLong(System.getenv().getOrDefault("WARMUP", "30")));
    private static final Duration BLACKBOX_WARM_UP = Duration.ofSeconds(10);
    private static final double GOAL = 0.20;
    private static final double BLACKBOX_REPORTED = 0.39;

    private static final List<Process> processes = new ArrayList<>();

    public static void main(String[] args) throws Exception {
        int paths = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 60;
        if (BenchSupport.jar().isEmpty()) {
            System.err.println("cycle-cost: target/pathwatch.jar is not built (bench/run.sh builds it)");
            System.exit(1);
        }
        Path dir = BenchSupport.runDir("cycle-cost");
        Runtime.getRuntime().addShutdownHook(new Thread(CycleCostBenchmark::stopAll, "bench-cleanup"));
        int rate = paths * 10;
        System.out.printf("cycle-cost: %d paths every 100 ms (%d cycles/s) on loopback, %d s measured after %d s of warm-up; %d CPUs; "
                        + "pathwatch JVMs %s; logs in %s%n", paths, rate, seconds, WARM_UP.toSeconds(),
                Runtime.getRuntime().availableProcessors(), String.join(" ", BenchSupport.HEAP), dir);
        try {
            int probePort = Tools.freePort();
            int responderHttp = Tools.freePort();
            Process responder = pathwatch(dir, "responder", "--server.port=" + responderHttp, "--server.address=127.0.0.1",
                    "--pathwatch.demo.enabled=false", "--pathwatch.auth.secret=" + BenchSupport.SECRET,
                    "--pathwatch.responder.bind=127.0.0.1", "--pathwatch.responder.port=" + probePort,
                    "--pathwatch.responder.max-connections=" + (paths * 4 + rate * 4 + 100), "--pathwatch.state-dir=" + dir.resolve("responder-state"));
            awaitReady(responderHttp);
            long responderPid = BenchSupport.javaPid(responder);

            Http responderApi = new Http(responderHttp);
            Result pathwatch = pathwatch(dir, paths, seconds, probePort, responderPid, responderApi);
            System.out.println(pathwatch.line("pathwatch prober", "cycles"));
            if (!Files.isExecutable(Path.of(BLACKBOX))) {
                System.out.println("blackbox_exporter: skipped, " + BLACKBOX + " is not installed (Debian package prometheus-blackbox-exporter)");
                return;
            }
            Result blackbox = blackbox(dir, rate, seconds, probePort, responderPid);
            System.out.println(blackbox.line("blackbox_exporter tcp_connect", "probes"));
            System.out.printf(Locale.ROOT, "cycle-cost: CPU-s per 1,000: pathwatch %.3f per cycle (goal <= %.2f, %s), blackbox_exporter %.3f per probe "
                            + "(the issue measured %.2f); pathwatch / blackbox %.2f%n",
                    pathwatch.perThousand(), GOAL, pathwatch.perThousand() <= GOAL ? "met" : "MISSED", blackbox.perThousand(),
                    BLACKBOX_REPORTED, pathwatch.perThousand() / blackbox.perThousand());
        } finally {
            stopAll();
        }
    }

    private static Result pathwatch(Path dir, int paths, int seconds, int probePort, long responderPid, Http responderApi) throws Exception {
        int http = Tools.freePort();
        Path yaml = BenchSupport.pathsYaml(dir.resolve("paths.yml"), paths, "127.0.0.1:" + probePort);
        Process prober = pathwatch(dir, "prober", "--server.port=" + http, "--server.address=127.0.0.1", "--pathwatch.demo.enabled=false",
                "--pathwatch.responder.enabled=false", "--pathwatch.auth.secret=" + BenchSupport.SECRET, "--pathwatch.probe.interval=100ms",
                "--pathwatch.state-dir=" + dir.resolve("prober-state"), "--spring.config.additional-location=file:" + yaml.toAbsolutePath());
        awaitReady(http);
        long pid = BenchSupport.javaPid(prober);
        Http api = new Http(http);
        if (!BenchSupport.await(Duration.ofSeconds(60), Duration.ofSeconds(1), () -> Fleet.of(api.list("/api/paths")).streamsUp() == paths)) {
            throw new IllegalStateException("not every stream connected within 60 s: " + Fleet.of(api.list("/api/paths")));
        }
        Thread.sleep(WARM_UP.toMillis());
        BenchSupport.awaitQuiet(pid, responderPid);
        Fleet before = Fleet.of(api.list("/api/paths?window=1h"));
        ResponderCounts counts0 = ResponderCounts.of(responderApi.object("/actuator/health/responder"));
        Span m = Span.start(pid, responderPid);
        Thread.sleep(seconds * 1000L);
        m.stop();
        ResponderCounts counts = ResponderCounts.of(responderApi.object("/actuator/health/responder")).minus(counts0);
        Fleet after = Fleet.of(api.list("/api/paths?window=1h"));
        double lag = BenchSupport.worstScheduleLagMs(api.get("/actuator/prometheus").body());
        stop(prober);
        long reconnects = after.disconnects() - before.disconnects();
        return new Result(m, counts.connectionsAccepted() - reconnects, after.failed() - before.failed(), paths * 10L,
                String.format(Locale.ROOT, "cycles counted as connections the responder accepted (%d completed between the prober's slower API "
                        + "snapshots; failures from them); worst schedule lag p99 %.1f ms; rtt p50 (median over paths) %.3f ms; %d/%d streams up, "
                        + "%d reconnects (their %d heartbeats/s are in the prober's CPU too)",
                        after.cycles() - before.cycles(), lag, after.medianRttP50Ms(), after.streamsUp(), paths, reconnects, paths * 10));
    }

    private static Result blackbox(Path dir, int rate, int seconds, int probePort, long responderPid) throws Exception {
        int port = Tools.freePort();
        Path config = Files.writeString(dir.resolve("blackbox.yml"), "modules:\n  tcp_connect:\n    prober: tcp\n    timeout: 5s\n");
        Process exporter = start(dir, "blackbox", BLACKBOX, "--config.file=" + config, "--web.listen-address=127.0.0.1:" + port);
        Http http = new Http(port);
        if (!BenchSupport.await(Duration.ofSeconds(30), Duration.ofMillis(200), () -> http.get("/-/healthy").statusCode() == 200)) {
            throw new IllegalStateException("blackbox_exporter did not come up; see " + dir.resolve("blackbox.log"));
        }
        long budget = (long) rate * (BLACKBOX_WARM_UP.toSeconds() + BenchSupport.quietWaitSeconds() + seconds + 30);
        try (Driver driver = new Driver(port, "/probe?module=tcp_connect&target=127.0.0.1:" + probePort, rate, budget)) {
            Thread.sleep(BLACKBOX_WARM_UP.toMillis());
            BenchSupport.awaitQuiet(exporter.pid(), responderPid);
            long ok0 = driver.ok.get();
            long failed0 = driver.failed.get();
            long harness0 = BenchSupport.cpuMillis(ProcessHandle.current().pid());
            Span m = Span.start(exporter.pid(), responderPid);
            Thread.sleep(seconds * 1000L);
            m.stop();
            double driverCores = (BenchSupport.cpuMillis(ProcessHandle.current().pid()) - harness0) / 1000.0 / m.seconds();
            long ok = driver.ok.get() - ok0;
            long failed = driver.failed.get() - failed0;
            return new Result(m, ok + failed, failed, rate, String.format(Locale.ROOT,
                    "exporter pid %d measured alone; the driver (this JVM, pid %d, %d kept-alive connections) %.3f core; %d requests dropped (more than %d waiting)",
                    exporter.pid(), ProcessHandle.current().pid(), Driver.CONNECTIONS, driverCores, driver.dropped.get(), Driver.MAX_BACKLOG));
        } finally {
            stop(exporter);
        }
    }

    private static Process pathwatch(Path dir, String name, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(BenchSupport.HEAP);
        cmd.addAll(List.of("-jar", BenchSupport.jar().orElseThrow().toString()));
        cmd.addAll(List.of(args));
        return start(dir, name, cmd.toArray(String[]::new));
    }

    private static synchronized Process start(Path dir, String name, String... cmd) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve(name + ".log").toFile()).start();
        processes.add(p);
        BenchSupport.leftover(dir, "pid", p.pid());
        return p;
    }

    private static void awaitReady(int port) throws InterruptedException {
        Http http = new Http(port);
        if (!BenchSupport.await(Duration.ofSeconds(90), Duration.ofMillis(500),
                () -> "UP".equals(http.object("/actuator/health/readiness").get("status")))) {
            throw new IllegalStateException("pathwatch on port " + port + " did not become ready within 90 s");
        }
    }

    private static void stop(Process p) throws InterruptedException {
        p.destroy();
        if (!p.waitFor(15, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            p.waitFor(5, TimeUnit.SECONDS);
        }
    }

    private static synchronized void stopAll() {
        for (Process p : processes) {
            try {
                stop(p);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                p.destroyForcibly();
            }
        }
        processes.clear();
    }

    record Result(Span m, long done, long failed, long ratePerSecond, String notes) {

        double perThousand() {
            return m.cpuMs(0) / 1000.0 / done * 1000;
        }

        String line(String what, String plural) {
            return String.format(Locale.ROOT,
                    "%s: %d %s in %.1f s (%.1f/s of %d/s due), %d failed; %.2f CPU-s = %.3f core = %.3f CPU-s per 1,000 %s; "
                            + "responder %.3f core; %s; its threads (cores): %s; %s",
                    what, done, plural, m.seconds(), done / m.seconds(), ratePerSecond, failed, m.cpuMs(0) / 1000.0, m.cores(0),
                    perThousand(), plural, m.cores(1), notes, m.threads(), m.machine());
        }
    }

    /**
     * Drives the exporter at a fixed rate over a few kept-alive HTTP/1.1 connections (plain
     * blocking sockets, so the driver costs little next to what it measures): every 10 ms a ticker
     * hands out the requests due since the start, at most {@link #MAX_BACKLOG} waiting (more are
     * counted as dropped, not queued); {@link #CONNECTIONS} threads send them one after another.
     * Stops on close or after {@code budget} requests.
     */
    static final class Driver implements AutoCloseable {
        static final int CONNECTIONS = 8;
        static final int MAX_BACKLOG = 256;

        final AtomicLong ok = new AtomicLong();
        final AtomicLong failed = new AtomicLong();
        final AtomicLong dropped = new AtomicLong();
        private final Semaphore due = new Semaphore(0);
        private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "driver-tick"));
        private final List<Thread> workers = new ArrayList<>();
        private final byte[] request;
        private final InetSocketAddress address;
        private final long start = System.nanoTime();
        private final int perSecond;
        private final long budget;
        private volatile boolean closed;
        private long issued;

        Driver(int port, String pathAndQuery, int perSecond, long budget) {
            this.address = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
            this.request = ("GET " + pathAndQuery + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
            this.perSecond = perSecond;
            this.budget = budget;
            for (int i = 0; i < CONNECTIONS; i++) {
                Thread t = daemon(this::work, "driver-" + i);
                workers.add(t);
                t.start();
            }
            ticker.scheduleAtFixedRate(this::tick, 0, 10, TimeUnit.MILLISECONDS);
        }

        private void tick() {
            long target = Math.min(budget, (System.nanoTime() - start) * perSecond / 1_000_000_000L);
            long n = target - issued;
            issued = target;
            int add = (int) Math.max(0, Math.min(n, MAX_BACKLOG - due.availablePermits()));
            due.release(add);
            dropped.addAndGet(n - add);
        }

        private void work() {
            Socket socket = null;
            DataInputStream in = null;
            while (!closed) {
                try {
                    if (!due.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                        continue;
                    }
                    if (socket == null) {
                        socket = new Socket();
                        socket.connect(address, 5000);
                        socket.setSoTimeout(10_000);
                        socket.setTcpNoDelay(true);
                        in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
                    }
                    socket.getOutputStream().write(request);
                    String body = readResponse(in);
                    (body != null && body.contains("probe_success 1") ? ok : failed).incrementAndGet();
                } catch (InterruptedException e) {
                    break;
                } catch (IOException | RuntimeException e) {
                    failed.incrementAndGet();
                    closeQuietly(socket);
                    socket = null;
                }
            }
            closeQuietly(socket);
        }

        /** The body of one HTTP/1.1 response (Content-Length or chunked); null unless the status is 200. */
        private static String readResponse(DataInputStream in) throws IOException {
            String status = line(in);
            int length = -1;
            boolean chunked = false;
            for (String h = line(in); !h.isEmpty(); h = line(in)) {
                String lower = h.toLowerCase(Locale.ROOT);
                if (lower.startsWith("content-length:")) {
                    length = Integer.parseInt(h.substring(15).trim());
                } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                    chunked = true;
                }
            }
            StringBuilder body = new StringBuilder();
            if (chunked) {
                for (int size = Integer.parseInt(line(in).split(";")[0].trim(), 16); size > 0; size = Integer.parseInt(line(in).split(";")[0].trim(), 16)) {
                    byte[] chunk = new byte[size];
                    in.readFully(chunk);
                    body.append(new String(chunk, StandardCharsets.UTF_8));
                    line(in);
                }
                line(in);
            } else if (length >= 0) {
                byte[] b = new byte[length];
                in.readFully(b);
                body.append(new String(b, StandardCharsets.UTF_8));
            } else {
                throw new IOException("response without a length");
            }
            return status.contains(" 200 ") ? body.toString() : null;
        }

        private static String line(DataInputStream in) throws IOException {
            StringBuilder sb = new StringBuilder();
            for (int c = in.read(); c != '\n'; c = in.read()) {
                if (c < 0) {
                    throw new IOException("connection closed");
                }
                if (c != '\r') {
                    sb.append((char) c);
                }
            }
            return sb.toString();
        }

        private static void closeQuietly(Socket s) {
            try {
                if (s != null) {
                    s.close();
                }
            } catch (IOException e) {
                // closing anyway
            }
        }

        @Override
        public void close() throws InterruptedException {
            closed = true;
            ticker.shutdownNow();
            for (Thread t : workers) {
                t.join(15_000);
            }
        }

        private static Thread daemon(Runnable r, String name) {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        }
    }
}
