package io.pathwatch.testing;

import io.pathwatch.NodeLogging;
import io.pathwatch.config.ResponderProperties;
import io.pathwatch.config.ResponderTlsProperties;
import io.pathwatch.health.AgentLocalErrors;
import io.pathwatch.health.LocalErrorState;
import io.pathwatch.lab.Impairment;
import io.pathwatch.lab.LabPath;
import io.pathwatch.lab.LabPathSettings;
import io.pathwatch.lab.LabProxy;
import io.pathwatch.path.LocalCause;
import io.pathwatch.path.PathSpec;
import io.pathwatch.path.ProbeSettings;
import io.pathwatch.path.TlsSpec;
import io.pathwatch.responder.ResponderServer;
import io.pathwatch.stats.Figure;
import io.pathwatch.stats.PathStats;
import io.pathwatch.stats.Samples;
import io.pathwatch.stats.WindowSnapshot;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import tools.jackson.databind.json.JsonMapper;

/**
 * A process a test starts inside a network namespace it created ({@code ip netns exec}), because
 * a JVM cannot move its own sockets into another namespace: it runs responders, lab paths, a
 * prober and a port hog there on command. One command per stdin line, one answer per command on
 * stdout, starting with {@code "> "}; everything else on stdout is log. It exits on {@code quit},
 * when stdin closes (the test died), or after a watchdog's limit, whatever happens.
 *
 * <pre>
 *   responder PORT [KEYSTORE]        a responder on 0.0.0.0:PORT (TLS with a PKCS12 key store, password changeit)
 *   lab NAME HOST PORT               a lab path on 127.0.0.1 to HOST:PORT; answers its port
 *   impair NAME stall MS | delay MS | reset | none
 *   probe SETTINGS PATH...           start the prober; SETTINGS interval,timeout,heartbeat,hang,window,giveUp in ms;
 *                                    PATH name=host:port[:tls] (tls = TLS without verifying the certificate)
 *   hog HOST PORT MAX                connect to HOST:PORT until the kernel has no port left (at most MAX); answers how many
 *   unhog                            close them
 *   report SECONDS PREFIX            every path's figures over the last SECONDS, and those of the paths named PREFIX… pooled
 *   quit
 * </pre>
 */
public final class NetnsNode {

    public static final String SECRET = "netns-node";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration WATCHDOG = Duration.ofSeconds(240);

    private final PrintStream out;
    private final List<ResponderServer> responders = new ArrayList<>();
    private final List<Socket> hog = new ArrayList<>();
    private LabProxy lab;
    private ProbeHarness prober;

    private NetnsNode(PrintStream out) {
        this.out = out;
    }

    public static void main(String[] args) throws IOException {
        NodeLogging.likeTheProduct();
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(WATCHDOG.toMillis()); // a watchdog, not a wait for a condition: a forgotten node must end by itself
            } catch (InterruptedException e) {
                return;
            }
            Runtime.getRuntime().halt(3);
        }, "watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        NetnsNode node = new NetnsNode(out);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        try {
            for (String line = in.readLine(); line != null && !line.equals("quit"); line = in.readLine()) {
                try {
                    out.println("> " + node.run(line.trim().split("\\s+")));
                } catch (Exception e) {
                    out.println("> error " + e);
                }
            }
        } finally {
            node.close();
            out.println("> bye");
        }
        Runtime.getRuntime().halt(0);
    }

    private String run(String[] c) throws Exception {
        switch (c[0]) {
            case "responder" -> {
                ResponderTlsProperties tls = c.length > 2 ? new ResponderTlsProperties(true, c[2], "changeit", "PKCS12")
                        : new ResponderTlsProperties(false, "", "", "PKCS12");
                ResponderServer r = new ResponderServer(new ResponderProperties(true, "0.0.0.0", Integer.parseInt(c[1]), 16384, 4096, 4096,
                        Duration.ofSeconds(3), Duration.ofSeconds(10), Duration.ofSeconds(60), 10_000, 1, tls, ResponderProperties.ProxyProtocol.OFF, java.util.List.of()), SECRET);
                r.start();
                responders.add(r);
                return "ok " + r.port();
            }
            case "lab" -> {
                if (lab == null) {
                    lab = new LabProxy();
                }
                LabPath p = lab.add(c[1], new InetSocketAddress(c[2], Integer.parseInt(c[3])), LabPathSettings.symmetric(Impairment.NONE), 1);
                return "ok " + p.port();
            }
            case "impair" -> {
                LabPath p = lab.get(c[1]).orElseThrow();
                switch (c[2]) {
                    case "stall" -> p.stallNow(Double.parseDouble(c[3]));
                    case "delay" -> p.update(new LabPathSettings(Impairment.NONE, Impairment.delay(Double.parseDouble(c[3]), 0,
                            Impairment.Distribution.normal)));
                    case "reset" -> p.update(LabPathSettings.symmetric(Impairment.NONE.withReset(1, 0)));
                    default -> p.update(LabPathSettings.symmetric(Impairment.NONE));
                }
                return "ok";
            }
            case "probe" -> {
                long[] ms = java.util.Arrays.stream(c[1].split(",")).mapToLong(Long::parseLong).toArray();
                ProbeSettings s = new ProbeSettings(Duration.ofMillis(ms[0]), Duration.ofMillis(ms[1]), 3, 64, Duration.ofMillis(ms[2]),
                        Duration.ofMillis(ms[3]), Duration.ofMillis(ms[4])).withStreamGiveUp(Duration.ofMillis(ms[5]));
                List<PathSpec> paths = new ArrayList<>();
                for (int i = 2; i < c.length; i++) {
                    String[] nameTarget = c[i].split("=", 2);
                    String[] t = nameTarget[1].split(":");
                    TlsSpec tls = t.length > 2 && t[2].equals("tls") ? new TlsSpec("", "", "PKCS12", "", true) : null;
                    paths.add(ProbeHarness.path(nameTarget[0], t[0], Integer.parseInt(t[1]), tls, s));
                }
                prober = new ProbeHarness(SECRET, paths);
                return "ok " + paths.size();
            }
            case "hog" -> {
                InetSocketAddress target = new InetSocketAddress(c[1], Integer.parseInt(c[2]));
                int max = Integer.parseInt(c[3]);
                String stop = "max reached";
                // The first EADDRNOTAVAIL can come while a few ports are held by the probed path's own short
                // connections to the same address; they come free a moment later. So the hog keeps taking
                // what frees up until the kernel has refused it for a whole second (at most 10 s in all).
                long deadline = System.nanoTime() + 10_000_000_000L;
                long refusedSince = 0;
                while (hog.size() < max && System.nanoTime() < deadline) {
                    Socket s = new Socket();
                    try {
                        s.connect(target, 2000);
                        hog.add(s);
                        refusedSince = 0;
                    } catch (IOException e) {
                        s.close();
                        stop = e.toString();
                        if (LocalCause.in(stop) == null) {
                            break;
                        }
                        long now = System.nanoTime();
                        refusedSince = refusedSince == 0 ? now : refusedSince;
                        if (now - refusedSince >= 1_000_000_000L) {
                            break;
                        }
                        LockSupport.parkNanos(20_000_000L);
                    }
                }
                return "ok " + hog.size() + " " + (LocalCause.in(stop) == null ? "none" : LocalCause.in(stop).name()) + " " + stop;
            }
            case "unhog" -> {
                for (Socket s : hog) {
                    s.setSoLinger(true, 0); // RST: no TIME_WAIT keeps the port after the hog is gone
                    s.close();
                }
                int n = hog.size();
                hog.clear();
                return "ok " + n;
            }
            case "report" -> {
                return "ok " + JSON.writeValueAsString(report(Duration.ofSeconds(Long.parseLong(c[1])), c[2]));
            }
            default -> throw new IllegalArgumentException("unknown command " + c[0]);
        }
    }

    private Map<String, Object> report(Duration span, String pooledPrefix) {
        Map<String, Object> paths = new LinkedHashMap<>();
        Samples rtt = null;
        Samples lag = null;
        for (PathStats p : prober.stats.all()) {
            WindowSnapshot w = p.snapshot(span);
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("cycles", w.cycles());
            f.put("cyclesFailed", w.cyclesFailed());
            f.put("cyclesSkipped", w.cyclesSkipped());
            f.put("errors", w.errors());
            f.put("localErrors", w.localErrors());
            f.put("rttCount", w.rtt().count());
            f.put("rttP99", w.rtt().p99());
            f.put("connectCount", w.connect().count());
            f.put("lagP99", w.scheduleLag().p99());
            f.put("lossRatio", w.lossRatio());
            f.put("hangs", w.hangs().count());
            f.put("streamDisconnects", w.streamDisconnects());
            f.put("trusted", w.measurement().trusted());
            paths.put(p.path().name(), f);
            if (p.path().name().startsWith(pooledPrefix)) {
                rtt = plus(rtt, p.samples(Figure.RTT, span));
                lag = plus(lag, p.samples(Figure.LAG, span));
            }
        }
        LocalErrorState local = new AgentLocalErrors(prober.stats).now();
        Map<String, Object> agent = new LinkedHashMap<>();
        agent.put("lastMinute", local.lastMinute());
        agent.put("lastMinuteByCause", local.lastMinuteByCause());
        agent.put("total", local.total());
        agent.put("lastPath", local.lastPath());
        agent.put("lastDetail", local.lastDetail());
        Map<String, Object> pooled = new LinkedHashMap<>();
        pooled.put("rttCount", rtt == null ? 0 : rtt.count());
        pooled.put("rttP99Ms", rtt == null || rtt.count() == 0 ? null : rtt.valueAtPercentile(99) / 1000.0);
        pooled.put("lagP99Ms", lag == null || lag.count() == 0 ? null : lag.valueAtPercentile(99) / 1000.0);
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("paths", paths);
        all.put("pooled", pooled);
        all.put("agent", agent);
        return all;
    }

    private static Samples plus(Samples into, Samples add) {
        return into == null ? add : into.plus(add);
    }

    private void close() {
        for (Socket s : hog) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        if (prober != null) {
            prober.close();
        }
        if (lab != null) {
            lab.close();
        }
        responders.forEach(ResponderServer::stop);
    }
}
