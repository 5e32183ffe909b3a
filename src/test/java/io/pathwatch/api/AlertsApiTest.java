package io.pathwatch.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.pathwatch.testing.Http;
import io.pathwatch.testing.Tools;
import io.pathwatch.testing.WebhookReceiver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.json.JsonMapper;

/** {@code POST /api/alerts/test} answers per sink; {@code /api/silences} adds, lists and removes silences. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "pathwatch.responder.enabled=false",
        "pathwatch.demo.enabled=false",
        "pathwatch.paths[0].name=feed",
        "pathwatch.paths[0].target=127.0.0.1:9",
        "pathwatch.paths[0].silence[0].start=2026-01-03T02:00:00Z",
        "pathwatch.paths[0].silence[0].end=2026-01-03T04:00:00Z",
        "pathwatch.paths[0].silence[0].repeat=7d",
        "pathwatch.paths[0].silence[0].reason=weekly maintenance"})
class AlertsApiTest {

    private static final WebhookReceiver HOOK = started();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static WebhookReceiver started() {
        try {
            return WebhookReceiver.started();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @DynamicPropertySource
    static void sinks(DynamicPropertyRegistry registry) {
        registry.add("pathwatch.alerts.webhooks[0].name", () -> "up");
        registry.add("pathwatch.alerts.webhooks[0].url", HOOK::url);
        registry.add("pathwatch.alerts.webhooks[1].name", () -> "down");
        registry.add("pathwatch.alerts.webhooks[1].url", () -> "http://127.0.0.1:" + Tools.freePort() + "/hook");
        registry.add("pathwatch.alerts.webhooks[1].timeout", () -> "2s");
    }

    @AfterAll
    static void stop() {
        HOOK.close();
    }

    @Value("${local.server.port}")
    int port;

    private HttpResponse<String> send(String method, String path, String json) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json)).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    @SuppressWarnings("unchecked")
    void aTestAlertReachesEverySinkItCanAndSaysWhichItCannot() throws Exception {
        HttpResponse<String> r = send("POST", "/api/alerts/test", null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(502);
        Map<String, Object> answer = JSON.readValue(r.body(), Map.class);
        assertThat(answer.get("delivered")).isEqualTo(false);
        List<Map<String, Object>> sinks = (List<Map<String, Object>>) answer.get("sinks");
        assertThat(sinks).extracting(s -> s.get("sink")).containsExactly("up", "down");
        assertThat(sinks.get(0).get("delivered")).isEqualTo(true);
        assertThat(sinks.get(1).get("delivered")).isEqualTo(false);
        assertThat((String) sinks.get(1).get("error")).contains("ConnectException");
        assertThat(HOOK.received()).singleElement().satisfies(a -> {
            assertThat(a.json().get("kind")).isEqualTo("TEST");
            assertThat((String) a.json().get("text")).startsWith("[TEST]");
        });
    }

    @Test
    @SuppressWarnings("unchecked")
    void silencesAreAddedListedAndRemoved() throws Exception {
        Http http = new Http(port);
        Instant end = Instant.now().plus(Duration.ofHours(2));
        HttpResponse<String> added = send("POST", "/api/silences", "{\"path\":\"feed\",\"end\":\"" + end + "\",\"reason\":\"change 42\"}");
        assertThat(added.statusCode()).as(added.body()).isEqualTo(201);
        Map<String, Object> view = JSON.readValue(added.body(), Map.class);
        assertThat(view.get("active")).isEqualTo(true);
        String id = (String) ((Map<String, Object>) view.get("silence")).get("id");
        List<Map<String, Object>> all = http.list("/api/silences");
        assertThat(all).extracting(s -> ((Map<String, Object>) s.get("silence")).get("source")).containsExactlyInAnyOrder("config", "api");
        assertThat(all).filteredOn(s -> ((Map<String, Object>) s.get("silence")).get("source").equals("config")).singleElement()
                .satisfies(s -> assertThat(((Map<String, Object>) s.get("silence")).get("reason")).isEqualTo("weekly maintenance"));

        // refused: an unknown path, an end in the past, longer than 30 days, no end
        assertThat(send("POST", "/api/silences", "{\"path\":\"nope\",\"end\":\"" + end + "\"}").statusCode()).isEqualTo(404);
        assertThat(send("POST", "/api/silences", "{\"path\":\"feed\",\"end\":\"2020-01-01T00:00:00Z\"}").statusCode()).isEqualTo(400);
        assertThat(send("POST", "/api/silences", "{\"path\":\"*\",\"end\":\"" + Instant.now().plus(Duration.ofDays(31)) + "\"}").statusCode())
                .isEqualTo(400);
        assertThat(send("POST", "/api/silences", "{\"path\":\"feed\"}").statusCode()).isEqualTo(400);

        assertThat(send("DELETE", "/api/silences/" + id, null).statusCode()).isEqualTo(204);
        assertThat(send("DELETE", "/api/silences/" + id, null).statusCode()).isEqualTo(404);
        assertThat(http.list("/api/silences")).extracting(s -> ((Map<String, Object>) s.get("silence")).get("source")).containsExactly("config");
    }
}
