package io.pathwatch.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.pathwatch.testing.Http;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;

/** With {@code pathwatch.api.token} set, writes need the bearer token and reads stay open. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "pathwatch.responder.enabled=false",
        "pathwatch.demo.enabled=false",
        "pathwatch.api.token=s3cret-token"})
class ApiTokenTest {

    @Value("${local.server.port}")
    int port;

    private HttpResponse<String> post(String authorization) throws Exception {
        return post("/api/paths/nope/probe", authorization);
    }

    private HttpResponse<String> post(String path, String authorization) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.noBody());
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void writesNeedTheTokenAndReadsDoNot() throws Exception {
        for (String wrong : new String[] {null, "Bearer wrong", "Basic czNjcmV0LXRva2Vu", "Bearer s3cret-token-and-more"}) {
            HttpResponse<String> r = post(wrong);
            assertThat(r.statusCode()).as(wrong + ": " + r.body()).isEqualTo(401);
            assertThat(r.headers().firstValue("WWW-Authenticate").orElse("")).startsWith("Bearer");
            assertThat(r.body()).doesNotContain("s3cret-token");
        }
        // the same request in the spellings Spring MVC maps to the same endpoint
        for (String spelling : new String[] {"/api;/paths/nope/probe", "/api;x=1/paths/nope/probe", "/%61pi/paths/nope/probe",
                "//api/paths/nope/probe"}) {
            assertThat(post(spelling, null).statusCode()).as(spelling).isIn(400, 401);
        }
        // past the guard: the path does not exist
        assertThat(post("Bearer s3cret-token").statusCode()).isEqualTo(404);
        assertThat(new Http(port).get("/api/paths").statusCode()).isEqualTo(200);
    }
}
