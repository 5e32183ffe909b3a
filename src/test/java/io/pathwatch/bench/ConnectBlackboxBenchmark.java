package io.pathwatch.bench;

import io.pathwatch.path.CycleOutcome;
import io.pathwatch.path.Egress;
import io.pathwatch.path.PathSpec;
import io.pathwatch.path.ProbeListener;
import io.pathwatch.path.ProbeMode;
import io.pathwatch.path.ProbeSettings;
import io.pathwatch.probe.ProbeClient;
import io.pathwatch.probe.ProbeScheduler;
import io.pathwatch.testing.Tools;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Connect time on loopback, pathwatch's {@code mode: connect} cycle beside
 * prometheus-blackbox-exporter's {@code tcp_connect} prober, taken in turn against one listener on
 * 127.0.0.1 (args: rounds, default 201). Needs no root. On loopback the connect itself costs tens
 * of microseconds, so both medians are mostly each tool's own overhead: this prints the floor of
 * each. The comparison through a real delay (SYN included) is {@code NetnsBlackboxConnectIT}.
 * blackbox's connect time is {@code probe_duration_seconds - probe_dns_lookup_time_seconds}.
 */
public final class ConnectBlackboxBenchmark {

    private static final String BLACKBOX = "prometheus-blackbox-exporter";

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 201;
        if (!Tools.onPath(BLACKBOX)) {
            System.out.println("skipped: " + BLACKBOX + " is not installed (Debian package " + BLACKBOX + ")");
            return;
        }
        Path dir = Files.createTempDirectory("connect-bench");
        Path config = dir.resolve("blackbox.yml");
        Files.writeString(config, "modules:\n  tcp_connect:\n    prober: tcp\n    timeout: 5s\n    tcp:\n      preferred_ip_protocol: ip4\n");
        int port = Tools.freePort();
        Process blackbox = new ProcessBuilder(BLACKBOX, "--config.file=" + config, "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true).redirectOutput(dir.resolve("blackbox.log").toFile()).start();
        ServerSocket listener = new ServerSocket(0, 200, InetAddress.getByName("127.0.0.1"));
        Thread accept = new Thread(() -> {
            while (!listener.isClosed()) {
                try (Socket s = listener.accept()) {
                    s.getInputStream().read();
                } catch (IOException e) {
                    // closed by the peer or by us
                }
            }
        }, "bench-listener");
        accept.setDaemon(true);
        accept.start();
        ProbeSettings settings = new ProbeSettings(Duration.ofSeconds(1), Duration.ofSeconds(3), 1, 64, Duration.ofMillis(100),
                Duration.ofSeconds(1), Duration.ofSeconds(10));
        PathSpec path = new PathSpec("loopback", "127.0.0.1", listener.getLocalPort(), null, Map.of(), settings, ProbeMode.CONNECT, Egress.DEFAULT);
        HttpClient http = HttpClient.newHttpClient();
        URI probe = URI.create("http://127.0.0.1:" + port + "/probe?module=tcp_connect&target=127.0.0.1:" + listener.getLocalPort());
        List<Double> pw = new ArrayList<>();
        List<Double> bb = new ArrayList<>();
        try (ProbeScheduler scheduler = new ProbeScheduler(new ProbeClient("bench", "", 1, List.of(path)), List.of(path),
                p -> new ProbeListener() { })) {
            for (int i = 0; i < 100 && !up(http, probe); i++) {
                Thread.sleep(50);
            }
            for (int i = 0; i < rounds; i++) {
                CycleOutcome o = scheduler.runNow("loopback").get(10, TimeUnit.SECONDS);
                String metrics = http.send(HttpRequest.newBuilder(probe).build(), HttpResponse.BodyHandlers.ofString()).body();
                if (i < rounds / 10) {
                    continue; // warm-up of both
                }
                if (o.succeeded()) {
                    pw.add(o.connectNanos() / 1e6);
                }
                if (metric(metrics, "probe_success") == 1.0) {
                    bb.add((metric(metrics, "probe_duration_seconds") - metric(metrics, "probe_dns_lookup_time_seconds")) * 1000);
                }
            }
        } finally {
            listener.close();
            blackbox.destroy();
            blackbox.waitFor(10, TimeUnit.SECONDS);
        }
        System.out.printf(Locale.ROOT, "loopback connect, %d rounds in turn (after %d warm-up): pathwatch p10 %.3f p50 %.3f p90 %.3f ms; "
                        + "blackbox tcp_connect (duration - dns) p10 %.3f p50 %.3f p90 %.3f ms; p50 difference %.3f ms%n", pw.size(), rounds / 10,
                q(pw, 0.1), q(pw, 0.5), q(pw, 0.9), q(bb, 0.1), q(bb, 0.5), q(bb, 0.9), q(pw, 0.5) - q(bb, 0.5));
    }

    private static boolean up(HttpClient http, URI probe) {
        try {
            return http.send(HttpRequest.newBuilder(probe).build(), HttpResponse.BodyHandlers.ofString()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static double metric(String exposition, String name) {
        return exposition.lines().filter(l -> l.startsWith(name + " ")).mapToDouble(l -> Double.parseDouble(l.substring(name.length() + 1)))
                .findFirst().orElse(Double.NaN);
    }

    private static double q(List<Double> values, double q) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.isEmpty() ? Double.NaN : sorted.get((int) Math.min(sorted.size() - 1, Math.round(q * (sorted.size() - 1))));
    }
}
