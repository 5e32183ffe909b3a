package io.pathwatch.discovery;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Asks the instance metadata service (IMDSv2: a session token first) which VPC this instance's
 * primary interface is in. Used only when no VPC is configured; any failure is an exception, so
 * the caller discovers nothing rather than looking everywhere.
 */
final class InstanceVpc {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    private final String base;
    private final HttpClient http;

    InstanceVpc(String metadataEndpoint) {
        this.base = metadataEndpoint.replaceAll("/+$", "");
        // the metadata service is one hop away: a short connect timeout tells "not on EC2" (Fargate, a laptop) quickly
        this.http = HttpClient.newBuilder().connectTimeout(TIMEOUT).followRedirects(HttpClient.Redirect.NEVER).proxy(
                java.net.ProxySelector.of(null)).build();
    }

    String vpcId() throws IOException, InterruptedException {
        String token = send(HttpRequest.newBuilder(URI.create(base + "/latest/api/token"))
                .header("X-aws-ec2-metadata-token-ttl-seconds", "60").PUT(HttpRequest.BodyPublishers.noBody()));
        String mac = send(get("/latest/meta-data/mac", token));
        if (!mac.matches("[0-9a-fA-F:]{11,17}")) {
            throw new IOException("instance metadata answered a MAC address that is not one: '" + mac + "'");
        }
        String vpc = send(get("/latest/meta-data/network/interfaces/macs/" + mac + "/vpc-id", token));
        if (!vpc.matches("vpc-[0-9a-f]{8,17}")) {
            throw new IOException("instance metadata answered a VPC id that is not one: '" + vpc + "'");
        }
        return vpc;
    }

    private HttpRequest.Builder get(String path, String token) {
        return HttpRequest.newBuilder(URI.create(base + path)).header("X-aws-ec2-metadata-token", token).GET();
    }

    private String send(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpRequest r = request.timeout(TIMEOUT).build();
        HttpResponse<String> response = http.send(r, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("instance metadata " + r.method() + " " + r.uri().getPath() + " answered HTTP " + response.statusCode());
        }
        return response.body().trim();
    }
}
