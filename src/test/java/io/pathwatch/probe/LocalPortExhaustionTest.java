package io.pathwatch.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import io.pathwatch.testing.Netns;
import io.pathwatch.testing.NodeHandle;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real EADDRNOTAVAIL: in a network namespace of its own whose ephemeral port range is 8 ports
 * ({@code net.ipv4.ip_local_port_range} is per namespace), a hog holds every port to the
 * responder, so the prober's next connect fails with "Cannot assign requested address". That is
 * the agent's fault: the path shows no failed cycle and no error, only {@code localErrors}; the
 * agent's own local errors name the errno and the detail; when the ports come back, so do the
 * cycles. The prober runs in a child JVM inside the namespace ({@code ip netns exec}): a JVM
 * cannot move its own sockets there. Skipped with a message without root or ip netns.
 */
class LocalPortExhaustionTest {

    @TempDir
    Path dir;

    @Test
    @SuppressWarnings("unchecked")
    void portExhaustionIsTheAgentsLocalErrorNotAPathFault() throws Exception {
        String missing = Netns.missing();
        assumeThat(missing).as("skipping the port-exhaustion test: %s", missing).isNull();
        try (Netns ns = Netns.create("le")) {
            ns.exec("sysctl", "-q", "-w", "net.ipv4.ip_local_port_range=40000 40007");
            try (NodeHandle node = NodeHandle.start(ns.name, dir, "node")) {
                node.send("responder 7100", Duration.ofSeconds(30));
                String hog = node.send("hog 127.0.0.1 7100 64", Duration.ofSeconds(30));
                System.out.println("hog: " + hog);
                assertThat(hog).as("the hog holds all 8 ports, then the kernel says EADDRNOTAVAIL").startsWith("8 EADDRNOTAVAIL ");

                node.send("probe 200,500,50,500,1000,2000 le=127.0.0.1:7100", Duration.ofSeconds(30));
                AtomicReference<Map<String, Object>> report = new AtomicReference<>();
                await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500))
                        .until(() -> number(path(report, node), "localErrors") >= 3);
                Map<String, Object> le = path(report, node);
                Map<String, Object> agent = (Map<String, Object>) report.get().get("agent");
                System.out.println("while the ports are gone: path " + le + ", agent " + agent);
                assertThat(number(le, "cycles")).as("local errors are not cycles of the path").isZero();
                assertThat(number(le, "cyclesFailed")).isZero();
                assertThat(((Map<String, Number>) le.get("errors")).values()).as("no fault of the path").allMatch(n -> n.longValue() == 0);
                assertThat(le.get("lossRatio")).isNull();
                assertThat(number(agent, "lastMinute")).isGreaterThanOrEqualTo(3);
                assertThat((Map<String, Object>) agent.get("lastMinuteByCause")).containsOnlyKeys("EADDRNOTAVAIL");
                assertThat((String) agent.get("lastDetail")).containsIgnoringCase("cannot assign requested address");
                assertThat(agent.get("lastPath")).isEqualTo("le");

                node.send("unhog", Duration.ofSeconds(10));
                await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500))
                        .until(() -> number(path(report, node), "cycles") >= 3);
                Map<String, Object> after = path(report, node);
                System.out.println("after the hog let go: " + after);
                assertThat(number(after, "cyclesFailed")).isZero();
                assertThat(number(after, "rttCount")).isGreaterThan(0);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> path(AtomicReference<Map<String, Object>> last, NodeHandle node) throws InterruptedException {
        last.set(node.report(Duration.ofSeconds(60), "none"));
        return (Map<String, Object>) ((Map<String, Object>) last.get().get("paths")).get("le");
    }

    private static long number(Map<String, Object> m, String key) {
        return ((Number) m.get(key)).longValue();
    }
}
