package io.pathwatch.alert;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import tools.jackson.databind.json.JsonMapper;

/**
 * POSTs each alert as JSON (the {@link Alert} fields, {@code text} among them, so a Slack incoming
 * webhook takes it as is). With a secret, {@code X-Pathwatch-Signature: sha256=<hex>} is the
 * HMAC-SHA256 of the exact body. Any 2xx is delivered; 400, 413 and 422 mean the receiver will
 * never take this body (dropped, logged); anything else is retried.
 */
final class WebhookSink implements AlertSink {

    static final String SIGNATURE_HEADER = "X-Pathwatch-Signature";
    static final String ID_HEADER = "X-Pathwatch-Alert-Id";
    private static final Set<Integer> FOR_GOOD = Set.of(400, 413, 422);

    private final AlertSettings.Webhook settings;
    private final String name;
    private final URI url;
    private final String secret;
    private final Duration timeout;
    private final HttpClient client;
    private final JsonMapper json;

    WebhookSink(AlertSettings.Webhook settings, JsonMapper json) {
        this.settings = settings;
        this.name = settings.name();
        this.url = settings.url();
        this.secret = settings.secret();
        this.timeout = settings.timeout();
        this.json = json;
        this.client = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @Override
    public Object settings() {
        return settings;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void deliver(Alert alert) throws Exception {
        byte[] body = json.writeValueAsBytes(alert);
        HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(timeout)
                .header("Content-Type", "application/json")
                .header("User-Agent", "pathwatch")
                .header(ID_HEADER, alert.id())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (secret != null && !secret.isEmpty()) {
            request.header(SIGNATURE_HEADER, "sha256=" + hmac(secret, body));
        }
        HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        int status = response.statusCode();
        if (status / 100 == 2) {
            return;
        }
        String answer = response.body().length() > 200 ? response.body().substring(0, 200) + "…" : response.body();
        if (FOR_GOOD.contains(status)) {
            throw new RejectedAlert("HTTP " + status + " " + answer);
        }
        throw new java.io.IOException("HTTP " + status + " " + answer);
    }

    static String hmac(String secret, byte[] body) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(body));
    }
}
