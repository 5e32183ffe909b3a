package io.pathwatch.api;

import static io.pathwatch.testing.Http.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pathwatch.testing.Http;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.json.JsonMapper;

/**
 * A {@code mode: connect} path to a plain TCP listener (no responder), from source address
 * 127.0.0.2 with DSCP 46, as REST and actuator show it: no stream ({@code stream: null}), no hang
 * figures, a sentence on what is not measured, and the address each cycle connected to.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "pathwatch.responder.enabled=false",
        "pathwatch.probe.interval=200ms",
        "pathwatch.probe.window=1s"})
class ConnectModeApiTest {

    private static ServerSocket listener;
    private static final List<String> peers = new CopyOnWriteArrayList<>();

    @Value("${local.server.port}")
    int port;

    @DynamicPropertySource
    static void plainListener(DynamicPropertyRegistry registry) throws IOException {
        listener = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        Thread t = new Thread(() -> {
            while (!listener.isClosed()) {
                try (Socket s = listener.accept()) {
                    peers.add(((InetSocketAddress) s.getRemoteSocketAddress()).getAddress().getHostAddress());
                } catch (IOException e) {
                    return;
                }
            }
        }, "plain-listener");
        t.setDaemon(true);
        t.start();
        // a list is bound from one property source only: every key of the path goes here
        registry.add("pathwatch.paths[0].name", () -> "plain-tcp");
        registry.add("pathwatch.paths[0].mode", () -> "connect");
        registry.add("pathwatch.paths[0].source-address", () -> "127.0.0.2");
        registry.add("pathwatch.paths[0].dscp", () -> "46");
        registry.add("pathwatch.paths[0].target", () -> "127.0.0.1:" + listener.getLocalPort());
        String state = Files.createTempDirectory("connect-api").toString();
        registry.add("pathwatch.state-dir", () -> state);
    }

    @AfterAll
    static void stop() throws IOException {
        listener.close();
    }

    @Test
    void aConnectPathShowsNoStreamNoHangsAndTheAddressEachCycleConnectedTo() throws Exception {
        Http http = new Http(port);
        await().atMost(Duration.ofSeconds(20)).until(() -> ((Number) map(map(http.object("/api/paths/plain-tcp").get("window"))
                .get("connectMs")).get("count")).longValue() >= 3);
        String body = http.get("/api/paths/plain-tcp").body();
        @SuppressWarnings("unchecked")
        Map<String, Object> path = JsonMapper.builder().build().readValue(body, Map.class);

        assertThat(path).containsEntry("mode", "connect").containsEntry("stream", null).containsEntry("sourceAddress", "127.0.0.2")
                .containsEntry("dscp", 46);
        assertThat((String) path.get("notMeasured")).contains("hangs").contains("jitter").contains("no rule judges them");
        Map<String, Object> window = map(path.get("window"));
        assertThat(window).containsEntry("hangs", null).containsEntry("jitterMs", null).containsEntry("lossRatio", 0.0);
        assertThat(map(window.get("rttMs"))).containsEntry("count", 0);
        assertThat(map(path.get("lastCycle"))).containsEntry("address", "127.0.0.1").containsEntry("succeeded", true)
                .containsEntry("failure", null);
        assertThat(peers).as("what the listener saw").isNotEmpty().containsOnly("127.0.0.2");

        Map<String, Object> once = map(JsonMapper.builder().build().readValue(http.post("/api/paths/plain-tcp/probe").body(), Map.class));
        assertThat(once).containsEntry("succeeded", true).containsEntry("address", "127.0.0.1").containsEntry("mode", "connect")
                .containsEntry("echoesPlanned", 0).containsEntry("echoes", List.of());
        assertThat(((Number) once.get("connectMs")).doubleValue()).isPositive();

        Map<String, Object> health = map(map(map(http.object("/actuator/health/paths").get("components")).get("plain-tcp")).get("details"));
        assertThat(health).containsEntry("mode", "connect").doesNotContainKey("stream");
    }
}
