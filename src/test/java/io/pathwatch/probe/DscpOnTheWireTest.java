package io.pathwatch.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.pathwatch.path.CycleOutcome;
import io.pathwatch.path.Egress;
import io.pathwatch.path.PathSpec;
import io.pathwatch.path.ProbeMode;
import io.pathwatch.testing.ProbeHarness;
import io.pathwatch.testing.Tools;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A path's DSCP as the packets carry it: tcpdump on loopback captures the first SYN to a
 * listener and prints its IPv4 TOS byte (IPv6: traffic class), which must be {@code dscp << 2}.
 * Needs tcpdump and the right to capture (root); skipped with a message otherwise.
 */
class DscpOnTheWireTest {

    @ParameterizedTest(name = "{0} dscp {1} ({2})")
    @CsvSource({"127.0.0.1, 46, STREAM, tos 0xb8", "127.0.0.1, 10, CONNECT, tos 0x28", "::1, 46, CONNECT, class 0xb8"})
    void theSynCarriesThePathsDscp(String host, int dscp, ProbeMode mode, String expected) throws Exception {
        assumeThat(Tools.onPath("tcpdump")).as("skipping the DSCP capture: tcpdump is not installed").isTrue();
        assumeThat(ProcessHandle.current().info().user().orElse("")).as("skipping the DSCP capture: capturing needs root").isEqualTo("root");
        try (ServerSocket listener = new ServerSocket(0, 50, InetAddress.getByName(host))) {
            String ip = host.contains(":") ? "ip6" : "ip";
            Process tcpdump = new ProcessBuilder("tcpdump", "-i", "lo", "-n", "-v", "-l", "-c", "1", ip + " and tcp dst port " + listener.getLocalPort())
                    .start();
            try {
                BufferedReader err = new BufferedReader(new InputStreamReader(tcpdump.getErrorStream(), StandardCharsets.UTF_8));
                String line;
                // tcpdump says "listening on lo" once its capture is armed; a packet sent before that would not be seen
                while ((line = err.readLine()) != null && !line.contains("listening on")) {
                    assumeThat(line).as("skipping the DSCP capture: tcpdump cannot capture here").doesNotContain("ermission");
                }
                PathSpec path = new PathSpec("dscp", host, listener.getLocalPort(), null, Map.of(), ProbeHarness.FAST, mode, new Egress(null, dscp));
                try (ProbeScheduler scheduler = ConnectModeTest.oneOff(path)) {
                    // a stream path's cycle fails at HELLO here (a plain listener), but its SYN has left by then
                    CycleOutcome o = scheduler.runNow("dscp").get(10, TimeUnit.SECONDS);
                    assertThat(o.connectNanos()).as(String.valueOf(o.detail())).isPositive();
                }
                assertThat(tcpdump.waitFor(10, TimeUnit.SECONDS)).as("tcpdump saw the SYN").isTrue();
                String packet = new String(tcpdump.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                System.out.printf("%s dscp %d: %s%n", host, dscp, packet.lines().findFirst().orElse(""));
                assertThat(packet).contains(expected).contains("Flags [S]");
            } finally {
                tcpdump.destroy();
            }
        }
    }
}
