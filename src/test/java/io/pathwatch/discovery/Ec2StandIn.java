package io.pathwatch.discovery;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * EC2's Query API (DescribeVpcEndpoints only) and the instance metadata service (IMDSv2), on
 * 127.0.0.1. It pages the way EC2 does (NextToken), honours the {@code vpc-id} and
 * {@code vpc-endpoint-type} filters it is sent, records every request, and can be told to fail.
 */
final class Ec2StandIn implements AutoCloseable {

    static {
        // see WebhookReceiver: without it every answer waits for the client's delayed ACK
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    /** An endpoint as EC2 describes it; {@code state} as EC2 sends it (lower camel case). */
    record Endpoint(String id, String vpcId, String type, String serviceName, String state, List<String> dnsNames,
                    Map<String, String> tags, String serviceRegion) {

        /** An available interface endpoint with the regional and one zonal name, as EC2 lists them. */
        static Endpoint of(String id, String vpcId, String service, Map<String, String> tags) {
            String svc = service.substring(service.lastIndexOf('.') + 1);
            return new Endpoint(id, vpcId, "Interface", service, "available",
                    List.of(id + "-x1y2z3." + svc + ".eu-west-1.vpce.amazonaws.com", id + "-x1y2z3-eu-west-1a." + svc + ".eu-west-1.vpce.amazonaws.com"),
                    tags, null);
        }

        Endpoint withState(String s) {
            return new Endpoint(id, vpcId, type, serviceName, s, dnsNames, tags, serviceRegion);
        }

        Endpoint withServiceRegion(String r) {
            return new Endpoint(id, vpcId, type, serviceName, state, dnsNames, tags, r);
        }

        Endpoint withDnsNames(List<String> names) {
            return new Endpoint(id, vpcId, type, serviceName, state, names, tags, serviceRegion);
        }
    }

    /** One DescribeVpcEndpoints request: its form parameters. */
    record Call(Map<String, String> params) {

        /** The values of the filter called {@code name}, or null when it was not sent. */
        List<String> filter(String name) {
            for (int i = 1; i < 50; i++) {
                if (name.equals(params.get("Filter." + i + ".Name"))) {
                    List<String> values = new ArrayList<>();
                    for (int j = 1; params.containsKey("Filter." + i + ".Value." + j); j++) {
                        values.add(params.get("Filter." + i + ".Value." + j));
                    }
                    return values;
                }
            }
            return null;
        }
    }

    private record Failure(int status, String code) {
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(2);
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final List<String> metadataRequests = new CopyOnWriteArrayList<>();
    private final Deque<Failure> failures = new ArrayDeque<>();
    private volatile List<Endpoint> endpoints = List.of();
    private volatile int pageSize = 1000;
    private volatile boolean ignoreFilters;
    private volatile String instanceVpc;
    private volatile Failure failingUntilCleared;

    Ec2StandIn() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.setExecutor(executor);
        server.createContext("/", this::ec2);
        server.createContext("/latest/", this::metadata);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    void endpoints(Endpoint... e) {
        endpoints = List.of(e);
    }

    void pageSize(int n) {
        pageSize = n;
    }

    /** Answer every endpoint whatever the filters say: a broken API the client must not trust. */
    void ignoreFilters() {
        ignoreFilters = true;
    }

    /** The VPC the metadata service reports; null answers 404 (a metadata service that does not know). */
    void instanceVpc(String vpc) {
        instanceVpc = vpc;
    }

    /** The next {@code n} EC2 requests fail with this status and error code. */
    synchronized void failNext(int n, int status, String code) {
        for (int i = 0; i < n; i++) {
            failures.add(new Failure(status, code));
        }
    }

    /** Every EC2 request fails so until {@link #recover()}. */
    void fail(int status, String code) {
        failingUntilCleared = new Failure(status, code);
    }

    void recover() {
        failingUntilCleared = null;
    }

    /** Every DescribeVpcEndpoints request, in order (failed ones too). */
    List<Call> calls() {
        return List.copyOf(calls);
    }

    List<String> metadataRequests() {
        return List.copyOf(metadataRequests);
    }

    private synchronized Failure nextFailure() {
        Failure f = failures.poll();
        return f != null ? f : failingUntilCleared;
    }

    private void ec2(HttpExchange x) throws IOException {
        Map<String, String> params = form(new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        calls.add(new Call(params));
        Failure f = nextFailure();
        if (f != null) {
            answer(x, f.status(), error(f.code(), "stand-in says " + f.code()));
            return;
        }
        if (!"POST".equals(x.getRequestMethod()) || !"DescribeVpcEndpoints".equals(params.get("Action"))
                || !"2016-11-15".equals(params.get("Version"))) {
            answer(x, 400, error("InvalidAction", "not DescribeVpcEndpoints 2016-11-15: " + params));
            return;
        }
        Call call = new Call(params);
        List<Endpoint> matching = new ArrayList<>();
        for (Endpoint e : endpoints) {
            List<String> vpcs = call.filter("vpc-id");
            List<String> types = call.filter("vpc-endpoint-type");
            if (ignoreFilters || ((vpcs == null || vpcs.contains(e.vpcId())) && (types == null || types.contains(e.type())))) {
                matching.add(e);
            }
        }
        int from = 0;
        String token = params.get("NextToken");
        if (token != null) {
            if (!token.matches("page-\\d+")) {
                answer(x, 400, error("InvalidPaginationToken", "bad token " + token));
                return;
            }
            from = Integer.parseInt(token.substring(5));
        }
        int max = params.containsKey("MaxResults") ? Integer.parseInt(params.get("MaxResults")) : 1000;
        int to = Math.min(matching.size(), from + Math.min(max, pageSize));
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<DescribeVpcEndpointsResponse xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\"><requestId>r-" + calls.size()
                + "</requestId><vpcEndpointSet>");
        for (Endpoint e : matching.subList(Math.min(from, matching.size()), to)) {
            xml.append("<item><vpcEndpointId>").append(esc(e.id())).append("</vpcEndpointId><vpcEndpointType>").append(esc(e.type()))
                    .append("</vpcEndpointType><vpcId>").append(esc(e.vpcId())).append("</vpcId><serviceName>").append(esc(e.serviceName()))
                    .append("</serviceName><state>").append(esc(e.state())).append("</state><dnsEntrySet>");
            for (String d : e.dnsNames()) {
                xml.append("<item><dnsName>").append(esc(d)).append("</dnsName><hostedZoneId>Z7HUB22UULQXV</hostedZoneId></item>");
            }
            xml.append("</dnsEntrySet><tagSet>");
            e.tags().forEach((k, v) -> xml.append("<item><key>").append(esc(k)).append("</key><value>").append(esc(v)).append("</value></item>"));
            xml.append("</tagSet><privateDnsEnabled>false</privateDnsEnabled><ownerId>123456789012</ownerId>");
            if (e.serviceRegion() != null) {
                xml.append("<serviceRegion>").append(esc(e.serviceRegion())).append("</serviceRegion>");
            }
            xml.append("</item>");
        }
        xml.append("</vpcEndpointSet>");
        if (to < matching.size()) {
            xml.append("<nextToken>page-").append(to).append("</nextToken>");
        }
        xml.append("</DescribeVpcEndpointsResponse>");
        answer(x, 200, xml.toString());
    }

    private void metadata(HttpExchange x) throws IOException {
        String path = x.getRequestURI().getPath();
        metadataRequests.add(x.getRequestMethod() + " " + path);
        x.getRequestBody().readAllBytes();
        if (path.equals("/latest/api/token")) {
            boolean ok = "PUT".equals(x.getRequestMethod()) && x.getRequestHeaders().getFirst("X-aws-ec2-metadata-token-ttl-seconds") != null;
            answer(x, ok ? 200 : 400, ok ? "token-1" : "");
            return;
        }
        if (!"token-1".equals(x.getRequestHeaders().getFirst("X-aws-ec2-metadata-token"))) {
            answer(x, 401, "");
            return;
        }
        String vpc = instanceVpc;
        if (path.equals("/latest/meta-data/mac") && vpc != null) {
            answer(x, 200, "0e:12:34:56:78:9a");
        } else if (path.equals("/latest/meta-data/network/interfaces/macs/0e:12:34:56:78:9a/vpc-id") && vpc != null) {
            answer(x, 200, vpc);
        } else {
            answer(x, 404, "");
        }
    }

    private static String error(String code, String message) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Response><Errors><Error><Code>" + esc(code) + "</Code><Message>" + esc(message)
                + "</Message></Error></Errors><RequestID>err-1</RequestID></Response>";
    }

    private static void answer(HttpExchange x, int status, String body) throws IOException {
        byte[] out = body.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().add("Content-Type", "text/xml;charset=UTF-8");
        x.sendResponseHeaders(status, out.length == 0 ? -1 : out.length);
        if (out.length > 0) {
            x.getResponseBody().write(out);
        }
        x.close();
    }

    private static Map<String, String> form(String body) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.put(k, v);
        }
        return out;
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
