package io.pathwatch.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import io.pathwatch.testing.Netns;
import io.pathwatch.testing.NodeHandle;
import io.pathwatch.testing.Tools;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fault matrix: ten failure kinds provoked at once, each on a path of its own, while 50
 * healthy paths are measured by the same prober. Each faulted path must be classified as its
 * kind, and the healthy paths must not notice: no failure, hang, disconnect or skipped cycle, their
 * pooled RTT p99 within 3× + 2 ms and their pooled schedule-lag p99 within 3× + 10 ms of a baseline
 * measured just before, in the same run.
 *
 * <p>Two namespaces the test creates: A holds the responders (198.18.0.1 and the fault addresses
 * .11–.15 and the lab's upstream .16 on one veth, 198.18.1.1 on a second), B the prober, its lab
 * paths and a port hog (a
 * {@link io.pathwatch.testing.NetnsNode} each: a JVM cannot put its sockets in a namespace). The
 * faults: nft rules in A (refused: RST to the SYN; blackhole: every packet dropped; half-open:
 * every packet but SYNs dropped, so connections open and then hear nothing; TLS: the TLS port
 * redirected to the plain responder), B's end of the second veth taken down (link down), the
 * name dropped from B's hosts file while B has no reachable DNS server (DNS failure), the lab
 * (reset, a stall, a 1.5 s delay for a 1 s timeout) and B's 200-port ephemeral range held by a hog
 * (local port exhaustion). Skipped with a message without root, ip netns or nft.
 */
class FaultMatrixIT {

    private static final int HEALTHY = 50;
    private static final Duration PHASE = Duration.ofSeconds(15);
    /** Scheduling noise of the shared 2-vCPU VMs (docs/measurement.md: a sleeping thread wakes 9 ms late at p99). */
    private static final double HOST_NOISE_MS = 10;
    /** interval, timeout, heartbeat, hang threshold, window, stream give-up (ms). */
    private static final String SETTINGS = "500,1000,100,500,1000,3000";

    /** The faults: the path, the kind it must be classified as, and how it is provoked. */
    private record Fault(String path, String target, String expected, String how) {
    }

    private static final List<Fault> FAULTS = List.of(
            new Fault("refused", "198.18.0.11:7100", "refused", "nft in A: reject with tcp reset"),
            new Fault("reset", "lab", "reset", "lab: reset after the first byte"),
            new Fault("blackhole", "198.18.0.12:7100", "timeout", "nft in A: drop everything"),
            new Fault("linkdown", "198.18.1.1:7100", "unreachable", "ip link set down (B's end of its veth)"),
            new Fault("dns", "dnsfault.test:7100", "dns_error", "name removed from B's hosts file, no DNS server reachable"),
            new Fault("tls", "198.18.0.14:7443:tls", "tls_error", "nft in A: TLS port redirected to the plain responder"),
            new Fault("stall", "lab", "hang", "lab: 8 s stall of both directions"),
            new Fault("halfopen", "198.18.0.13:7100", "timeout", "nft in A: drop all but SYN (connects, then silence)"),
            new Fault("slow", "lab", "timeout", "lab: 1.5 s reply delay, timeout 1 s"),
            new Fault("ports", "198.18.0.15:7100", "local_error", "B's 200 ephemeral ports to that address held by a hog"));

    @TempDir
    Path dir;

    @Test
    void eachFaultIsClassifiedAndTheOtherPathsDoNotMove() throws Exception {
        String missing = Netns.missing();
        if (missing == null && !Tools.onPath("nft")) {
            missing = "nft is not installed";
        }
        assumeThat(missing).as("skipping the fault matrix: %s", missing).isNull();
        long pid = ProcessHandle.current().pid() % 100_000;
        Path etc = null;
        boolean etcNetnsExisted = Files.isDirectory(Path.of("/etc/netns"));
        try (Netns a = Netns.create("fma"); Netns b = Netns.create("fmb")) {
            etc = Path.of("/etc/netns", b.name); // ip netns exec mounts these over /etc/hosts and /etc/resolv.conf
            Files.createDirectories(etc);
            Path hosts = etc.resolve("hosts");
            Files.writeString(hosts, "127.0.0.1 localhost\n198.18.0.1 dnsfault.test\n");
            // no route to it inside B: a name not in hosts fails at once instead of waiting for a timeout
            Files.writeString(etc.resolve("resolv.conf"), "nameserver 198.18.9.9\n");
            link(a, b, "fa" + pid, "fb" + pid, "198.18.0.1/24", "198.18.0.2/24");
            link(a, b, "ga" + pid, "gb" + pid, "198.18.1.1/24", "198.18.1.2/24");
            for (int i = 11; i <= 16; i++) {
                a.must("ip", "-n", a.name, "addr", "add", "198.18.0." + i + "/32", "dev", "fa" + pid);
            }
            b.exec("sysctl", "-q", "-w", "net.ipv4.ip_local_port_range=40000 40199");
            // the lab closes its upstream connection first, so each cycle through it leaves a TIME_WAIT in B (60 s):
            // 6 a second would use up the 200 ports; let connect() reuse them (and send the lab to an address of its own)
            b.exec("sysctl", "-q", "-w", "net.ipv4.tcp_tw_reuse=1");
            Path keyStore = keyStore();

            try (NodeHandle servers = NodeHandle.start(a.name, dir, "servers");
                 NodeHandle prober = NodeHandle.start(b.name, dir, "prober", "-Dio.netty.hostsFileRefreshInterval=200000000")) {
                servers.send("responder 7100", Duration.ofSeconds(30));
                servers.send("responder 7443 " + keyStore, Duration.ofSeconds(30));
                List<String> paths = new ArrayList<>();
                for (int i = 0; i < HEALTHY; i++) {
                    paths.add(String.format("ok-%02d=198.18.0.1:7100", i));
                }
                for (Fault f : FAULTS) {
                    String target = f.target().equals("lab")
                            ? "127.0.0.1:" + prober.send("lab " + f.path() + " 198.18.0.16 7100", Duration.ofSeconds(10)) : f.target();
                    paths.add(f.path() + "=" + target);
                }
                prober.send("probe " + SETTINGS + " " + String.join(" ", paths), Duration.ofSeconds(30));

                // every path measures, none fails, for a whole phase (start-up and JIT warm-up), then for
                // another whole phase: that one is the baseline
                AtomicReference<Map<String, Object>> last = new AtomicReference<>();
                try {
                    await().atMost(Duration.ofSeconds(45)).pollInterval(Duration.ofSeconds(1))
                            .until(() -> unhealthy(last.updateAndGet(x -> report(prober)), 26, "", false).isEmpty());
                    long warm = System.nanoTime();
                    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1))
                            .until(() -> System.nanoTime() - warm > PHASE.plusSeconds(1).toNanos()
                                    && unhealthy(last.updateAndGet(x -> report(prober)), 26, "", false).isEmpty());
                } catch (ConditionTimeoutException e) {
                    throw new AssertionError("no clean baseline; paths not healthy: " + unhealthy(last.get(), 26, "", false), e);
                }
                Map<String, Object> before = last.get();

                long faultsAt = System.nanoTime();
                a.exec("nft", "-f", write("faults.nft", """
                        table ip faultmatrix {
                          chain input { type filter hook input priority 0; policy accept;
                            ip daddr 198.18.0.11 tcp dport 7100 reject with tcp reset
                            ip daddr 198.18.0.12 drop
                            ip daddr 198.18.0.13 tcp flags ! syn drop
                          }
                          chain pre { type nat hook prerouting priority -100; policy accept;
                            ip daddr 198.18.0.14 tcp dport 7443 redirect to :7100
                          }
                        }
                        """).toString());
                b.must("ip", "-n", b.name, "link", "set", "gb" + pid, "down");
                Files.writeString(hosts, "127.0.0.1 localhost\n", StandardOpenOption.TRUNCATE_EXISTING); // same file: it is mounted
                prober.send("impair reset reset", Duration.ofSeconds(10));
                prober.send("impair stall stall 8000", Duration.ofSeconds(10));
                prober.send("impair slow delay 1500", Duration.ofSeconds(10));
                String hog = prober.send("hog 198.18.0.15 7100 400", Duration.ofSeconds(30));
                assertThat(hog).as("the hog ends on the kernel's EADDRNOTAVAIL").contains(" EADDRNOTAVAIL ");

                // a whole phase after the faults began, with every healthy path measured throughout
                await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofSeconds(1))
                        .until(() -> System.nanoTime() - faultsAt > PHASE.plusSeconds(1).toNanos()
                                && measured(prober.report(PHASE, "ok-"), 26));
                Map<String, Object> during = prober.report(PHASE, "ok-");
                judge(before, during, hog);
            }
        } finally {
            if (etc != null) {
                Files.deleteIfExists(etc.resolve("hosts"));
                Files.deleteIfExists(etc.resolve("resolv.conf"));
                Files.deleteIfExists(etc);
                if (!etcNetnsExisted) {
                    Files.deleteIfExists(etc.getParent());
                }
            }
        }
    }

    @SuppressWarnings("unchecked")
    private void judge(Map<String, Object> before, Map<String, Object> during, String hog) {
        Map<String, Map<String, Object>> paths = (Map<String, Map<String, Object>>) during.get("paths");
        Map<String, Object> agent = (Map<String, Object>) during.get("agent");
        Map<String, Object> pooledBefore = (Map<String, Object>) before.get("pooled");
        Map<String, Object> pooledDuring = (Map<String, Object>) during.get("pooled");
        double rttBefore = num(pooledBefore, "rttP99Ms");
        double rttDuring = num(pooledDuring, "rttP99Ms");
        double lagBefore = num(pooledBefore, "lagP99Ms");
        double lagDuring = num(pooledDuring, "lagP99Ms");
        double worstPathBefore = worst((Map<String, Map<String, Object>>) before.get("paths"), "rttP99");
        double worstLagBefore = worst((Map<String, Map<String, Object>>) before.get("paths"), "lagP99");

        System.out.printf("fault matrix: %d healthy paths, %s each phase; hog: %s%n", HEALTHY, PHASE, hog);
        System.out.printf("healthy paths, pooled: rtt p99 %.3f -> %.3f ms, schedule lag p99 %.3f -> %.3f ms; worst path rtt p99 %.3f -> %.3f ms,"
                + " lag p99 %.3f -> %.3f ms%n", rttBefore, rttDuring, lagBefore, lagDuring, worstPathBefore, worst(paths, "rttP99"),
                worstLagBefore, worst(paths, "lagP99"));
        System.out.println("| fault | provoked by | classified as | cycles (failed) | errors | localErrors | hangs | connects |");
        Map<String, String> verdicts = new LinkedHashMap<>();
        for (Fault f : FAULTS) {
            Map<String, Object> p = paths.get(f.path());
            Map<String, Number> errors = (Map<String, Number>) p.get("errors");
            Map<String, Long> nonZero = new LinkedHashMap<>();
            errors.forEach((k, n) -> {
                if (n.longValue() > 0) {
                    nonZero.put(k, n.longValue());
                }
            });
            System.out.printf("| %s | %s | %s | %d (%d) | %s | %d | %d | %d |%n", f.path(), f.how(), f.expected(), (long) num(p, "cycles"),
                    (long) num(p, "cyclesFailed"), nonZero, (long) num(p, "localErrors"), (long) num(p, "hangs"), (long) num(p, "connectCount"));
            verdicts.put(f.path(), nonZero + " localErrors=" + num(p, "localErrors") + " hangs=" + num(p, "hangs"));
        }
        long healthyLocal = paths.entrySet().stream().filter(e -> e.getKey().startsWith("ok-")).mapToLong(e -> (long) num(e.getValue(), "localErrors")).sum();
        long healthyCycles = paths.entrySet().stream().filter(e -> e.getKey().startsWith("ok-")).mapToLong(e -> (long) num(e.getValue(), "cycles")).sum();
        long healthyFailed = paths.entrySet().stream().filter(e -> e.getKey().startsWith("ok-")).mapToLong(e -> (long) num(e.getValue(), "cyclesFailed")).sum();
        System.out.printf("healthy paths during the faults: %d cycles, %d failed, %d local errors%n", healthyCycles, healthyFailed, healthyLocal);
        System.out.println("agent local errors: " + agent);
        // the hog's port exhaustion is the whole namespace's: the kernel may refuse the healthy paths a port too,
        // which must count as the agent's local errors, never as a failure of their paths
        assertThat(unhealthy(during, 0, "ok-", true)).as("healthy paths that noticed the faults").isEmpty();
        assertThat((Map<String, Object>) agent.get("lastMinuteByCause")).as("agent").containsOnlyKeys("EADDRNOTAVAIL");

        for (Fault f : FAULTS) {
            Map<String, Object> p = paths.get(f.path());
            Map<String, Number> errors = (Map<String, Number>) p.get("errors");
            long failed = errors.values().stream().mapToLong(Number::longValue).sum();
            String as = f.path() + ": " + verdicts.get(f.path());
            switch (f.expected()) {
                case "hang" -> assertThat(num(p, "hangs")).as(as).isGreaterThanOrEqualTo(1);
                case "local_error" -> {
                    assertThat(num(p, "localErrors")).as(as).isGreaterThanOrEqualTo(3);
                    assertThat(failed).as("%s: a local error is not a fault of the path", as).isZero();
                    assertThat((Map<String, Object>) agent.get("lastMinuteByCause")).as("agent").containsKey("EADDRNOTAVAIL");
                }
                default -> {
                    long kind = errors.get(f.expected()).longValue();
                    assertThat(kind).as(as).isGreaterThanOrEqualTo(3);
                    // cycles caught in flight when the fault began, or by the lab closing a delayed connection, may differ
                    assertThat((double) kind).as("%s: mostly %s", as, f.expected()).isGreaterThanOrEqualTo(0.75 * failed);
                    assertThat(num(p, "localErrors")).as(as).isZero();
                }
            }
        }
        assertThat(num(paths.get("blackhole"), "connectCount")).as("a blackhole never connects").isZero();
        assertThat(num(paths.get("halfopen"), "connectCount")).as("a half-open peer still completes the handshake").isPositive();

        assertThat(rttDuring).as("healthy paths' pooled rtt p99 (baseline %.3f ms)", rttBefore).isLessThanOrEqualTo(3 * rttBefore + 2);
        // the host's own scheduling noise reaches the lag at ~9 ms p99 on these shared VMs (measurement.md), whatever the prober does
        assertThat(lagDuring).as("healthy paths' pooled schedule-lag p99 (baseline %.3f ms)", lagBefore)
                .isLessThanOrEqualTo(3 * lagBefore + HOST_NOISE_MS);
        // Pooled, not per path: one path's p99 of 30 starts (90 echoes) is its worst sample or so, which a single hiccup of
        // this shared host sets (51.7 ms in one baseline). A fault that delayed even one healthy path throughout would still
        // show: its 2 % of the pooled samples is more than the 1 % above the p99.
    }

    private static Map<String, Object> report(NodeHandle prober) {
        try {
            return prober.report(PHASE, "ok-");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * The paths named {@code prefix}… that ran fewer than {@code minCycles} in the phase, or failed,
     * hung, lost their stream, skipped a cycle or (unless allowed) hit a local error, with their figures.
     */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> unhealthy(Map<String, Object> report, long minCycles, String prefix, boolean localErrorsAllowed) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (report == null) {
            out.put("report", "none");
            return out;
        }
        ((Map<String, Map<String, Object>>) report.get("paths")).forEach((name, p) -> {
            if (name.startsWith(prefix) && (num(p, "cycles") < minCycles || num(p, "cyclesFailed") > 0
                    || (!localErrorsAllowed && num(p, "localErrors") > 0)
                    || num(p, "hangs") > 0 || num(p, "streamDisconnects") > 0 || num(p, "cyclesSkipped") > 0)) {
                out.put(name, p);
            }
        });
        return out;
    }

    /** Every healthy path ran at least {@code minCycles} in the phase: the phase was measured. */
    @SuppressWarnings("unchecked")
    private static boolean measured(Map<String, Object> report, long minCycles) {
        return ((Map<String, Map<String, Object>>) report.get("paths")).entrySet().stream().filter(e -> e.getKey().startsWith("ok-"))
                .allMatch(e -> num(e.getValue(), "cycles") >= minCycles);
    }

    private static double worst(Map<String, Map<String, Object>> paths, String figure) {
        return paths.entrySet().stream().filter(e -> e.getKey().startsWith("ok-")).mapToDouble(e -> num(e.getValue(), figure)).max()
                .orElseThrow();
    }

    private static double num(Map<String, Object> m, String key) {
        Object v = m.get(key);
        if (v == null) {
            throw new AssertionError(key + " missing in " + m);
        }
        return ((Number) v).doubleValue();
    }

    private static void link(Netns a, Netns b, String va, String vb, String addressA, String addressB) {
        a.must("ip", "link", "add", va, "type", "veth", "peer", "name", vb);
        a.must("ip", "link", "set", va, "netns", a.name);
        b.must("ip", "link", "set", vb, "netns", b.name);
        a.must("ip", "-n", a.name, "addr", "add", addressA, "dev", va);
        b.must("ip", "-n", b.name, "addr", "add", addressB, "dev", vb);
        a.must("ip", "-n", a.name, "link", "set", va, "up");
        b.must("ip", "-n", b.name, "link", "set", vb, "up");
    }

    private Path write(String name, String text) throws java.io.IOException {
        return Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
    }

    private Path keyStore() throws Exception {
        Path keyStore = dir.resolve("responder.p12");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Process p = new ProcessBuilder(keytool, "-genkeypair", "-alias", "responder", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=faultmatrix", "-validity", "2", "-storetype", "PKCS12", "-keystore", keyStore.toString(), "-storepass", "changeit")
                .redirectErrorStream(true).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isZero();
        return keyStore;
    }
}
