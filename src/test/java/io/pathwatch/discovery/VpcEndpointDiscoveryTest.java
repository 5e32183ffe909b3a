package io.pathwatch.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pathwatch.config.DiscoveryProperties;
import io.pathwatch.config.PathProperties;
import io.pathwatch.discovery.Ec2StandIn.Endpoint;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** The real EC2 client against a stand-in on 127.0.0.1 that speaks EC2's Query API and the instance metadata service. */
class VpcEndpointDiscoveryTest {

    private static final String PROD = "vpc-0a1b2c3d4e5f60001";
    private static final String UAT = "vpc-0a1b2c3d4e5f60002";
    private static final String SVC = "com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0";

    private Ec2StandIn ec2;
    private final List<VpcEndpointDiscovery> started = new ArrayList<>();
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger(VpcEndpointDiscovery.class);

    @BeforeAll
    static void awsCredentialsForTheStandIn() {
        // the default chains find these first, so the SDK never asks the real instance metadata service
        System.setProperty("aws.accessKeyId", "AKIATESTTESTTESTTEST");
        System.setProperty("aws.secretAccessKey", "test-secret");
        System.setProperty("aws.region", "eu-west-1");
        System.setProperty("aws.disableEc2Metadata", "true");
    }

    @AfterAll
    static void forgetCredentials() {
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
        System.clearProperty("aws.region");
        System.clearProperty("aws.disableEc2Metadata");
    }

    @BeforeEach
    void standIn() throws IOException {
        ec2 = new Ec2StandIn();
        logs.start();
        logger.addAppender(logs);
    }

    @AfterEach
    void close() {
        logger.detachAppender(logs);
        started.forEach(VpcEndpointDiscovery::stop);
        ec2.close();
    }

    /** The keys as an operator writes them, bound the way Spring binds them, defaults included. */
    private DiscoveryProperties.Aws props(String... keyValues) {
        Map<String, String> keys = new HashMap<>(Map.of(
                "pathwatch.discovery.aws.vpc-endpoints.enabled", "true",
                "pathwatch.discovery.aws.vpc-ids", PROD,
                "pathwatch.discovery.aws.region", "eu-west-1",
                "pathwatch.discovery.aws.endpoint", ec2.url(),
                "pathwatch.discovery.aws.metadata-endpoint", ec2.url()));
        for (int i = 0; i < keyValues.length; i += 2) {
            keys.put("pathwatch.discovery.aws." + keyValues[i], keyValues[i + 1]);
        }
        return new Binder(new MapConfigurationPropertySource(keys)).bindOrCreate("pathwatch.discovery", DiscoveryProperties.class).aws();
    }

    private VpcEndpointDiscovery discovery(DiscoveryProperties.Aws props) {
        VpcEndpointDiscovery d = new VpcEndpointDiscovery(props);
        started.add(d);
        return d;
    }

    private static Endpoint tagged(String id, String vpc, String name) {
        return Endpoint.of(id, vpc, SVC, Map.of("pathwatch:path", name));
    }

    private static List<String> names(VpcEndpointDiscovery d) {
        return d.paths().stream().map(PathProperties::name).toList();
    }

    private List<String> lines(Level level) {
        return logs.list.stream().filter(e -> e.getLevel() == level).map(ILoggingEvent::getFormattedMessage).toList();
    }

    @Test
    void taggedEndpointsOnThreePagesBecomePathsWithTheirNamesTargetsAndTags() {
        ec2.pageSize(2);
        ec2.endpoints(
                Endpoint.of("vpce-0000000000000000a", PROD, SVC, Map.of("pathwatch:path", "Orders / EU (prod)", "pathwatch:port", "7443",
                        "pathwatch:destination", "orders", "pathwatch:tag:team", "payments", "pathwatch:tag:via", "privatelink",
                        "pathwatch:tag:source", "spoofed", "Name", "ignored")).withServiceRegion("us-east-1"),
                tagged("vpce-0000000000000000b", PROD, "feed"),
                Endpoint.of("vpce-0000000000000000c", PROD, "com.amazonaws.eu-west-1.s3", Map.of("Name", "s3, not ours")),
                tagged("vpce-0000000000000000d", PROD, "ledger"),
                tagged("vpce-0000000000000000e", PROD, "audit"));
        VpcEndpointDiscovery d = discovery(props());

        d.refreshNow();

        assertThat(ec2.calls()).hasSize(3);
        assertThat(ec2.calls()).allSatisfy(c -> {
            assertThat(c.params()).containsEntry("Action", "DescribeVpcEndpoints").containsEntry("Version", "2016-11-15")
                    .containsEntry("MaxResults", "1000");
            assertThat(c.filter("vpc-id")).containsExactly(PROD);
            assertThat(c.filter("vpc-endpoint-type")).containsExactly("Interface");
        });
        assertThat(ec2.calls()).extracting(c -> c.params().get("NextToken")).containsExactly(null, "page-2", "page-4");

        assertThat(names(d)).containsExactly("Orders-EU-prod", "audit", "feed", "ledger");
        PathProperties orders = d.paths().get(0);
        assertThat(orders.target()).isEqualTo("vpce-0000000000000000a-x1y2z3.vpce-svc-0123456789abcdef0.eu-west-1.vpce.amazonaws.com:7443");
        assertThat(orders.tags()).containsOnly(entry("destination", "orders"), entry("endpoint-region", "us-east-1"),
                entry("team", "payments"), entry("via", "privatelink"), entry("source", "aws-vpc-endpoint"),
                entry("vpc-endpoint-id", "vpce-0000000000000000a"));
        PathProperties feed = d.paths().get(2);
        assertThat(feed.target()).endsWith(".vpce.amazonaws.com:7100");
        assertThat(feed.tags()).containsOnly(entry("endpoint-region", "eu-west-1"), entry("source", "aws-vpc-endpoint"),
                entry("vpc-endpoint-id", "vpce-0000000000000000b"));
        assertThat(d.status().lastSuccessAt()).isNotNull();
        assertThat(d.status().lastError()).isNull();
        assertThat(d.status().adopted()).isEqualTo(4);
    }

    @Test
    void anEndpointInAnotherVpcIsNeverAdoptedEvenWhenTheApiIgnoresTheFilter() {
        ec2.endpoints(tagged("vpce-0000000000000000a", PROD, "orders"), tagged("vpce-0000000000000000b", UAT, "orders-uat"));
        VpcEndpointDiscovery d = discovery(props());

        d.refreshNow();
        assertThat(names(d)).containsExactly("orders");

        ec2.ignoreFilters();
        d.refreshNow();
        assertThat(ec2.calls()).hasSize(2);
        assertThat(names(d)).containsExactly("orders");
    }

    @Test
    void endpointsOfAListedServiceAreAdoptedUntaggedNamedAfterTheServiceAndTheirId() {
        String other = "com.amazonaws.vpce.eu-west-1.vpce-svc-0fedcba9876543210";
        ec2.endpoints(Endpoint.of("vpce-0000000000000000a", PROD, SVC, Map.of()),
                Endpoint.of("vpce-0000000000000000b", PROD, other, Map.of()),
                Endpoint.of("vpce-0000000000000000c", PROD, SVC, Map.of("pathwatch:path", "named")));
        VpcEndpointDiscovery d = discovery(props("service-names", SVC));

        d.refreshNow();

        assertThat(names(d)).containsExactly("named", "vpce-svc-0123456789abcdef0-vpce-0000000000000000a");
    }

    @Test
    void endpointsThatCannotBeProbedAreLeftOutWithTheirReasonOnce() {
        ec2.endpoints(
                Endpoint.of("vpce-0000000000000000a", PROD, SVC, Map.of("pathwatch:path", "no-port", "pathwatch:port", "http")),
                Endpoint.of("vpce-0000000000000000b", PROD, SVC, Map.of("pathwatch:path", "big-port", "pathwatch:port", "70000")),
                tagged("vpce-0000000000000000c", PROD, "waiting").withState("pendingAcceptance"),
                tagged("vpce-0000000000000000d", PROD, " / ()"),
                tagged("vpce-0000000000000000e", PROD, "zonal-only").withDnsNames(List.of(
                        "vpce-0000000000000000e-x1y2z3-eu-west-1a.vpce-svc-1.eu-west-1.vpce.amazonaws.com", "*.orders.example.com")),
                tagged("vpce-0000000000000000f", PROD, "twin"),
                tagged("vpce-00000000000000001", PROD, "twin"),
                Endpoint.of("vpce-00000000000000002", PROD, SVC, Map.of("pathwatch:path", "good", "pathwatch:port", " 7101 ")));
        VpcEndpointDiscovery d = discovery(props());

        d.refreshNow();
        d.refreshNow();

        assertThat(names(d)).containsExactly("good", "twin");
        assertThat(d.paths().get(0).target()).endsWith(":7101");
        assertThat(d.paths().get(1).tags()).containsEntry("vpc-endpoint-id", "vpce-00000000000000001");
        assertThat(d.status().skipped()).extracting(VpcEndpointDiscovery.Skipped::endpointId, VpcEndpointDiscovery.Skipped::reason)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("vpce-0000000000000000a", "tag pathwatch:port='http' is not a port (1..65535)"),
                        org.assertj.core.groups.Tuple.tuple("vpce-0000000000000000b", "tag pathwatch:port='70000' is not a port (1..65535)"),
                        org.assertj.core.groups.Tuple.tuple("vpce-0000000000000000c", "state pendingAcceptance, not available"),
                        org.assertj.core.groups.Tuple.tuple("vpce-0000000000000000d", "name ' / ()' has no letter, digit, '.', '_' or '-'"),
                        org.assertj.core.groups.Tuple.tuple("vpce-0000000000000000e", "no regional DNS name"),
                        org.assertj.core.groups.Tuple.tuple("vpce-0000000000000000f", "name twin already taken by vpce-00000000000000001"));
        assertThat(lines(Level.WARN)).as("each left-out endpoint logged once, not at every refresh").hasSize(6);
    }

    @Test
    void atMostMaxPathsAreAdoptedFirstByNameAndTheRestCounted() {
        ec2.endpoints(tagged("vpce-0000000000000000a", PROD, "e"), tagged("vpce-0000000000000000b", PROD, "d"),
                tagged("vpce-0000000000000000c", PROD, "c"), tagged("vpce-0000000000000000d", PROD, "b"),
                tagged("vpce-0000000000000000e", PROD, "a"));
        VpcEndpointDiscovery d = discovery(props("max-paths", "3"));
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        d.meters().bindTo(registry);

        d.refreshNow();

        assertThat(names(d)).containsExactly("a", "b", "c");
        assertThat(registry.get("pathwatch.discovery.paths").gauge().value()).isEqualTo(3);
        assertThat(registry.get("pathwatch.discovery.over-limit").gauge().value()).isEqualTo(2);
        assertThat(d.status().overLimit()).isEqualTo(2);
        assertThat(lines(Level.WARN)).singleElement().asString().contains("2 endpoints left out", "max-paths=3");
    }

    @Test
    void endpointsAppearingAndDisappearingAcrossRefreshesReachTheListener() {
        ec2.endpoints(tagged("vpce-0000000000000000a", PROD, "orders"), tagged("vpce-0000000000000000b", PROD, "feed"));
        // shorter than the binder allows, so the test waits for refreshes, not minutes
        DiscoveryProperties.Aws p = props();
        VpcEndpointDiscovery d = discovery(new DiscoveryProperties.Aws(p.vpcEndpoints(), p.vpcIds(), p.tagKey(), p.serviceNames(), p.portTag(),
                p.defaultPort(), p.maxPaths(), Duration.ofMillis(200), p.region(), p.endpoint(), p.metadataEndpoint()));
        AtomicInteger changes = new AtomicInteger();
        List<Thread> listenerThreads = new java.util.concurrent.CopyOnWriteArrayList<>();
        d.addListener(() -> {
            changes.incrementAndGet();
            listenerThreads.add(Thread.currentThread());
        });
        d.start();

        await().atMost(Duration.ofSeconds(10)).until(() -> names(d).equals(List.of("feed", "orders")));
        ec2.endpoints(tagged("vpce-0000000000000000a", PROD, "orders"), tagged("vpce-0000000000000000b", PROD, "feed"),
                tagged("vpce-0000000000000000c", PROD, "ledger"));
        await().atMost(Duration.ofSeconds(10)).until(() -> names(d).equals(List.of("feed", "ledger", "orders")));
        ec2.endpoints(tagged("vpce-0000000000000000c", PROD, "ledger"));
        await().atMost(Duration.ofSeconds(10)).until(() -> names(d).equals(List.of("ledger")));
        int callsThen = ec2.calls().size();
        await().atMost(Duration.ofSeconds(10)).until(() -> ec2.calls().size() >= callsThen + 3);

        assertThat(changes).as("one call per change, none for refreshes that changed nothing").hasValue(3);
        assertThat(listenerThreads).extracting(Thread::getName).containsOnly("pathwatch-discovery");
    }

    @Test
    void anOutageKeepsTheLastGoodSetIsLoggedOncePerStreakAndCounted() {
        ec2.endpoints(tagged("vpce-0000000000000000a", PROD, "orders"), tagged("vpce-0000000000000000b", PROD, "feed"));
        VpcEndpointDiscovery d = discovery(props());
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        d.meters().bindTo(registry);
        AtomicInteger changes = new AtomicInteger();
        d.addListener(changes::incrementAndGet);
        d.refreshNow();
        List<PathProperties> good = d.paths();
        assertThat(good).hasSize(2);

        ec2.fail(500, "InternalError");
        ec2.endpoints();
        d.refreshNow();
        d.refreshNow();
        ec2.fail(503, "RequestLimitExceeded");
        d.refreshNow();

        assertThat(d.paths()).isEqualTo(good);
        assertThat(registry.get("pathwatch.discovery.failures").functionCounter().count()).isEqualTo(3);
        assertThat(registry.get("pathwatch.discovery.paths").gauge().value()).isEqualTo(2);
        assertThat(d.status().lastError()).contains("RequestLimitExceeded");
        assertThat(d.status().failures()).isEqualTo(3);
        assertThat(ec2.calls().size()).as("the SDK retried each failed call itself").isGreaterThan(1 + 3);
        assertThat(lines(Level.WARN)).singleElement().asString().contains("keeping the 2 paths", "InternalError");

        ec2.recover();
        ec2.endpoints(tagged("vpce-0000000000000000a", PROD, "orders"), tagged("vpce-0000000000000000b", PROD, "feed"));
        d.refreshNow();
        assertThat(lines(Level.INFO)).filteredOn(l -> l.contains("works again")).singleElement().asString().contains("after 3 failed");
        assertThat(d.status().lastError()).isNull();
        assertThat(changes).as("the set never changed").hasValue(1);

        ec2.fail(500, "InternalError");
        d.refreshNow();
        assertThat(lines(Level.WARN)).as("a new streak is logged again").hasSize(2);
        assertThat(registry.get("pathwatch.discovery.failures").functionCounter().count()).isEqualTo(4);
    }

    @Test
    void throttlingIsRecognisedFromTheCodesEc2SendsAndOtherErrorsAreNot() {
        try (Ec2Endpoints client = new Ec2Endpoints(props())) {
            ec2.fail(503, "RequestLimitExceeded");
            assertThat(Ec2Endpoints.throttled(thrown(() -> client.list(List.of(PROD))))).isTrue();
            ec2.fail(400, "Throttling");
            assertThat(Ec2Endpoints.throttled(thrown(() -> client.list(List.of(PROD))))).isTrue();
            ec2.fail(500, "InternalError");
            assertThat(Ec2Endpoints.throttled(thrown(() -> client.list(List.of(PROD))))).isFalse();
            ec2.fail(400, "UnauthorizedOperation");
            assertThat(Ec2Endpoints.throttled(thrown(() -> client.list(List.of(PROD))))).isFalse();
        }
    }

    private static Throwable thrown(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            return e;
        }
        throw new AssertionError("expected the call to fail");
    }

    @Test
    void afterFailuresTheNextTryComesSoonerButThrottlingWaitsLonger() {
        Duration interval = Duration.ofMinutes(5);
        assertThat(VpcEndpointDiscovery.nextDelay(interval, 0, false)).isEqualTo(interval);
        assertThat(VpcEndpointDiscovery.nextDelay(interval, 1, false)).isEqualTo(Duration.ofMillis(18_750));
        assertThat(VpcEndpointDiscovery.nextDelay(interval, 2, false)).isEqualTo(Duration.ofMillis(37_500));
        assertThat(VpcEndpointDiscovery.nextDelay(interval, 1_000, false)).isEqualTo(interval);
        assertThat(VpcEndpointDiscovery.nextDelay(interval, 1, true)).as("throttled: never sooner than the interval").isEqualTo(interval);
        assertThat(VpcEndpointDiscovery.nextDelay(interval, 2, true)).isEqualTo(Duration.ofMinutes(10));
        assertThat(VpcEndpointDiscovery.nextDelay(interval, 1_000, true)).isEqualTo(Duration.ofMinutes(20));
        assertThat(VpcEndpointDiscovery.nextDelay(Duration.ofSeconds(1), 1, false)).isEqualTo(Duration.ofMillis(100));
        for (int i = 0; i < 100; i++) {
            assertThat(VpcEndpointDiscovery.jittered(interval)).isBetween(interval, interval.plusSeconds(30));
        }
    }

    @Test
    void withoutConfiguredVpcsTheInstancesVpcComesFromImdsV2() {
        ec2.instanceVpc(PROD);
        ec2.endpoints(tagged("vpce-0000000000000000a", PROD, "orders"), tagged("vpce-0000000000000000b", UAT, "orders-uat"));
        VpcEndpointDiscovery d = discovery(props("vpc-ids", ""));

        d.refreshNow();
        d.refreshNow();

        assertThat(ec2.metadataRequests()).as("asked once, token first").containsExactly("PUT /latest/api/token", "GET /latest/meta-data/mac",
                "GET /latest/meta-data/network/interfaces/macs/0e:12:34:56:78:9a/vpc-id");
        assertThat(ec2.calls()).allSatisfy(c -> assertThat(c.filter("vpc-id")).containsExactly(PROD));
        assertThat(names(d)).containsExactly("orders");
        assertThat(d.status().vpcIds()).containsExactly(PROD);
    }

    @Test
    void withoutConfiguredVpcsAndNoMetadataNothingIsDiscovered() throws IOException {
        ec2.endpoints(tagged("vpce-0000000000000000a", PROD, "orders"));
        VpcEndpointDiscovery unknown = discovery(props("vpc-ids", ""));
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        VpcEndpointDiscovery nobody = discovery(props("vpc-ids", "", "metadata-endpoint", "http://127.0.0.1:" + closedPort));
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        unknown.meters().bindTo(registry);

        unknown.refreshNow();
        nobody.refreshNow();

        assertThat(ec2.calls()).as("EC2 is never asked without a VPC to ask about").isEmpty();
        assertThat(unknown.paths()).isEmpty();
        assertThat(nobody.paths()).isEmpty();
        assertThat(unknown.status().lastError()).contains("pathwatch.discovery.aws.vpc-ids is empty", "HTTP 404");
        assertThat(nobody.status().lastError()).contains("pathwatch.discovery.aws.vpc-ids is empty");
        assertThat(registry.get("pathwatch.discovery.failures").functionCounter().count()).isEqualTo(1);
        assertThat(lines(Level.WARN)).hasSize(2);
    }

    @Test
    void whenDisabledNothingIsAsked() {
        ec2.endpoints(tagged("vpce-0000000000000000a", PROD, "orders"));
        VpcEndpointDiscovery d = discovery(props("vpc-endpoints.enabled", "false"));

        d.start();
        d.refreshNow();

        assertThat(ec2.calls()).isEmpty();
        assertThat(d.paths()).isEmpty();
        assertThat(d.status().enabled()).isFalse();
    }
}
