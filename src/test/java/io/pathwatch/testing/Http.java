package io.pathwatch.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/** Plain HTTP against the running app on loopback, JSON decoded into maps and lists. */
public final class Http {

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final int port;

    public Http(int port) {
        this.port = port;
    }

    public HttpResponse<String> get(String path) {
        try {
            return CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A write request as the status page sends it (the header the API's CSRF rule asks for), without a body. */
    public HttpResponse<String> post(String path) {
        try {
            return CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).header("X-Pathwatch-Request", "1")
                    .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @SuppressWarnings("unchecked")
    public Map<String, Object> object(String path) {
        return JSON.readValue(get(path).body(), Map.class);
    }

    @SuppressWarnings("unchecked")
    public List<Map<String, Object>> list(String path) {
        return JSON.readValue(get(path).body(), List.class);
    }

    /**
     * The value of one sample on {@code /actuator/prometheus}: the line of metric {@code name}
     * whose labels include {@code label="value"}; null when there is none.
     */
    public Double prometheus(String name, String label, String value) {
        for (String line : get("/actuator/prometheus").body().split("\n")) {
            if (line.startsWith(name + "{") && line.contains(label + "=\"" + value + "\"")) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return null;
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }
}
