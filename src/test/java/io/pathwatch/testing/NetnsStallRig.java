package io.pathwatch.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Stalls below TCP for issue 13's causes: two namespaces joined by a veth pair (198.18.0.1, the
 * responder's, and .2, the prober's; both pathwatch JVMs from the packaged jar), and in each an
 * nft table that drops the packets arriving from the other end on the stream's connection while
 * its port is in a set. The port goes into the set with a 4 s timeout, so the kernel itself ends
 * the drop, whatever happens to the test. Dropping on arrival leaves the sender's kernel believing
 * it sent, as a loss on the way would. Only the stream's connection is dropped: the cycles and
 * the PEER_INFO fetches (fresh connections to the same port) pass, so only the stream hangs.
 *
 * <p>Both namespaces cap TCP's retransmission timeout at 1 s ({@code net.ipv4.tcp_rto_max_ms},
 * Linux 6.15+) where the kernel has it: with the default backoff the first retransmission after a
 * 4 s loss comes at 6.2 s, and the hang would last as long as the backoff, not the loss.
 */
public final class NetnsStallRig implements AutoCloseable {

    private static final String ADDRESS_A = "198.18.0.1";
    private static final String ADDRESS_B = "198.18.0.2";
    private static final Path RTO_MAX = Path.of("/proc/sys/net/ipv4/tcp_rto_max_ms");
    private static final int RTO_CAP_MS = 1000;
    /** The JVM's sockets are IPv6 ones, so ss shows IPv4-mapped addresses ([::ffff:198.18.0.2]:40000). */
    private static final Pattern STREAM = Pattern.compile("(?:\\[::ffff:)?" + Pattern.quote(ADDRESS_B) + "\\]?:(\\d+)\\s+(?:\\[::ffff:)?"
            + Pattern.quote(ADDRESS_A) + "\\]?:7100\\b");
    private static final Pattern SEGS_OUT = Pattern.compile("segs_out:(\\d+)");

    public final NetnsHosts hosts;
    public final PathApi api;
    private final String va;
    private final boolean rtoCapped;

    private NetnsStallRig(NetnsHosts hosts, String va, boolean rtoCapped) {
        this.hosts = hosts;
        this.va = va;
        this.rtoCapped = rtoCapped;
        this.api = new PathApi(p -> hosts.json(hosts.b, "http://127.0.0.1:18091" + p), "veth");
    }

    /** Why the rig cannot run here (root, ip netns, curl, nft), or null. */
    public static String missing() {
        String missing = NetnsHosts.missing();
        if (missing == null && !Tools.onPath("nft")) {
            missing = "nft is not installed (Debian package nftables)";
        }
        if (missing == null && !Tools.onPath("ss")) {
            missing = "ss is not installed (iproute2)";
        }
        return missing;
    }

    /** Namespaces, link, drop tables, responder and prober (with any further prober arguments); the stream not yet echoing. */
    public static NetnsStallRig start(Path dir, String tag, String... proberArgs) throws IOException {
        long pid = ProcessHandle.current().pid() % 100_000;
        // veth names are global until moved: a leftover of a crashed run must not collide
        String va = "p" + tag + "a" + pid;
        String vb = "p" + tag + "b" + pid;
        NetnsHosts hosts = NetnsHosts.create(tag, dir);
        try {
            hosts.must("ip", "link", "add", va, "type", "veth", "peer", "name", vb);
            hosts.plug(va, ADDRESS_A + "/29", vb, ADDRESS_B + "/29");
            boolean capped = Files.exists(RTO_MAX);
            // [namespace, the stream's drop, a connection's drop once it carried an ECHO (IP length 116: 20 + TCP with timestamps 32 + the 64-byte frame)]
            for (String[] side : new String[][] {
                    {hosts.a, "tcp sport @stream tcp dport 7100", "tcp dport 7100 tcp sport @cyc drop; tcp dport 7100 ip length 116 tcp dport @echoes add @cyc { tcp sport timeout 4s } drop"},
                    {hosts.b, "tcp sport 7100 tcp dport @stream", "tcp sport 7100 tcp dport @cyc drop; tcp sport 7100 ip length 116 tcp sport @echoes add @cyc { tcp dport timeout 4s } drop"}}) {
                if (capped) {
                    hosts.must("ip", "netns", "exec", side[0], "sysctl", "-q", "-w", "net.ipv4.tcp_rto_max_ms=" + RTO_CAP_MS);
                }
                Path table = Files.writeString(dir.resolve("drop-" + side[0] + ".nft"), """
                        table ip pwcause {
                          set stream { type inet_service; flags timeout; }
                          set echoes { type inet_service; flags timeout; }
                          set cyc { type inet_service; flags dynamic,timeout; }
                          chain in { type filter hook input priority 0; policy accept; %s drop; %s; }
                        }
                        """.formatted(side[1], side[2]), StandardCharsets.UTF_8);
                hosts.must("ip", "netns", "exec", side[0], "nft", "-f", table.toString());
            }
            hosts.responderAndProber(ADDRESS_A, 18090, 18091, "veth", proberArgs);
            return new NetnsStallRig(hosts, va, capped);
        } catch (IOException | RuntimeException e) {
            try {
                hosts.close();
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
            }
            throw e;
        }
    }

    /**
     * The longest a hang may outlast its loss: until TCP's first retransmission after the loss
     * ends, at most one retransmission timeout (capped, or else at most the time since the loss
     * began plus the 200 ms minimum, as the timeout doubles from there).
     */
    public long maxRecoveryMs() {
        return rtoCapped ? RTO_CAP_MS : StallCase.IMPAIRED_MS + 200;
    }

    public boolean rtoCapped() {
        return rtoCapped;
    }

    /** Waits for the stream to echo, provokes the case for 4 s, and reports what the prober said. */
    public StallObservation run(StallCase c) throws Exception {
        if (!c.netns) {
            throw new IllegalArgumentException(c + " is not a namespace case");
        }
        api.awaitEchoing(Duration.ofSeconds(90));
        int port = streamPort();
        PathApi.Mark before = api.mark();
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        Instant startedAt;
        try {
            long t0 = System.currentTimeMillis();
            switch (c) {
                case REVERSE_LOSS -> drop(hosts.b, port);
                case FORWARD_LOSS -> drop(hosts.a, port);
                case CYCLE_REVERSE, CYCLE_FORWARD -> {
                    hosts.must("ip", "netns", "exec", c == StallCase.CYCLE_REVERSE ? hosts.b : hosts.a, "nft", "add", "element", "ip", "pwcause",
                            "echoes", "{ 7100 timeout " + StallCase.IMPAIRED_MS + "ms }");
                    startedAt = Instant.ofEpochMilli(t0);
                    return api.awaitCycleCauses(c, before, Duration.ofMillis(StallCase.IMPAIRED_MS + 15_000));
                }
                default -> {
                    hosts.must("ip", "-n", hosts.a, "link", "set", va, "down");
                    timer.schedule(() -> NetnsHosts.run("ip", "-n", hosts.a, "link", "set", va, "up"), StallCase.IMPAIRED_MS, TimeUnit.MILLISECONDS);
                }
            }
            startedAt = Instant.ofEpochMilli((t0 + System.currentTimeMillis()) / 2);
            return api.awaitHang(c, before, startedAt, Duration.ofMillis(StallCase.IMPAIRED_MS + maxRecoveryMs() + 15_000));
        } finally {
            timer.shutdown();
            timer.awaitTermination(10, TimeUnit.SECONDS);
            NetnsHosts.run("ip", "-n", hosts.a, "link", "set", va, "up");
        }
    }

    /** Drops what arrives in namespace {@code ns} on the stream's connection for 4 s, ended by the kernel (the set's timeout). */
    private void drop(String ns, int port) {
        hosts.must("ip", "netns", "exec", ns, "nft", "add", "element", "ip", "pwcause", "stream",
                "{ " + port + " timeout " + StallCase.IMPAIRED_MS + "ms }");
    }

    /**
     * The prober's port of the stream's connection: of the connections to the responder, the one
     * that sent the most segments (the stream sends ten heartbeats a second, a cycle a dozen
     * segments in all), once it sent 50.
     */
    int streamPort() {
        AtomicInteger port = new AtomicInteger();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
            long most = 0;
            int best = 0;
            int current = 0;
            for (String line : ss().split("\n")) {
                Matcher m = STREAM.matcher(line);
                if (m.find()) {
                    current = Integer.parseInt(m.group(1));
                }
                Matcher s = SEGS_OUT.matcher(line);
                if (current != 0 && s.find() && Long.parseLong(s.group(1)) > most) {
                    most = Long.parseLong(s.group(1));
                    best = current;
                }
            }
            port.set(best);
            return most >= 50;
        });
        return port.get();
    }

    private String ss() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("ip", "netns", "exec", hosts.b, "ss", "-Htni", "state", "established", "dport", "=", ":7100")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
        return out;
    }

    @Override
    public void close() throws InterruptedException {
        hosts.close();
    }
}
