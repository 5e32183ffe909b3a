package io.pathwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.pathwatch.config.ProbeProperties;
import io.pathwatch.lab.Impairment;
import io.pathwatch.lab.LabPath;
import io.pathwatch.lab.LabPathSettings;
import io.pathwatch.lab.LabProxy;
import io.pathwatch.responder.ResponderServer;
import io.pathwatch.testing.LocalResponder;
import io.pathwatch.testing.Tools;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one-shot CLI as users run it: {@code PathwatchApplication.main} in a child JVM (its own
 * stdout, exit code and signals), against a real responder on 127.0.0.1 and, for compare, the lab
 * proxy's delay in front of it. Every summary figure is checked against the cycle lines it printed.
 */
class CliTest {

    private static final String SECRET = "cli-test-secret";
    private static final Pattern CYCLE = Pattern.compile("^seq=(\\d+)(?: dns=([\\d.]+))?(?: connect=([\\d.]+))?(?: rtt=([\\d.,]+))?(?: ms)?(?: lost=(\\d+))?(?: FAILED (\\w+).*)?$");
    private static final Pattern RTT_SUMMARY = Pattern.compile("rtt min/p50/p99/max = ([\\d.]+)/([\\d.]+)/([\\d.]+)/([\\d.]+) ms, jitter ([\\d.]+) ms");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static ResponderServer responder;
    private static String target;

    @BeforeAll
    static void startResponder() {
        responder = LocalResponder.start(0, SECRET);
        target = "127.0.0.1:" + responder.port();
    }

    @AfterAll
    static void stopResponder() {
        responder.stop();
    }

    @Test
    void probePrintsEachCycleAndASummaryThatAgreesWithThem() throws Exception {
        Run run = cli("probe", target, "--count", "6", "--interval", "200ms", "--secret", SECRET);

        assertThat(run.exit()).as(run.toString()).isEqualTo(Cli.OK);
        List<Matcher> cycles = run.stdout().stream().map(CYCLE::matcher).filter(Matcher::matches).toList();
        assertThat(cycles).as(run.toString()).hasSize(6);
        List<Double> rtts = new ArrayList<>();
        for (int i = 0; i < cycles.size(); i++) {
            Matcher m = cycles.get(i);
            assertThat(m.group(1)).isEqualTo(String.valueOf(i + 1));
            assertThat(m.group(2)).as("dns").isNotNull();
            assertThat(m.group(3)).as("connect").isNotNull();
            assertThat(m.group(6)).as("failure").isNull();
            List<Double> echoes = Arrays.stream(m.group(4).split(",")).map(Double::parseDouble).toList();
            assertThat(echoes).hasSize(Targets.defaults().echoCount());
            rtts.addAll(echoes);
        }
        String summary = String.join("\n", run.stdout());
        assertThat(summary).contains("6 cycles, 6 ok, 0 failed, 0.0% cycle loss; 30 echoes sent, 0 lost, 0.0% loss").contains("hangs 0")
                .contains("errors none");
        Matcher s = RTT_SUMMARY.matcher(summary);
        assertThat(s.find()).as(summary).isTrue();
        assertThat(Double.parseDouble(s.group(1))).isEqualTo(rtts.stream().mapToDouble(d -> d).min().orElseThrow());
        assertThat(Double.parseDouble(s.group(4))).isEqualTo(rtts.stream().mapToDouble(d -> d).max().orElseThrow());
        assertThat(Double.parseDouble(s.group(2))).isCloseTo(percentile(rtts, 50), within(tolerance(percentile(rtts, 50))));
        assertThat(Double.parseDouble(s.group(3))).isCloseTo(percentile(rtts, 99), within(tolerance(percentile(rtts, 99))));
        assertThat(Double.parseDouble(s.group(5))).isCloseTo(jitter(rtts), within(0.002 + 0.01 * jitter(rtts)));
    }

    @Test
    void jsonIsOneObjectPerCycleThenTheSummary() throws Exception {
        Run run = cli("probe", target, "--count", "3", "--interval", "200ms", "--secret", SECRET, "--json");

        assertThat(run.exit()).as(run.toString()).isEqualTo(Cli.OK);
        List<JsonNode> lines = new ArrayList<>();
        for (String line : run.stdout()) {
            lines.add(JSON.readTree(line)); // every line parses on its own
        }
        assertThat(lines).extracting(n -> n.get("type").asString()).containsExactly("cycle", "cycle", "cycle", "summary");
        List<Double> rtts = new ArrayList<>();
        lines.subList(0, 3).forEach(n -> n.get("rttMs").forEach(v -> rtts.add(v.asDouble())));
        JsonNode summary = lines.get(3).get("summary");
        assertThat(summary.get("cycles").asLong()).isEqualTo(3);
        assertThat(summary.get("rttMs").get("count").asLong()).isEqualTo(rtts.size());
        assertThat(summary.get("rttMs").get("min").asDouble()).isEqualTo(rtts.stream().mapToDouble(d -> d).min().orElseThrow());
        assertThat(summary.get("rttMs").get("p50").asDouble()).isCloseTo(percentile(rtts, 50), within(tolerance(percentile(rtts, 50))));
        assertThat(summary.get("lossRatio").asDouble()).isZero();
        assertThat(lines.get(3).get("exitCode").asInt()).isZero();
    }

    /** A plain TCP listener, no responder: --connect-only times the handshake and counts the cycles; the listener saw each one. */
    @Test
    void connectOnlyProbesAnyTcpPortWithoutAResponder() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            java.util.concurrent.atomic.AtomicInteger accepted = new java.util.concurrent.atomic.AtomicInteger();
            Thread acceptor = new Thread(() -> {
                for (int i = 0; i < 10 && !listener.isClosed(); i++) {
                    try (java.net.Socket s = listener.accept()) {
                        accepted.incrementAndGet();
                        s.getInputStream().read();
                    } catch (java.io.IOException e) {
                        return;
                    }
                }
            }, "cli-test-acceptor");
            acceptor.setDaemon(true);
            acceptor.start();
            Run run = cli("probe", "127.0.0.1:" + listener.getLocalPort(), "--count", "3", "--interval", "200ms", "--connect-only");

            assertThat(run.exit()).as(run.toString()).isEqualTo(Cli.OK);
            assertThat(run.stdout()).filteredOn(l -> l.startsWith("seq=")).hasSize(3).allMatch(l -> l.contains("connect=") && !l.contains("FAILED"));
            String text = String.join("\n", run.stdout());
            assertThat(text).contains("3 cycles, 3 ok, 0 failed, 0.0% cycle loss").contains("rtt min/p50/p99/max = -").contains("hangs 0");
            assertThat(text).containsPattern("connect min/p50/p99/max = [0-9.]+/");
            assertThat(accepted.get()).isEqualTo(3);
        }
    }

    @Test
    void aTargetThatRefusesExitsOneWithTheErrorsCounted() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        Run run = cli("probe", "127.0.0.1:" + closed, "--count", "2", "--interval", "200ms");

        assertThat(run.exit()).as(run.toString()).isEqualTo(Cli.FAILED);
        assertThat(run.stdout()).filteredOn(l -> l.startsWith("seq=")).hasSize(2).allMatch(l -> l.contains("FAILED refused in CONNECT"));
        assertThat(String.join("\n", run.stdout())).contains("2 cycles, 0 ok, 2 failed, 100.0% cycle loss").contains("errors refused=2");
    }

    @Test
    void ctrlCPrintsTheSummarySoFar() throws Exception {
        // a JVM started in the background inherits SIGINT ignored and cannot catch it; python3 puts the default back before exec
        boolean ignored = sigintIgnored();
        Assumptions.assumeTrue(!ignored || Tools.onPath("python3"), "SIGINT is ignored in this test's JVM and python3 (to reset it) is missing");
        List<String> prefix = ignored
                ? List.of("python3", "-c", "import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL); os.execv(sys.argv[1], sys.argv[1:])")
                : List.of();
        Process p = start(prefix, "probe", target, "--interval", "100ms", "--secret", SECRET);
        List<String> lines = collect(p);
        try {
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> lines.stream().filter(l -> l.startsWith("seq=")).count() >= 2);
            new ProcessBuilder("kill", "-INT", String.valueOf(p.pid())).start().waitFor(10, TimeUnit.SECONDS);
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            p.destroyForcibly();
        }
        ended(lines);
        long printed = lines.stream().filter(l -> l.startsWith("seq=")).count();
        assertThat(p.exitValue()).as(String.join("\n", lines)).isEqualTo(Cli.OK);
        assertThat(lines).anyMatch(l -> l.startsWith(printed + " cycles, " + printed + " ok"));
    }

    @Test
    void aStallOnTheStreamIsAHangLineAndExitsOne() throws Exception {
        try (LabProxy lab = new LabProxy()) {
            LabPath path = lab.add("stalls", new InetSocketAddress(InetAddress.getLoopbackAddress(), responder.port()),
                    LabPathSettings.symmetric(Impairment.NONE), 3);
            Process p = start("probe", "127.0.0.1:" + path.port(), "--interval", "200ms", "--count", "20", "--secret", SECRET);
            List<String> lines = collect(p);
            try {
                Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> lines.stream().anyMatch(l -> l.startsWith("seq=2 ")));
                path.stallNow(2000); // twice the hang threshold (1 s), shorter than the timeout (3 s): a hang, no failed cycle
                assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            } finally {
                p.destroyForcibly();
            }
            String all = String.join("\n", ended(lines));
            List<Double> hangs = lines.stream().map(Pattern.compile("^stream: hang ended after ([\\d.]+) ms$")::matcher).filter(Matcher::matches)
                    .map(m -> Double.parseDouble(m.group(1))).toList();
            assertThat(hangs).as(all).hasSize(1);
            // the stall as injected, less the silence before it counted (a heartbeat's interval at most), plus scheduling
            assertThat(hangs.get(0)).as(all).isBetween(1800.0, 2600.0);
            assertThat(all).contains(String.format(java.util.Locale.ROOT, "hangs 1 (longest %.1f ms, total %.1f ms)", hangs.get(0), hangs.get(0)));
            assertThat(p.exitValue()).as(all).isEqualTo(Cli.FAILED);
        }
    }

    @Test
    void compareRanksADelayedPathBelowTheDirectOne() throws Exception {
        try (LabProxy lab = new LabProxy()) {
            LabPath slow = lab.add("slow", new InetSocketAddress(InetAddress.getLoopbackAddress(), responder.port()),
                    LabPathSettings.symmetric(Impairment.delay(50, 0, Impairment.Distribution.normal)), 42);
            String delayed = "127.0.0.1:" + slow.port();
            Run run = cli("compare", delayed, target, "--duration", "8s", "--interval", "300ms", "--secret", SECRET, "--json");

            assertThat(run.exit()).as(run.toString()).isEqualTo(Cli.OK);
            List<JsonNode> lines = new ArrayList<>();
            for (String line : run.stdout()) {
                lines.add(JSON.readTree(line));
            }
            assertThat(lines).extracting(n -> n.get("type").asString()).contains("window").last().isEqualTo("compare");
            JsonNode ranking = lines.get(lines.size() - 1).get("ranking");
            JsonNode first = ranking.get("paths").get(0);
            JsonNode second = ranking.get("paths").get(1);
            assertThat(first.get("name").asString()).isEqualTo(target);
            assertThat(second.get("name").asString()).isEqualTo(delayed);
            // 50 ms each way through the lab: a round trip of at least 100 ms, far from loopback's, and the ranking is sure of it
            assertThat(second.get("p50").get("value").asDouble()).as(ranking.toString()).isGreaterThanOrEqualTo(100.0);
            assertThat(first.get("p50").get("value").asDouble()).as(ranking.toString()).isLessThan(100.0);
            assertThat(second.get("indistinguishableFromBest").asBoolean()).as(ranking.toString()).isFalse();
            assertThat(ranking.get("summary").asString()).startsWith(target + " is the most stable; " + delayed);
        }
    }

    @Test
    void compareInTextPrintsTheRankingTable() throws Exception {
        try (LabProxy lab = new LabProxy()) {
            LabPath other = lab.add("other", new InetSocketAddress(InetAddress.getLoopbackAddress(), responder.port()),
                    LabPathSettings.symmetric(Impairment.NONE), 7);
            Run run = cli("compare", target, "127.0.0.1:" + other.port(), "--duration", "3s", "--interval", "200ms", "--secret", SECRET);

            assertThat(run.exit()).as(run.toString()).isEqualTo(Cli.OK);
            assertThat(run.stdout()).anyMatch(l -> l.startsWith("rank target")).anyMatch(l -> l.startsWith("1    ")).anyMatch(l -> l.startsWith("2    "))
                    .anyMatch(l -> l.startsWith("score = rtt p99"));
        }
    }

    @Test
    void aCommandLineThatCannotRunExitsTwo() {
        assertThat(inProcess("probe").exit()).isEqualTo(Cli.USAGE);
        assertThat(inProcess("probe", "no-port").exit()).isEqualTo(Cli.USAGE);
        assertThat(inProcess("probe", target, "--count", "0").exit()).isEqualTo(Cli.USAGE);
        assertThat(inProcess("probe", target, "--interval", "soon").exit()).isEqualTo(Cli.USAGE);
        assertThat(inProcess("probe", target, "--interval", "30").stderr()).contains("needs a unit: 30s or 30ms");
        assertThat(inProcess("compare", target, "localhost:7100", "--connect-only").stderr()).contains("needs a responder");
        assertThat(inProcess("probe", target, "--bogus").exit()).isEqualTo(Cli.USAGE);
        assertThat(inProcess("compare", target).exit()).isEqualTo(Cli.USAGE);
        assertThat(inProcess("compare", target, target).exit()).isEqualTo(Cli.USAGE);
        Run help = inProcess("--help");
        assertThat(help.exit()).isEqualTo(Cli.OK);
        assertThat(help.stdout()).anyMatch(l -> l.contains("probe HOST:PORT"));
    }

    @Test
    void theCliProbesWithTheDaemonsDefaults() {
        ProbeProperties bound = new Binder(new MapConfigurationPropertySource(Map.of())).bindOrCreate("pathwatch.probe", ProbeProperties.class);
        assertThat(Targets.defaults()).isEqualTo(bound);
    }

    /** Nearest rank, as HdrHistogram counts it: the value at rank round(p % × n), at least the first. */
    private static double percentile(List<Double> values, double p) {
        List<Double> sorted = values.stream().sorted().toList();
        int rank = (int) Math.max(1, (long) (p / 100 * sorted.size() + 0.5));
        return sorted.get(rank - 1);
    }

    /** Three significant digits of the summary's histogram, plus the printed microsecond. */
    private static double tolerance(double ms) {
        return ms * 0.001 + 0.0015;
    }

    /** The mean |difference| of consecutive printed RTTs, in order. */
    private static double jitter(List<Double> rtts) {
        double sum = 0;
        for (int i = 1; i < rtts.size(); i++) {
            sum += Math.abs(rtts.get(i) - rtts.get(i - 1));
        }
        return sum / (rtts.size() - 1);
    }

    private static boolean sigintIgnored() throws IOException {
        Path status = Path.of("/proc/self/status");
        if (!Files.exists(status)) {
            return false;
        }
        for (String line : Files.readAllLines(status)) {
            if (line.startsWith("SigIgn:")) {
                return (Long.parseLong(line.substring(7).trim(), 16) & (1L << 1)) != 0; // bit 1 is signal 2, SIGINT
            }
        }
        return false;
    }

    record Run(int exit, List<String> stdout, String stderr) {
        @Override
        public String toString() {
            return "exit " + exit + "\n" + String.join("\n", stdout) + "\n" + stderr;
        }
    }

    private static Process start(String... args) throws IOException {
        return start(List.of(), args);
    }

    private static Process start(List<String> prefix, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(prefix);
        cmd.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), "io.pathwatch.PathwatchApplication"));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).start();
    }

    /** The child's stdout lines as they come; once it has exited and {@link #ended} is true, all of them. */
    private static List<String> collect(Process p) {
        List<String> lines = new CopyOnWriteArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String l = in.readLine(); l != null; l = in.readLine()) {
                    lines.add(l);
                }
            } catch (IOException e) {
                // the child is gone
            }
        });
        reader.setDaemon(true);
        reader.start();
        READERS.put(lines, reader);
        return lines;
    }

    private static final Map<List<String>, Thread> READERS = new java.util.IdentityHashMap<>();

    /** Every line the child wrote (it has exited: its stdout ends). */
    private static List<String> ended(List<String> lines) throws InterruptedException {
        READERS.remove(lines).join(10_000);
        return lines;
    }

    private static Run cli(String... args) throws Exception {
        Process p = start(args);
        var out = java.util.concurrent.CompletableFuture.supplyAsync(() -> read(p.getInputStream()));
        var err = java.util.concurrent.CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
        try {
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("the CLI ended").isTrue();
        } finally {
            p.destroyForcibly();
        }
        return new Run(p.exitValue(), out.get(10, TimeUnit.SECONDS).lines().toList(), err.get(10, TimeUnit.SECONDS));
    }

    private static String read(java.io.InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /** Usage errors only: nothing is probed, so no logging set-up or signal handler touches this JVM. */
    private static Run inProcess(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Cli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8).lines().toList(), err.toString(StandardCharsets.UTF_8));
    }
}
