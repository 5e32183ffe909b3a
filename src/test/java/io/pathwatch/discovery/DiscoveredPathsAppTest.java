package io.pathwatch.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pathwatch.discovery.Ec2StandIn.Endpoint;
import io.pathwatch.responder.ResponderServer;
import io.pathwatch.testing.Http;
import io.pathwatch.testing.LocalResponder;
import io.pathwatch.testing.Tools;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The whole agent with discovery on, against the EC2 stand-in on 127.0.0.1: tagged endpoints of
 * its VPC become paths with the right names, targets and tags and are probed; an endpoint that
 * disappears is gone after the next refresh; an outage of the EC2 API changes nothing; a
 * configured path wins a name clash. The endpoints' DNS names end in {@code .localhost}, which
 * the prober resolves to 127.0.0.1 without a query, so the probes reach the test's responder.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "pathwatch.responder.enabled=false",
        "pathwatch.agent.name=discovery-agent",
        "pathwatch.auth.secret=discovery-secret",
        "pathwatch.probe.interval=200ms",
        "pathwatch.probe.timeout=500ms",
        "pathwatch.probe.window=1s",
        "pathwatch.discovery.aws.vpc-endpoints.enabled=true",
        "pathwatch.discovery.aws.vpc-ids=vpc-0a1b2c3d4e5f60001",
        "pathwatch.discovery.aws.region=eu-west-1",
        "pathwatch.discovery.aws.interval=10m"})
@DirtiesContext // its discovery thread must stop with this class, not refresh later against a closed stand-in
class DiscoveredPathsAppTest {

    private static final String PROD = "vpc-0a1b2c3d4e5f60001";
    private static final String UAT = "vpc-0a1b2c3d4e5f60002";
    private static final String SVC = "com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0";
    private static Ec2StandIn ec2;
    private static ResponderServer responder;
    private static int responderPort;

    @Value("${local.server.port}")
    int port;
    @Autowired
    VpcEndpointDiscovery discovery;

    @DynamicPropertySource
    static void standIns(DynamicPropertyRegistry registry) throws IOException {
        // the default chains find these first, so the SDK never asks the real instance metadata service
        System.setProperty("aws.accessKeyId", "AKIATESTTESTTESTTEST");
        System.setProperty("aws.secretAccessKey", "test-secret");
        System.setProperty("aws.disableEc2Metadata", "true");
        ec2 = new Ec2StandIn();
        responderPort = Tools.freePort();
        responder = LocalResponder.start(responderPort, "discovery-secret");
        ec2.endpoints(feed(), clash(), uat());
        registry.add("pathwatch.discovery.aws.endpoint", ec2::url);
        registry.add("pathwatch.paths[0].name", () -> "static-one");
        registry.add("pathwatch.paths[0].target", () -> "127.0.0.1:" + responderPort);
    }

    @AfterAll
    static void stopStandIns() {
        responder.stop();
        ec2.close();
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
        // aws.disableEc2Metadata stays set: nothing in a test may ask the real metadata service
    }

    /** The endpoint's regional name under .localhost: resolved to 127.0.0.1 by the prober itself. */
    private static Endpoint local(Endpoint e) {
        return e.withDnsNames(List.of(e.id() + "-x1y2z3.vpce-svc-0123456789abcdef0.localhost")).withServiceRegion("us-east-1");
    }

    private static Endpoint feed() {
        return local(Endpoint.of("vpce-0aaa1111bbbb2222c", PROD, SVC, Map.of("pathwatch:path", "asx-feed", "pathwatch:port",
                Integer.toString(responderPort), "pathwatch:destination", "asx", "pathwatch:tag:team", "markets")));
    }

    private static Endpoint clash() {
        return local(Endpoint.of("vpce-0ccc3333dddd4444e", PROD, SVC, Map.of("pathwatch:path", "static-one", "pathwatch:port", "1")));
    }

    private static Endpoint uat() {
        return local(Endpoint.of("vpce-0eee5555ffff6666a", UAT, SVC, Map.of("pathwatch:path", "uat-feed", "pathwatch:port",
                Integer.toString(responderPort))));
    }

    @Test
    void endpointsBecomePathsComeAndGoAndAnOutageChangesNothing() {
        Http http = new Http(port);
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> http.get("/api/paths/asx-feed").statusCode() == 200);
        Map<String, Object> feed = http.object("/api/paths/asx-feed");
        assertThat(feed.get("target")).isEqualTo("vpce-0aaa1111bbbb2222c-x1y2z3.vpce-svc-0123456789abcdef0.localhost:" + responderPort);
        assertThat(Http.map(feed.get("tags"))).containsEntry("destination", "asx").containsEntry("endpoint-region", "us-east-1")
                .containsEntry("team", "markets").containsEntry("source", "aws-vpc-endpoint");
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions()
                .until(() -> ((Number) Http.map(http.object("/api/paths/asx-feed?window=1h").get("window")).get("cycles")).longValue() > 0);
        assertThat(http.object("/api/paths/static-one").get("target")).as("the configured path wins the clash")
                .isEqualTo("127.0.0.1:" + responderPort);
        assertThat(http.get("/api/paths/uat-feed").statusCode()).as("another VPC's endpoint is never adopted").isEqualTo(404);

        ec2.endpoints(clash(), uat());
        discovery.refreshNow();
        await().atMost(Duration.ofSeconds(5)).until(() -> http.get("/api/paths/asx-feed").statusCode() == 404);

        ec2.endpoints(feed(), clash(), uat());
        discovery.refreshNow();
        await().atMost(Duration.ofSeconds(5)).until(() -> http.get("/api/paths/asx-feed").statusCode() == 200);

        ec2.fail(500, "InternalError");
        discovery.refreshNow();
        Map<String, Object> status = Http.map(Http.map(http.object("/api/config").get("discovery")).get("awsVpcEndpoints"));
        assertThat((String) status.get("lastError")).isNotBlank();
        assertThat(http.get("/api/paths/asx-feed").statusCode()).as("an outage keeps the last good set").isEqualTo(200);
        assertThat(http.list("/api/paths")).extracting(p -> p.get("name")).containsExactlyInAnyOrder("static-one", "asx-feed");
        ec2.recover();
    }
}
