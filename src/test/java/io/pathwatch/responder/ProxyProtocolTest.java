package io.pathwatch.responder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pathwatch.config.ResponderProperties;
import io.pathwatch.config.ResponderProperties.ProxyProtocol;
import io.pathwatch.config.ResponderTlsProperties;
import io.pathwatch.testing.RawClient;
import io.pathwatch.wire.Echo;
import io.pathwatch.wire.EchoReply;
import io.pathwatch.wire.ErrorCode;
import io.pathwatch.wire.ErrorFrame;
import io.pathwatch.wire.Frame;
import io.pathwatch.wire.FrameEncoder;
import io.pathwatch.wire.Hello;
import io.pathwatch.wire.HelloAuth;
import io.pathwatch.wire.HelloOk;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * {@code pathwatch.responder.proxy-protocol: v2} over real loopback sockets: every connection comes
 * from 127.0.0.1, and the PROXY v2 header in front of it names the client (the addresses in it are
 * only bytes), as an AWS NLB's would.
 */
class ProxyProtocolTest {

    private static final String SECRET = "proxy-secret";
    private static final byte[] SIGNATURE = {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A};
    private static final String VPCE = "vpce-0123456789abcdef0";

    @TempDir
    Path dir;
    private final List<ResponderServer> servers = new ArrayList<>();
    private final List<AutoCloseable> sockets = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable s : sockets) {
            s.close();
        }
        servers.forEach(ResponderServer::stop);
    }

    private ResponderServer start(ProxyProtocol proxy, int perSource, Duration helloTimeout) {
        return start(proxy, perSource, helloTimeout, new ResponderTlsProperties(false, "", "", "PKCS12"));
    }

    private ResponderServer start(ProxyProtocol proxy, int perSource, Duration helloTimeout, ResponderTlsProperties tls) {
        return start(proxy, perSource, helloTimeout, tls, List.of());
    }

    private ResponderServer start(ProxyProtocol proxy, int perSource, Duration helloTimeout, ResponderTlsProperties tls, List<String> trusted) {
        ResponderServer server = new ResponderServer(new ResponderProperties(true, "127.0.0.1", 0, 16384, 64, perSource, helloTimeout,
                Duration.ofSeconds(10), Duration.ofSeconds(30), 1000, 1, tls, proxy, trusted), SECRET);
        server.start();
        servers.add(server);
        return server;
    }

    // --- PROXY v2 headers, built by hand after the spec (haproxy's proxy-protocol.txt, section 2.2)

    /** A PROXY command for TCP over IPv4 from {@code source}:40000 to 10.0.0.1:7100, with these TLVs after the addresses. */
    static byte[] proxyV4(String source, byte[]... tlvs) throws IOException {
        ByteBuffer addresses = ByteBuffer.allocate(12);
        addresses.put(InetAddress.getByName(source).getAddress()).put(InetAddress.getByName("10.0.0.1").getAddress());
        addresses.putShort((short) 40000).putShort((short) 7100);
        return header(0x21, 0x11, addresses.array(), tlvs);
    }

    static byte[] proxyV6(String source) throws IOException {
        ByteBuffer addresses = ByteBuffer.allocate(36);
        addresses.put(InetAddress.getByName(source).getAddress()).put(InetAddress.getByName("fd00::1").getAddress());
        addresses.putShort((short) 40000).putShort((short) 7100);
        return header(0x21, 0x21, addresses.array());
    }

    /** LOCAL: the proxy's own connection (a health check), no addresses. */
    static byte[] local() throws IOException {
        return header(0x20, 0x00, new byte[0]);
    }

    static byte[] header(int versionCommand, int familyProtocol, byte[] addresses, byte[]... tlvs) throws IOException {
        ByteArrayOutputStream rest = new ByteArrayOutputStream();
        rest.write(addresses);
        for (byte[] tlv : tlvs) {
            rest.write(tlv);
        }
        return header(versionCommand, familyProtocol, rest.size(), rest.toByteArray());
    }

    /** A header whose length field says {@code declaredLength}, whatever follows. */
    static byte[] header(int versionCommand, int familyProtocol, int declaredLength, byte[] rest) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(SIGNATURE);
        out.write(versionCommand);
        out.write(familyProtocol);
        out.write(declaredLength >> 8);
        out.write(declaredLength & 0xFF);
        out.write(rest);
        return out.toByteArray();
    }

    static byte[] tlv(int type, byte[] value) {
        ByteBuffer b = ByteBuffer.allocate(3 + value.length);
        b.put((byte) type).putShort((short) value.length).put(value);
        return b.array();
    }

    /** What an AWS NLB behind a VPC endpoint service adds: type 0xEA, subtype 0x01, the endpoint id. */
    static byte[] awsVpcEndpoint(String id) {
        byte[] ascii = id.getBytes(StandardCharsets.US_ASCII);
        byte[] value = new byte[1 + ascii.length];
        value[0] = 0x01;
        System.arraycopy(ascii, 0, value, 1, ascii.length);
        return tlv(0xEA, value);
    }

    private static byte[] bytesOf(Frame frame) {
        io.netty.buffer.ByteBuf buf = io.netty.buffer.Unpooled.buffer();
        FrameEncoder.write(frame, buf);
        byte[] bytes = new byte[buf.readableBytes()];
        buf.readBytes(bytes);
        buf.release();
        return bytes;
    }

    private static byte[] concat(byte[]... parts) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.write(p);
        }
        return out.toByteArray();
    }

    /** A connection from 127.0.0.1 that has sent these bytes first. */
    private RawClient open(ResponderServer server, byte[] first) throws IOException {
        RawClient c = new RawClient(server.port());
        sockets.add(c);
        if (first.length > 0) {
            c.sendRaw(first);
        }
        return c;
    }

    /** A connection halfway through HELLO: its REQUEST answered, so its header has been read. */
    private record InHello(RawClient client, byte[] nonce, byte[] challenge) {
        /** Completes HELLO with the PROOF. */
        Frame prove() throws IOException {
            client.send(Hello.proof(new HelloAuth(SECRET).proberProof(nonce, challenge, "prober"), "prober"));
            return client.read();
        }
    }

    private static InHello inHello(RawClient c) throws IOException {
        byte[] nonce = HelloAuth.newNonce();
        c.send(Hello.request("prober", nonce));
        return new InHello(c, nonce, ((Hello) c.read()).token());
    }

    private static boolean echoes(RawClient c) throws IOException {
        c.send(new Echo(1, 1, 0));
        return c.read() instanceof EchoReply;
    }

    // --- the tests

    @Test
    void eachClientTheHeaderNamesHasItsOwnCapThoughEverySocketIsFrom127001() throws Exception {
        ResponderServer server = start(ProxyProtocol.V2, 2, Duration.ofSeconds(30));
        // one after the other: each is in HELLO, so its header has been read, before the next opens
        InHello a1 = inHello(open(server, proxyV4("10.1.2.3")));
        InHello a2 = inHello(open(server, proxyV4("10.1.2.3")));
        InHello b1 = inHello(open(server, proxyV4("10.9.9.9")));
        InHello b2 = inHello(open(server, proxyV4("10.9.9.9")));
        assertThat(server.unauthenticatedConnections()).isEqualTo(4);
        assertThat(server.evictedPerSource()).isZero();
        // past the grace a source at its cap loses its oldest to a newcomer; counted as 127.0.0.1, the four would be over a cap of 2
        Thread.sleep(TimeUnit.NANOSECONDS.toMillis(Admission.GRACE_NANOS) + 200);
        InHello c1 = inHello(open(server, proxyV4("10.5.5.5")));
        assertThat(server.evictedPerSource()).as("a new client evicts nobody").isZero();
        InHello a3 = inHello(open(server, proxyV4("10.1.2.3")));
        assertThat(a1.client().closedByPeer()).as("10.1.2.3's oldest makes room for its third").isTrue();
        assertThat(server.evictedPerSource()).isEqualTo(1);
        for (InHello c : List.of(a2, b1, b2, c1, a3)) {
            assertThat(c.prove()).as("the others, 10.9.9.9's both among them, stay").isInstanceOf(HelloOk.class);
        }
        assertThat(server.probers(50)).extracting(ResponderServer.ConnectedProber::address, ResponderServer.ConnectedProber::connections)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("10.1.2.3", 2), org.assertj.core.groups.Tuple.tuple("10.9.9.9", 2),
                        org.assertj.core.groups.Tuple.tuple("10.5.5.5", 1));
        assertThat(server.proxyHeaderInvalid() + server.proxyHeaderTimeouts()).isZero();
    }

    @Test
    void theHealthAndTheFailedHelloLogShowTheClientTheHeaderNamesAndItsVpcEndpoint() throws Exception {
        ResponderServer server = start(ProxyProtocol.V2, 64, Duration.ofSeconds(3));
        RawClient v4 = open(server, proxyV4("10.1.2.3", awsVpcEndpoint(VPCE)));
        assertThat(v4.handshake(SECRET, "nlb-agent")).isInstanceOf(HelloOk.class);
        RawClient v6 = open(server, proxyV6("2001:db8::7"));
        assertThat(v6.handshake(SECRET, "v6-agent")).isInstanceOf(HelloOk.class);
        assertThat(echoes(v4)).isTrue();

        assertThat(server.probers(50)).extracting(ResponderServer.ConnectedProber::agent, ResponderServer.ConnectedProber::address,
                ResponderServer.ConnectedProber::vpcEndpoint).containsExactly(
                        org.assertj.core.groups.Tuple.tuple("nlb-agent", "10.1.2.3", VPCE),
                        org.assertj.core.groups.Tuple.tuple("v6-agent", "2001:db8:0:0:0:0:0:7", ""));

        Logger logger = (Logger) LoggerFactory.getLogger(RejectedHelloLog.class);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        try {
            RawClient impostor = open(server, proxyV4("10.66.0.1"));
            impostor.handshake("wrong-secret", "impostor");
            await().atMost(Duration.ofSeconds(5)).until(() -> server.authFailures() == 1);
            assertThat(appender.list).extracting(ILoggingEvent::getFormattedMessage)
                    .anySatisfy(line -> assertThat(line).contains("10.66.0.1").doesNotContain("127.0.0.1"));
        } finally {
            logger.detachAppender(appender);
        }
    }

    @Test
    void aConnectionWithoutAHeaderIsRefusedAtItsFirstByteOrClosedAtTheHelloDeadline() throws Exception {
        ResponderServer server = start(ProxyProtocol.V2, 64, Duration.ofMillis(500));
        RawClient frameFirst = open(server, bytesOf(Hello.request("no-header")));
        assertThat(frameFirst.closedByPeer()).as("a frame where the header should be").isTrue();
        await().atMost(Duration.ofSeconds(5)).until(() -> server.proxyHeaderInvalid() == 1);

        RawClient silent = open(server, new byte[0]);
        RawClient halfHeader = open(server, java.util.Arrays.copyOf(proxyV4("10.1.2.3"), 20));
        RawClient headerOnly = open(server, proxyV4("10.1.2.3"));
        assertThat(silent.closedByPeer()).isTrue();
        assertThat(halfHeader.closedByPeer()).isTrue();
        assertThat(headerOnly.closedByPeer()).isTrue();
        await().atMost(Duration.ofSeconds(5)).until(() -> server.proxyHeaderTimeouts() == 2 && server.helloTimeouts() == 1);
        assertThat(server.proxyHeaderInvalid()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(5)).until(() -> server.activeConnections() == 0);

        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        ResponderConfiguration config = new ResponderConfiguration();
        config.responderMeters(server).bindTo(registry);
        assertThat(registry.get("pathwatch.responder.connections.closed").tag("reason", "proxy_header_invalid").functionCounter().count())
                .isEqualTo(1);
        assertThat(registry.get("pathwatch.responder.connections.closed").tag("reason", "proxy_header_timeout").functionCounter().count())
                .isEqualTo(2);
        Map<String, Object> health = config.responderHealthIndicator(server).health().getDetails();
        assertThat(health).containsEntry("proxyProtocol", "v2").containsEntry("proxyHeaderInvalid", 1L)
                .containsEntry("proxyHeaderTimeouts", 2L).containsEntry("helloTimeouts", 1L);
    }

    @Test
    void onlyTheTrustedBlocksMaySendAHeader() throws Exception {
        ResponderTlsProperties plain = new ResponderTlsProperties(false, "", "", "PKCS12");
        ResponderServer elsewhere = start(ProxyProtocol.V2, 64, Duration.ofSeconds(3), plain, List.of("10.0.8.0/22", "fd00::/8"));
        RawClient claimant = open(elsewhere, concat(proxyV4("10.1.2.3"), bytesOf(Hello.request("claimant"))));
        assertThat(claimant.closedByPeer()).isTrue();
        await().atMost(Duration.ofSeconds(5)).until(() -> elsewhere.proxyUntrusted() == 1);
        assertThat(elsewhere.proxyHeaderInvalid()).isZero();
        ResponderServer fromHere = start(ProxyProtocol.V2, 64, Duration.ofSeconds(3), plain, List.of("10.0.8.0/22", "127.0.0.0/8"));
        RawClient trusted = open(fromHere, concat(proxyV4("10.1.2.3"), bytesOf(Hello.request("trusted"))));
        assertThat(trusted.closedByPeer()).isFalse();
        assertThat(fromHere.proxyUntrusted()).isZero();
    }

    @Test
    void aVersion1TextHeaderAnOldVersionAndGarbageAreRefused() throws Exception {
        ResponderServer server = start(ProxyProtocol.V2, 64, Duration.ofSeconds(3));
        byte[] hello = bytesOf(Hello.request("after"));
        RawClient v1 = open(server, concat("PROXY TCP4 10.1.2.3 10.0.0.1 40000 7100\r\n".getBytes(StandardCharsets.US_ASCII), hello));
        assertThat(v1.closedByPeer()).isTrue();
        byte[] version1Binary = proxyV4("10.1.2.3");
        version1Binary[12] = 0x11;
        RawClient oldVersion = open(server, concat(version1Binary, hello));
        assertThat(oldVersion.closedByPeer()).isTrue();
        RawClient http = open(server, "GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(http.closedByPeer()).isTrue();
        await().atMost(Duration.ofSeconds(5)).until(() -> server.proxyHeaderInvalid() == 3);
        assertThat(server.activeConnections()).isZero();
    }

    @Test
    void aMalformedOversizedOrNonTcpHeaderIsRefused() throws Exception {
        ResponderServer server = start(ProxyProtocol.V2, 64, Duration.ofSeconds(3));
        List<byte[]> bad = new ArrayList<>();
        // declares 65,535 bytes: refused at its length field, nothing of it buffered
        bad.add(header(0x21, 0x11, 65535, new byte[0]));
        // one byte more than the limit, all of it sent
        bad.add(proxyV4("10.1.2.3", tlv(0xE0, new byte[ProxyHeaderHandler.MAX_HEADER_BYTES - 16 - 12 - 3 + 1])));
        // a TLV that claims more than the header holds
        byte[] shortTlv = proxyV4("10.1.2.3", tlv(0xEA, new byte[] {0x01, 'v', 'p', 'c', 'e'}));
        shortTlv[shortTlv.length - 6] = 0x7F;
        bad.add(shortTlv);
        // IPv4 with too few address bytes
        bad.add(header(0x21, 0x11, new byte[6]));
        // UDP, a UNIX socket and AF_UNSPEC under PROXY: not a TCP client
        bad.add(header(0x21, 0x12, java.util.Arrays.copyOfRange(proxyV4("10.1.2.3"), 16, 28)));
        bad.add(header(0x21, 0x31, new byte[216]));
        bad.add(header(0x21, 0x00, new byte[0]));
        // a command that is neither LOCAL nor PROXY
        bad.add(header(0x22, 0x11, java.util.Arrays.copyOfRange(proxyV4("10.1.2.3"), 16, 28)));
        List<RawClient> clients = new ArrayList<>();
        for (byte[] header : bad) {
            clients.add(open(server, concat(header, bytesOf(Hello.request("after")))));
        }
        for (int i = 0; i < clients.size(); i++) {
            assertThat(clients.get(i).closedByPeer()).as("header %d", i).isTrue();
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> server.proxyHeaderInvalid() == bad.size());
        assertThat(server.proxyHeaderTimeouts() + server.helloTimeouts() + server.protocolRejects()).isZero();
    }

    @Test
    void theProxyHandlersLeaveThePipelineAfterTheHeaderAndPassOnWhatFollowsIt() throws Exception {
        ResponderCounters counters = new ResponderCounters();
        io.netty.channel.embedded.EmbeddedChannel ch = new io.netty.channel.embedded.EmbeddedChannel();
        ProxyHeaderHandler.addTo(ch.pipeline(), new Admission(16, 16), counters);
        byte[] header = proxyV4("10.1.2.3", awsVpcEndpoint(VPCE));
        ch.writeInbound(io.netty.buffer.Unpooled.wrappedBuffer(java.util.Arrays.copyOf(header, 7)));
        assertThat(ProxyHeaderHandler.awaitingHeader(ch)).isTrue();
        ch.writeInbound(io.netty.buffer.Unpooled.wrappedBuffer(concat(java.util.Arrays.copyOfRange(header, 7, header.length), new byte[] {1, 2, 3})));
        assertThat(ch.pipeline().names()).noneMatch(name -> name.startsWith("proxy-"));
        assertThat(ProxyHeaderHandler.awaitingHeader(ch)).isFalse();
        io.netty.buffer.ByteBuf after = ch.readInbound();
        assertThat(io.netty.buffer.ByteBufUtil.getBytes(after)).containsExactly(1, 2, 3);
        after.release();
        assertThat(Peer.address(ch)).isEqualTo(new java.net.InetSocketAddress(InetAddress.getByName("10.1.2.3"), 40000));
        assertThat(Peer.vpcEndpoint(ch)).isEqualTo(VPCE);
        assertThat(counters.proxyHeaderInvalid.sum()).isZero();
        assertThat(ch.finishAndReleaseAll()).isFalse();
    }

    @Test
    void aHeaderOfExactlyTheLongestAcceptedLengthIsRead() throws Exception {
        ResponderServer server = start(ProxyProtocol.V2, 64, Duration.ofSeconds(3));
        byte[] longest = proxyV4("10.1.2.3", tlv(0x04, new byte[ProxyHeaderHandler.MAX_HEADER_BYTES - 16 - 12 - 3 - 26]), awsVpcEndpoint(VPCE));
        assertThat(longest).hasSize(ProxyHeaderHandler.MAX_HEADER_BYTES);
        RawClient c = open(server, new byte[0]);
        assertThat(handshakeWithHeader(c, longest, "longest")).isInstanceOf(HelloOk.class);
        assertThat(server.probers(50)).singleElement().satisfies(p -> assertThat(p.vpcEndpoint()).isEqualTo(VPCE));
    }

    @Test
    void aLocalCommandIsServedAsTheSocketsPeer() throws Exception {
        ResponderServer server = start(ProxyProtocol.V2, 64, Duration.ofSeconds(3));
        RawClient healthCheck = open(server, local());
        assertThat(healthCheck.handshake(SECRET, "local")).isInstanceOf(HelloOk.class);
        assertThat(echoes(healthCheck)).isTrue();
        assertThat(server.probers(50)).singleElement().satisfies(p -> {
            assertThat(p.address()).isEqualTo("127.0.0.1");
            assertThat(p.vpcEndpoint()).isEmpty();
        });
        assertThat(server.proxyHeaderInvalid()).isZero();
    }

    @Test
    void aHeaderSplitAcrossSegmentsOrSentWithTheHelloIsRead() throws Exception {
        ResponderServer server = start(ProxyProtocol.V2, 64, Duration.ofSeconds(3));
        byte[] header = proxyV4("10.1.2.3", awsVpcEndpoint(VPCE));
        byte[] hello = bytesOf(Hello.request("split"));
        RawClient split = open(server, new byte[0]);
        // cut inside the signature, at the version byte, inside the addresses, inside the TLV, and across into the HELLO
        int[] cuts = {5, 12, 13, 20, 30, header.length + 3};
        byte[] all = concat(header, hello);
        int from = 0;
        for (int cut : cuts) {
            split.sendRaw(java.util.Arrays.copyOfRange(all, from, cut));
            from = cut;
            Thread.sleep(50);
        }
        split.sendRaw(java.util.Arrays.copyOfRange(all, from, all.length));
        assertThat(split.read()).as("the CHALLENGE to the HELLO after the header").isInstanceOf(Hello.class);

        RawClient together = open(server, new byte[0]);
        assertThat(handshakeWithHeader(together, proxyV4("10.4.4.4"), "together")).isInstanceOf(HelloOk.class);
        assertThat(server.probers(50)).extracting(ResponderServer.ConnectedProber::address).containsExactly("10.4.4.4");
        assertThat(server.unauthenticatedConnections()).isEqualTo(1);
        assertThat(server.proxyHeaderInvalid()).isZero();
    }

    /** The header and HELLO's REQUEST in one write, then the rest of the handshake. */
    private static Frame handshakeWithHeader(RawClient c, byte[] header, String agent) throws IOException {
        byte[] nonce = HelloAuth.newNonce();
        c.sendRaw(concat(header, bytesOf(Hello.request(agent, nonce))));
        Hello challenge = (Hello) c.read();
        c.send(Hello.proof(new HelloAuth(SECRET).proberProof(nonce, challenge.token(), agent), agent));
        return c.read();
    }

    @Test
    void withTlsTheHeaderComesBeforeTheHandshake() throws Exception {
        Path keyStore = dir.resolve("responder.p12");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Process p = new ProcessBuilder(keytool, "-genkeypair", "-alias", "responder", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=localhost", "-validity", "2", "-storetype", "PKCS12", "-keystore", keyStore.toString(), "-storepass", "changeit")
                .redirectErrorStream(true).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(new String(p.getInputStream().readAllBytes())).isZero();
        ResponderServer server = start(ProxyProtocol.V2, 64, Duration.ofSeconds(3),
                new ResponderTlsProperties(true, keyStore.toString(), "changeit", "PKCS12"));

        Socket plain = new Socket("127.0.0.1", server.port());
        sockets.add(plain);
        OutputStream out = plain.getOutputStream();
        out.write(proxyV4("10.7.7.7", awsVpcEndpoint(VPCE)));
        out.flush();
        SSLContext trustAll = SSLContext.getInstance("TLS");
        trustAll.init(null, new TrustManager[] {new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        }}, null);
        SSLSocket tls = (SSLSocket) trustAll.getSocketFactory().createSocket(plain, "localhost", server.port(), true);
        tls.startHandshake();
        RawClient c = new RawClient(tls);
        sockets.add(c);
        assertThat(c.handshake(SECRET, "tls-agent")).isInstanceOf(HelloOk.class);
        assertThat(server.probers(50)).singleElement().satisfies(prober -> {
            assertThat(prober.address()).isEqualTo("10.7.7.7");
            assertThat(prober.vpcEndpoint()).isEqualTo(VPCE);
        });
    }

    @Test
    void offIsTheDefaultAndThenAHeaderIsJustBytesThatAreNotAFrame() throws Exception {
        ResponderProperties defaults = new Binder(new MapConfigurationPropertySource(Map.of("pathwatch.responder.port", "7100")))
                .bindOrCreate("pathwatch.responder", ResponderProperties.class);
        assertThat(defaults.proxyProtocol()).isEqualTo(ProxyProtocol.OFF);
        assertThat(new Binder(new MapConfigurationPropertySource(Map.of("pathwatch.responder.proxy-protocol", "v2")))
                .bindOrCreate("pathwatch.responder", ResponderProperties.class).proxyProtocol()).isEqualTo(ProxyProtocol.V2);
        // the name deploy/terraform's responder module sets
        assertThat(new Binder(org.springframework.boot.context.properties.source.ConfigurationPropertySources.from(
                new org.springframework.core.env.SystemEnvironmentPropertySource("systemEnvironment", Map.of("PATHWATCH_RESPONDER_PROXYPROTOCOL", "v2"))))
                .bindOrCreate("pathwatch.responder", ResponderProperties.class).proxyProtocol()).isEqualTo(ProxyProtocol.V2);
        // YAML reads an unquoted off as a boolean
        assertThat(new Binder(new MapConfigurationPropertySource(Map.of("pathwatch.responder.proxy-protocol", false)))
                .bindOrCreate("pathwatch.responder", ResponderProperties.class).proxyProtocol()).isEqualTo(ProxyProtocol.OFF);

        ResponderServer server = start(ProxyProtocol.OFF, 64, Duration.ofSeconds(3));
        RawClient plain = open(server, new byte[0]);
        assertThat(plain.handshake(SECRET, "plain")).isInstanceOf(HelloOk.class);
        assertThat(server.probers(50)).extracting(ResponderServer.ConnectedProber::address).containsExactly("127.0.0.1");
        RawClient proxied = open(server, concat(proxyV4("10.1.2.3"), bytesOf(Hello.request("proxied"))));
        assertThat(proxied.read()).as("its first byte is not the protocol's version").isEqualTo(new ErrorFrame(ErrorCode.BAD_VERSION));
        assertThat(proxied.closedByPeer()).isTrue();
        await().atMost(Duration.ofSeconds(5)).until(() -> server.protocolRejects() == 1);
        assertThat(server.proxyHeaderInvalid()).isZero();
        assertThat(server.proxyProtocol()).isEqualTo("off");
    }
}
