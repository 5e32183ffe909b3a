package io.pathwatch.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;

/** With {@code pathwatch.api.protect-reads}, reads need the token too, except the status page's own files and the actuator. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "pathwatch.responder.enabled=false",
        "pathwatch.demo.enabled=false",
        "pathwatch.api.token=read-token",
        "pathwatch.api.protect-reads=true"})
class ProtectedReadsTest {

    @Value("${local.server.port}")
    int port;

    private int get(String path, String authorization) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(10)).GET();
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Test
    void theApiNeedsTheTokenAndThePageThatAsksForItDoesNot() throws Exception {
        for (String path : new String[] {"/api/paths", "/api/alerts", "/api/silences", "/api/alerts/sinks", "/v3/api-docs"}) {
            assertThat(get(path, null)).as(path).isEqualTo(401);
            assertThat(get(path, "Bearer wrong")).as(path).isEqualTo(401);
            assertThat(get(path, "Bearer read-token")).as(path).isEqualTo(200);
        }
        for (String path : new String[] {"/", "/status.html", "/status.js", "/status.css", "/webjars/uplot/dist/uPlot.iife.min.js",
                "/actuator/health"}) {
            assertThat(get(path, null)).as(path).isEqualTo(200);
        }
        // spellings that would reach the API through an open prefix, if the prefix were matched on the raw URI
        for (String path : new String[] {"/actuator/..;/api/paths", "/actuator/../api/paths", "/webjars/..;/api/paths", "/status.js/../api/paths",
                "/api;/paths", "/%61pi/paths", "//api/paths", "/actuator;/../api/paths"}) {
            assertThat(get(path, null)).as(path).isIn(400, 401, 404);
        }
    }
}
