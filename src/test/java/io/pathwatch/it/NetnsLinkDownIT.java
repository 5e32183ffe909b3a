package io.pathwatch.it;

import static io.pathwatch.testing.Http.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import io.pathwatch.testing.Tools;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real TCP stall: two network namespaces this test creates, joined by a veth pair (addresses
 * 198.18.0.1 and .2, the benchmarking range, inside the namespaces only), the responder in one,
 * the prober in the other, and the link taken down for 3 s. pathwatch must report one hang from
 * the outage until TCP's first successful retransmission after it, which a packet capture on the
 * responder's side pins down; then recovery on the same connection. Needs root, {@code ip netns},
 * curl (and tcpdump for the capture); skipped with a message where they are missing.
 */
class NetnsLinkDownIT {

    private static final Duration OUTAGE = Duration.ofSeconds(3);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern PACKET = Pattern.compile("^(\\d+\\.\\d+) IP 198\\.18\\.0\\.2\\.(\\d+) > 198\\.18\\.0\\.1\\.7100:");

    @TempDir
    Path dir;
    private final String a = "pw-a-" + ProcessHandle.current().pid();
    private final String b = "pw-b-" + ProcessHandle.current().pid();
    private final List<Process> processes = new ArrayList<>();
    private boolean created;

    @BeforeEach
    void namespaces() throws Exception {
        assumeThat(Tools.onPath("ip")).as("iproute2 (ip) is not installed; skipping the netns link-down test").isTrue();
        assumeThat(Tools.onPath("curl")).as("curl is not installed; skipping the netns link-down test").isTrue();
        assumeThat(run("ip", "netns", "add", a)).as("cannot create network namespaces (needs root and ip netns); skipping").isZero();
        created = true;
        assertThat(run("ip", "netns", "add", b)).isZero();
        for (String[] cmd : new String[][] {
                {"ip", "link", "add", "pwa", "type", "veth", "peer", "name", "pwb"},
                {"ip", "link", "set", "pwa", "netns", a},
                {"ip", "link", "set", "pwb", "netns", b},
                {"ip", "-n", a, "addr", "add", "198.18.0.1/30", "dev", "pwa"},
                {"ip", "-n", b, "addr", "add", "198.18.0.2/30", "dev", "pwb"},
                {"ip", "-n", a, "link", "set", "lo", "up"},
                {"ip", "-n", b, "link", "set", "lo", "up"},
                {"ip", "-n", a, "link", "set", "pwa", "up"},
                {"ip", "-n", b, "link", "set", "pwb", "up"}}) {
            assertThat(run(cmd)).as(String.join(" ", cmd)).isZero();
        }
    }

    @AfterEach
    void cleanUp() throws Exception {
        for (Process p : processes) {
            p.destroy();
            if (!p.waitFor(15, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
        if (created) {
            run("ip", "netns", "del", a);
            run("ip", "netns", "del", b);
        }
    }

    @Test
    void aThreeSecondLinkOutageIsOneHangUntilTcpsFirstRetransmissionThenRecovery() throws Exception {
        String jar = System.getProperty("pathwatch.jar", "target/pathwatch.jar");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        start("responder", "ip", "netns", "exec", a, java, "-jar", jar, "--server.port=18080", "--server.address=127.0.0.1",
                "--pathwatch.responder.bind=198.18.0.1", "--pathwatch.demo.enabled=false", "--pathwatch.auth.secret=netns");
        start("prober", "ip", "netns", "exec", b, java, "-jar", jar, "--server.port=18081", "--server.address=127.0.0.1",
                "--pathwatch.responder.enabled=false", "--pathwatch.auth.secret=netns", "--pathwatch.probe.interval=5s",
                "--pathwatch.paths[0].name=veth", "--pathwatch.paths[0].target=198.18.0.1:7100");
        boolean capture = Tools.onPath("tcpdump");
        Path pcap = dir.resolve("capture.txt");
        if (capture) {
            processes.add(new ProcessBuilder("ip", "netns", "exec", a, "tcpdump", "-i", "pwa", "-n", "-tt", "-l", "tcp dst port 7100")
                    .redirectOutput(pcap.toFile()).redirectError(dir.resolve("tcpdump.err").toFile()).start());
        }
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .until(() -> connected(path()) && streamEchoes() >= 20 && (!capture || Files.size(pcap) > 0));

        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        long downAt;
        try {
            long before = System.currentTimeMillis();
            assertThat(run("ip", "-n", a, "link", "set", "pwa", "down")).isZero();
            downAt = (before + System.currentTimeMillis()) / 2;
            timer.schedule(() -> run("ip", "-n", a, "link", "set", "pwa", "up"), OUTAGE.toMillis(), TimeUnit.MILLISECONDS);
            await().atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(100)).until(() -> hangs(path()).get("open").equals(true));
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() -> hangs(path()).get("open").equals(false));
        } finally {
            timer.shutdown();
            assertThat(timer.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
        Map<String, Object> hangs = hangs(path());
        double measured = ((Number) hangs.get("longestMs")).doubleValue();
        long echoesAfter = streamEchoes();
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(500)).until(() -> streamEchoes() >= echoesAfter + 10);

        String truth = "";
        if (capture) {
            double firstAfter = firstStreamPacketAfter(Files.readAllLines(pcap, StandardCharsets.UTF_8), downAt / 1000.0);
            double trueMs = (firstAfter - downAt / 1000.0) * 1000;
            truth = String.format(", capture: first stream packet %.1f ms after the link went down", trueMs);
            assertThat(measured).as("hang vs capture").isCloseTo(trueMs, org.assertj.core.api.Assertions.within(150.0));
        }
        System.out.printf("3 s link outage: %s hang(s), longest %.1f ms%s; stream disconnects %s%n",
                hangs.get("count"), measured, truth, map(path().get("stream")).get("disconnects"));
        assertThat(((Number) hangs.get("count")).longValue()).isEqualTo(1);
        assertThat(measured).isBetween(OUTAGE.toMillis() - 100.0, 7000.0);
        assertThat(((Number) map(path().get("stream")).get("disconnects")).longValue()).as("TCP rode out the outage").isZero();
    }

    /** The stream is the connection with the most packets before the outage; its first one after. */
    private static double firstStreamPacketAfter(List<String> lines, double downAt) {
        Map<String, Integer> before = new HashMap<>();
        List<String[]> packets = new ArrayList<>();
        for (String line : lines) {
            Matcher m = PACKET.matcher(line);
            if (m.find()) {
                packets.add(new String[] {m.group(1), m.group(2)});
                if (Double.parseDouble(m.group(1)) < downAt) {
                    before.merge(m.group(2), 1, Integer::sum);
                }
            }
        }
        String stream = before.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
        return packets.stream().filter(p -> p[1].equals(stream)).mapToDouble(p -> Double.parseDouble(p[0]))
                .filter(t -> t > downAt).min().orElseThrow();
    }

    private Map<String, Object> path() throws Exception {
        ProcessBuilder pb = new ProcessBuilder("ip", "netns", "exec", b, "curl", "-s", "--max-time", "5",
                "http://127.0.0.1:18081/api/paths/veth?window=5m").redirectErrorStream(true);
        Process p = pb.start();
        String body = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        @SuppressWarnings("unchecked")
        Map<String, Object> json = JSON.readValue(body, Map.class);
        return json;
    }

    private long streamEchoes() throws Exception {
        ProcessBuilder pb = new ProcessBuilder("ip", "netns", "exec", b, "curl", "-s", "--max-time", "5",
                "http://127.0.0.1:18081/actuator/health/paths");
        Process p = pb.start();
        String body = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        @SuppressWarnings("unchecked")
        Map<String, Object> json = JSON.readValue(body, Map.class);
        Map<String, Object> window = map(map(map(map(json.get("components")).get("veth")).get("details")).get("window"));
        return ((Number) map(window.get("streamRtt")).get("count")).longValue();
    }

    private static boolean connected(Map<String, Object> path) {
        return Boolean.TRUE.equals(map(path.get("stream")).get("connected"));
    }

    private static Map<String, Object> hangs(Map<String, Object> path) {
        return map(map(path.get("window")).get("hangs"));
    }

    private void start(String name, String... cmd) throws IOException {
        processes.add(new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve(name + ".log").toFile()).start());
    }

    private static int run(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(30, TimeUnit.SECONDS) ? p.exitValue() : -1;
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
