package io.pathwatch.bench;

import io.pathwatch.config.ResponderProperties;
import io.pathwatch.config.ResponderTlsProperties;
import io.pathwatch.path.PathSpec;
import io.pathwatch.path.ProbeSettings;
import io.pathwatch.probe.ProbeClient;
import io.pathwatch.probe.ProbeScheduler;
import io.pathwatch.responder.ResponderServer;
import io.pathwatch.stats.Distribution;
import io.pathwatch.stats.StatsRegistry;
import io.pathwatch.testing.RawClient;
import io.pathwatch.wire.Echo;
import io.pathwatch.wire.EchoReply;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * Echo RTT on loopback, three ways in one process, each 64-byte frames:
 * <ol>
 *   <li>baseline: a plain blocking-socket Java ping-pong (one thread each side);</li>
 *   <li>pathwatch's responder, driven by a blocking client (the responder's own cost);</li>
 *   <li>pathwatch end to end: the prober's cycles against the responder, figures from its statistics.</li>
 * </ol>
 * Run with {@code bench/echo-rtt.sh}; prints p50/p99 and the ratios to the baseline.
 */
public final class EchoRttBenchmark {

    private static final int FRAME = 64;

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        Histogram warm = new Histogram(3);
        blockingPingPong(rounds / 4, warm);
        Histogram baseline = new Histogram(3);
        blockingPingPong(rounds, baseline);

        ResponderServer responder = new ResponderServer(new ResponderProperties(true, "127.0.0.1", 0, 16384, 64, 1024, Duration.ofSeconds(3), Duration.ofSeconds(10),
                Duration.ofSeconds(60), 1_000_000, 1, new ResponderTlsProperties(false, "", "", "PKCS12"),
                ResponderProperties.ProxyProtocol.OFF, java.util.List.of()), "bench");
        responder.start();
        try {
            responderWithBlockingClient(responder.port(), rounds / 4, new Histogram(3));
            Histogram viaResponder = new Histogram(3);
            responderWithBlockingClient(responder.port(), rounds, viaResponder);
            Distribution prober = proberEndToEnd(responder.port(), rounds);

            System.out.println("Echo RTT on loopback, 64-byte frames, " + rounds + " round trips each ("
                    + Runtime.getRuntime().availableProcessors() + " CPUs; threads float between them)");
            System.out.printf("%-48s p50 %8.1f us   p99 %8.1f us%n", "baseline: blocking Java socket ping-pong",
                    baseline.getValueAtPercentile(50) / 1e3, baseline.getValueAtPercentile(99) / 1e3);
            System.out.printf("%-48s p50 %8.1f us   p99 %8.1f us   (x%.2f / x%.2f)%n", "pathwatch responder, blocking client",
                    viaResponder.getValueAtPercentile(50) / 1e3, viaResponder.getValueAtPercentile(99) / 1e3,
                    ratio(viaResponder, baseline, 50), ratio(viaResponder, baseline, 99));
            System.out.printf("%-48s p50 %8.1f us   p99 %8.1f us   (x%.2f / x%.2f)   n=%d%n", "pathwatch prober -> responder (rttMs)",
                    prober.p50() * 1e3, prober.p99() * 1e3, prober.p50() * 1e6 / baseline.getValueAtPercentile(50),
                    prober.p99() * 1e6 / baseline.getValueAtPercentile(99), prober.count());
        } finally {
            responder.stop();
        }
    }

    private static double ratio(Histogram h, Histogram base, double p) {
        return h.getValueAtPercentile(p) / (double) base.getValueAtPercentile(p);
    }

    /** Two threads, blocking sockets, the simplest correct ping-pong Java can do. */
    private static void blockingPingPong(int rounds, Histogram into) throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread echo = new Thread(() -> {
                try (Socket s = server.accept()) {
                    s.setTcpNoDelay(true);
                    DataInputStream in = new DataInputStream(s.getInputStream());
                    OutputStream out = s.getOutputStream();
                    byte[] buf = new byte[FRAME];
                    for (int i = 0; i < rounds; i++) {
                        in.readFully(buf);
                        out.write(buf);
                    }
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }, "baseline-echo");
            echo.start();
            try (Socket c = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort())) {
                c.setTcpNoDelay(true);
                DataInputStream in = new DataInputStream(c.getInputStream());
                OutputStream out = c.getOutputStream();
                byte[] buf = new byte[FRAME];
                for (int i = 0; i < rounds; i++) {
                    long t0 = System.nanoTime();
                    out.write(buf);
                    in.readFully(buf);
                    into.recordValue(System.nanoTime() - t0);
                }
            }
            echo.join(10_000);
        }
    }

    private static void responderWithBlockingClient(int port, int rounds, Histogram into) throws Exception {
        try (RawClient client = new RawClient(port)) {
            client.handshake("bench", "bench");
            for (int i = 0; i < rounds; i++) {
                long t0 = System.nanoTime();
                client.send(Echo.ofFrameSize(i, t0, FRAME));
                if (!(client.read() instanceof EchoReply)) {
                    throw new IllegalStateException("no echo reply");
                }
                into.recordValue(System.nanoTime() - t0);
            }
        }
    }

    /** Cycles of 100 echoes every 20 ms until {@code rounds} echoes were measured (bounded to 2 minutes). */
    private static Distribution proberEndToEnd(int port, int rounds) throws Exception {
        ProbeSettings settings = new ProbeSettings(Duration.ofMillis(20), Duration.ofSeconds(2), 100, FRAME,
                Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(10));
        List<PathSpec> paths = List.of(new PathSpec("bench", "127.0.0.1", port, null, Map.of(), settings));
        StatsRegistry stats = new StatsRegistry(paths);
        ProbeScheduler scheduler = new ProbeScheduler(new ProbeClient("bench", "bench", 1, paths), paths, stats);
        stats.start();
        scheduler.start();
        try {
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            Distribution d;
            do {
                Thread.sleep(200);
                d = stats.get("bench").orElseThrow().snapshot(Duration.ofHours(1)).rtt();
            } while (d.count() < rounds && System.nanoTime() < deadline);
            return d;
        } finally {
            scheduler.stop();
            stats.stop();
        }
    }
}
