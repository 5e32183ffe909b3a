package io.pathwatch.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import tools.jackson.databind.json.JsonMapper;

/**
 * Two test hosts: network namespaces this test creates (and deletes), each running its own
 * pathwatch JVM from the packaged jar, queried with curl inside the namespace. Addresses live
 * inside the namespaces only (198.18.0.0/15, the benchmarking range).
 */
public final class NetnsHosts implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    public final String a;
    public final String b;
    private final Path logs;
    private final List<Process> processes = new ArrayList<>();

    private NetnsHosts(String a, String b, Path logs) {
        this.a = a;
        this.b = b;
        this.logs = logs;
    }

    /** Why these tests cannot run here, or null if they can (root, iproute2, curl, network namespaces). */
    public static String missing() {
        if (!Tools.onPath("ip")) {
            return "iproute2 (ip) is not installed";
        }
        if (!Tools.onPath("curl")) {
            return "curl is not installed";
        }
        String probe = "pw-probe-" + ProcessHandle.current().pid();
        if (run("ip", "netns", "add", probe) != 0) {
            return "cannot create network namespaces (needs root and ip netns)";
        }
        run("ip", "netns", "del", probe);
        return null;
    }

    /** The names {@link #create} gives the two namespaces, known before (a harness notes them for its clean-up). */
    public static List<String> names(String tag) {
        long pid = ProcessHandle.current().pid();
        return List.of("pw-" + tag + "a-" + pid, "pw-" + tag + "b-" + pid);
    }

    /** Creates the two namespaces, loopback up in each. */
    public static NetnsHosts create(String tag, Path logs) {
        List<String> names = names(tag);
        NetnsHosts hosts = new NetnsHosts(names.get(0), names.get(1), logs);
        hosts.must("ip", "netns", "add", hosts.a);
        hosts.must("ip", "netns", "add", hosts.b);
        hosts.must("ip", "-n", hosts.a, "link", "set", "lo", "up");
        hosts.must("ip", "-n", hosts.b, "link", "set", "lo", "up");
        return hosts;
    }

    /** Runs a command; throws if it fails. */
    public void must(String... cmd) {
        int rc = run(cmd);
        if (rc != 0) {
            throw new IllegalStateException("exit " + rc + ": " + String.join(" ", cmd));
        }
    }

    /**
     * Moves device {@code devA} into namespace a and {@code devB} into b, gives each its address
     * (the words after {@code ip addr add}, e.g. {@code 198.18.0.1/29} or
     * {@code 198.18.2.1 peer 198.18.2.2}) and brings both up.
     */
    public void plug(String devA, String addressA, String devB, String addressB) {
        for (String[] side : new String[][] {{a, devA, addressA}, {b, devB, addressB}}) {
            must("ip", "link", "set", side[1], "netns", side[0]);
            List<String> add = new ArrayList<>(List.of("ip", "-n", side[0], "addr", "add"));
            add.addAll(List.of(side[2].split(" ")));
            add.addAll(List.of("dev", side[1]));
            must(add.toArray(String[]::new));
            must("ip", "-n", side[0], "link", "set", side[1], "up");
        }
    }

    /**
     * Why two namespaces joined through {@code src/test/c/delayline.c} cannot be made here (root,
     * ip netns, curl, gcc, /dev/net/tun), or null when they can.
     */
    public static String delayLineMissing() {
        String missing = missing();
        if (missing != null) {
            return missing;
        }
        if (!Tools.onPath("gcc")) {
            return "gcc is not installed";
        }
        return Files.exists(Path.of("/dev/net/tun")) ? null : "no /dev/net/tun";
    }

    /**
     * Two namespaces tagged {@code tag} joined through the userspace delay line, {@code oneWayMs}
     * each way below TCP (this kernel has no netem): a is 198.18.2.1, b is 198.18.2.2. The binary
     * is compiled into {@code logs}; the TUN names carry this JVM's pid, since they are global until
     * moved and a crashed run's leftovers must not collide.
     */
    public static NetnsHosts withDelayLine(String tag, Path logs, double oneWayMs) throws IOException, InterruptedException {
        Path binary = logs.resolve("delayline");
        Process gcc = new ProcessBuilder("gcc", "-O2", "-o", binary.toString(), "src/test/c/delayline.c").redirectErrorStream(true).start();
        String out = new String(gcc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!gcc.waitFor(60, TimeUnit.SECONDS) || gcc.exitValue() != 0) {
            throw new IllegalStateException("gcc failed on src/test/c/delayline.c: " + out);
        }
        String ta = "pw" + tag + "a" + ProcessHandle.current().pid() % 100_000;
        String tb = "pw" + tag + "b" + ProcessHandle.current().pid() % 100_000;
        NetnsHosts hosts = create(tag, logs);
        try {
            hosts.start("delayline", binary.toString(), ta, tb, String.valueOf(oneWayMs));
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> Files.readString(logs.resolve("delayline.log")).contains("ready"));
            hosts.plug(ta, "198.18.2.1 peer 198.18.2.2", tb, "198.18.2.2 peer 198.18.2.1");
            return hosts;
        } catch (RuntimeException e) {
            hosts.close();
            throw e;
        }
    }

    /** Starts pathwatch in namespace {@code ns} with these arguments; its output goes to {@code name}.log. */
    public void pathwatch(String ns, String name, String... args) throws IOException {
        pathwatch(ns, name, List.of(), args);
    }

    /**
     * Starts pathwatch in namespace {@code ns} with these JVM options (heap, JFR...) and
     * arguments; its output goes to {@code name}.log. {@code ip netns exec} execs the JVM in its
     * own place, so the process returned is the JVM itself.
     */
    public Process pathwatch(String ns, String name, List<String> jvmOptions, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", ns,
                Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-jar", System.getProperty("pathwatch.jar", "target/pathwatch.jar")));
        cmd.addAll(List.of(args));
        return start(name, cmd.toArray(String[]::new));
    }

    /**
     * A responder in namespace a listening on {@code bind}:7100 (HTTP on {@code responderHttp}), and
     * once it is ready, a prober in namespace b with one path, {@code name}, to it (HTTP on
     * {@code proberHttp}), plus any further prober arguments.
     */
    public void responderAndProber(String bind, int responderHttp, int proberHttp, String name, String... proberArgs)
            throws IOException {
        pathwatch(a, "responder", "--server.port=" + responderHttp, "--server.address=127.0.0.1",
                "--pathwatch.responder.bind=" + bind, "--pathwatch.demo.enabled=false", "--pathwatch.auth.secret=netns");
        awaitReady(a, responderHttp);
        List<String> args = new ArrayList<>(List.of("--server.port=" + proberHttp, "--server.address=127.0.0.1",
                "--pathwatch.responder.enabled=false", "--pathwatch.auth.secret=netns",
                "--pathwatch.paths[0].name=" + name, "--pathwatch.paths[0].target=" + bind + ":7100"));
        args.addAll(List.of(proberArgs));
        pathwatch(b, "prober", args.toArray(String[]::new));
    }

    /** Waits until the pathwatch in {@code ns} with HTTP on {@code port} is ready (its responder listening). */
    public void awaitReady(String ns, int port) {
        Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .until(() -> "UP".equals(json(ns, "http://127.0.0.1:" + port + "/actuator/health/readiness").get("status")));
    }

    /** Starts any long-running command, ended on close. */
    public Process start(String name, String... cmd) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(logs.resolve(name + ".log").toFile()).start();
        processes.add(p);
        return p;
    }

    /** GET a JSON object from an HTTP server inside namespace {@code ns}. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> json(String ns, String url) throws IOException, InterruptedException {
        return JSON.readValue(get(ns, url, 5), Map.class);
    }

    /** GET a JSON list (e.g. {@code /api/paths}) from an HTTP server inside namespace {@code ns}, waiting at most {@code maxSeconds}. */
    @SuppressWarnings("unchecked")
    public List<Map<String, Object>> jsonList(String ns, String url, int maxSeconds) throws IOException, InterruptedException {
        return JSON.readValue(get(ns, url, maxSeconds), List.class);
    }

    /** The body of a GET to an HTTP server inside namespace {@code ns} (curl inside it), empty if it gave none within {@code maxSeconds}. */
    public String get(String ns, String url, int maxSeconds) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("ip", "netns", "exec", ns, "curl", "-s", "--max-time", String.valueOf(maxSeconds), url).start();
        String body = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(maxSeconds + 5L, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
        return body;
    }

    public static int run(String... cmd) {
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

    @Override
    public void close() throws InterruptedException {
        for (Process p : processes) {
            p.destroy();
            if (!p.waitFor(15, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
        run("ip", "netns", "del", a);
        run("ip", "netns", "del", b);
    }
}
