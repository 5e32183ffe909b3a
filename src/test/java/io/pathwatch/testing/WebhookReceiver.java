package io.pathwatch.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real HTTP endpoint on 127.0.0.1 that records what is POSTed to it: a webhook receiver, or a
 * stand-in for an AWS API. It answers {@code status} with {@code body}; {@link #start()} on a
 * port chosen beforehand lets a test begin with the receiver down (connection refused).
 */
public final class WebhookReceiver implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    static {
        // the JDK server writes a response's headers and body apart; with Nagle on, the body waits for the
        // client's delayed ACK: 40 ms per request, which would make every sink look slow (read once per JVM)
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    /** One request as received. */
    public record Received(long atNanos, String path, Map<String, List<String>> headers, String body, byte[] raw) {

        public Map<String, Object> json() {
            return Http.map(JSON.readValue(body, Map.class));
        }

        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }
    }

    private final int port;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger refusedWithStatus = new AtomicInteger();
    private volatile int status = 200;
    private volatile String contentType = "application/json";
    private volatile byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
    private volatile long delayMillis;
    private HttpServer server;

    public WebhookReceiver(int port) {
        this.port = port;
    }

    /** Listens on a free port now. */
    public static WebhookReceiver started() throws IOException {
        WebhookReceiver r = new WebhookReceiver(Tools.freePort());
        r.start();
        return r;
    }

    public synchronized WebhookReceiver start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
        server.setExecutor(Executors.newFixedThreadPool(2));
        server.createContext("/", this::handle);
        server.start();
        return this;
    }

    /** From now on answer every request with this status and body. */
    public void answer(int status, String contentType, String body) {
        answer(status, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    /** The same, with a binary body. */
    public void answer(int status, String contentType, byte[] body) {
        this.status = status;
        this.contentType = contentType;
        this.body = body.clone();
    }

    /** From now on wait this long (at most 30 s) before answering: a slow receiver. */
    public void delay(long millis) {
        this.delayMillis = Math.min(millis, 30_000);
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] in = exchange.getRequestBody().readAllBytes();
        if (delayMillis > 0) {
            try {
                Thread.sleep(delayMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        int s = status;
        if (s / 100 == 2) {
            received.add(new Received(System.nanoTime(), exchange.getRequestURI().getPath(), Map.copyOf(exchange.getRequestHeaders()),
                    new String(in, StandardCharsets.UTF_8), in));
        } else {
            refusedWithStatus.incrementAndGet();
        }
        byte[] out = body;
        exchange.getResponseHeaders().add("Content-Type", contentType);
        exchange.sendResponseHeaders(s, out.length);
        exchange.getResponseBody().write(out);
        exchange.close();
    }

    public int port() {
        return port;
    }

    public String url() {
        return "http://127.0.0.1:" + port + "/hook";
    }

    /** Requests answered with a 2xx, in arrival order. */
    public List<Received> received() {
        return List.copyOf(received);
    }

    /** Requests answered with an error status. */
    public int refused() {
        return refusedWithStatus.get();
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            server.stop(0);
            ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
            server = null;
        }
    }
}
