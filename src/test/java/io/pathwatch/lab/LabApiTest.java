package io.pathwatch.lab;

import static org.assertj.core.api.Assertions.assertThat;

import io.pathwatch.testing.Http;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;

/** The lab's REST API in the demo: see the paths, inject a fault live, get told off for bad values. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "pathwatch.responder.port=0",
        "pathwatch.responder.bind=127.0.0.1"})
class LabApiTest {

    @Value("${local.server.port}")
    int port;
    @Autowired
    LabProxy lab;

    private HttpResponse<String> send(String method, String path, String json) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).header("Content-Type", "application/json");
        b.method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theDemoPathsAreListedWithTheirImpairments() {
        List<Map<String, Object>> paths = new Http(port).list("/api/lab/paths");
        assertThat(paths).extracting(p -> p.get("name")).containsExactly("privatelink-us-east-1", "privatelink-us-west-1",
                "privatelink-ap-southeast-2", "stunnel-internet");
        Map<String, Object> internet = paths.get(3);
        assertThat(Http.map(internet.get("downstream"))).containsEntry("delayMs", 100.0).containsEntry("stallForMs", 4000.0).containsEntry("stallEveryMs", 45000.0)
                .containsEntry("jitterDistribution", "normal");
        assertThat((String) internet.get("listen")).startsWith("127.0.0.1:");
    }

    @Test
    void aPutChangesThePathWhileItRuns() throws Exception {
        String body = """
                {"upstream":   {"delayMs": 150, "jitterMs": 0, "jitterDistribution": "uniform", "stallForMs": 0, "stallEveryMs": 0,
                                "stallsPerMinute": 0, "resetAfterBytes": 0, "resetProbability": 0, "bandwidthBytesPerSecond": 0, "blackhole": false},
                 "downstream": {"delayMs": 50, "jitterMs": 2, "jitterDistribution": "normal", "stallForMs": 0, "stallEveryMs": 0,
                                "stallsPerMinute": 0, "resetAfterBytes": 0, "resetProbability": 0, "bandwidthBytesPerSecond": 0, "blackhole": true}}
                """;
        HttpResponse<String> r = send("PUT", "/api/lab/paths/privatelink-ap-southeast-2", body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        LabPathSettings now = lab.get("privatelink-ap-southeast-2").orElseThrow().settings();
        assertThat(now.upstream().delayMs()).isEqualTo(150.0);
        assertThat(now.downstream().blackhole()).isTrue();
    }

    @Test
    void badValuesAndUnknownPathsAreProblemDetails() throws Exception {
        String negative = """
                {"upstream": {"delayMs": -5, "jitterDistribution": "normal"}, "downstream": {"jitterDistribution": "normal"}}
                """;
        HttpResponse<String> bad = send("PUT", "/api/lab/paths/privatelink-us-east-1", negative);
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(send("PUT", "/api/lab/paths/nope", negative.replace("-5", "5")).statusCode()).isEqualTo(404);
        // fields left out are 0 (off), the distribution normal
        assertThat(send("PUT", "/api/lab/paths/privatelink-us-east-1", "{\"upstream\": {\"delayMs\": 7}, \"downstream\": {}}").statusCode())
                .isEqualTo(200);
        assertThat(lab.get("privatelink-us-east-1").orElseThrow().settings().upstream())
                .isEqualTo(Impairment.delay(7, 0, Impairment.Distribution.normal));
        assertThat(send("POST", "/api/lab/paths/privatelink-us-east-1/stall?ms=-1", null).statusCode()).isEqualTo(400);
    }

    @Test
    void aStallCanBeInjectedNow() throws Exception {
        HttpResponse<String> r = send("POST", "/api/lab/paths/stunnel-internet/stall?ms=100", null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }
}
