package io.pathwatch.responder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pathwatch.config.ResponderProperties;
import io.pathwatch.config.ResponderTlsProperties;
import io.pathwatch.testing.RawClient;
import io.pathwatch.wire.Echo;
import io.pathwatch.wire.EchoReply;
import io.pathwatch.wire.Hello;
import io.pathwatch.wire.HelloAuth;
import io.pathwatch.wire.HelloOk;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Who gets served when connections are idle, hostile or too many, and what a peer that never reads costs. */
class ResponderAdmissionTest {

    private static final String SECRET = "admission-secret";
    private final List<ResponderServer> servers = new ArrayList<>();
    private final List<RawClient> clients = new ArrayList<>();

    @AfterEach
    void stop() throws IOException {
        for (RawClient c : clients) {
            c.close();
        }
        servers.forEach(ResponderServer::stop);
    }

    private ResponderServer start(int max, int perSource, Duration helloTimeout, Duration writeTimeout, int maxFramesPerSecond) {
        ResponderServer server = new ResponderServer(new ResponderProperties(true, "127.0.0.1", 0, 16384, max, perSource, helloTimeout,
                writeTimeout, Duration.ofSeconds(30), maxFramesPerSecond, 1, new ResponderTlsProperties(false, "", "", "PKCS12"),
                ResponderProperties.ProxyProtocol.OFF, java.util.List.of()), SECRET);
        server.start();
        servers.add(server);
        return server;
    }

    private RawClient open(ResponderServer server) throws IOException {
        RawClient c = new RawClient(server.port());
        clients.add(c);
        return c;
    }

    private static boolean echoes(RawClient c) throws IOException {
        c.send(new Echo(1, 1, 0));
        return c.read() instanceof EchoReply;
    }

    @Test
    void aConnectionThatDoesNotCompleteHelloInTimeIsClosedAndAnAuthenticatedOneStays() throws Exception {
        ResponderServer server = start(16, 64, Duration.ofMillis(500), Duration.ofSeconds(10), 1000);
        RawClient silent = open(server);
        RawClient halfway = open(server);
        halfway.send(Hello.request("halfway"));
        assertThat(halfway.read()).isInstanceOf(Hello.class);
        RawClient done = open(server);
        assertThat(done.handshake(SECRET, "done")).isInstanceOf(HelloOk.class);

        assertThat(silent.closedByPeer()).isTrue();
        assertThat(halfway.closedByPeer()).isTrue();
        await().atMost(Duration.ofSeconds(5)).until(() -> server.helloTimeouts() == 2);
        assertThat(echoes(done)).isTrue();
        assertThat(server.unauthenticatedConnections()).isZero();
        assertThat(server.activeConnections()).isEqualTo(1);
    }

    @Test
    void atTheLimitTheOldestUnauthenticatedConnectionMakesRoomAndOnlyAllAuthenticatedRefuse() throws Exception {
        ResponderServer server = start(3, 64, Duration.ofSeconds(30), Duration.ofSeconds(10), 1000);
        RawClient a = open(server);
        assertThat(a.handshake(SECRET, "a")).isInstanceOf(HelloOk.class);
        RawClient b = open(server);
        RawClient c = open(server);
        await().atMost(Duration.ofSeconds(5)).until(() -> server.activeConnections() == 3);

        RawClient d = open(server);
        assertThat(b.closedByPeer()).as("the oldest unauthenticated goes").isTrue();
        assertThat(d.handshake(SECRET, "d")).isInstanceOf(HelloOk.class);
        RawClient e = open(server);
        assertThat(c.closedByPeer()).isTrue();
        assertThat(e.handshake(SECRET, "e")).isInstanceOf(HelloOk.class);
        assertThat(server.evictedAtLimit()).isEqualTo(2);

        RawClient f = open(server);
        assertThat(f.closedByPeer()).as("every connection is authenticated: the new one is refused").isTrue();
        assertThat(server.rejectedConnections()).isEqualTo(1);
        assertThat(echoes(a) && echoes(d) && echoes(e)).isTrue();
    }

    @Test
    void aSourceKeepsOnlyItsCapOfUnauthenticatedConnectionsOnceTheyAreOlderThanTheGrace() throws Exception {
        ResponderServer server = start(64, 2, Duration.ofSeconds(30), Duration.ofSeconds(10), 1000);
        RawClient oldest = open(server);
        RawClient second = open(server);
        RawClient young = open(server);
        // within the grace nobody is evicted: a busy prober has that many in HELLO at once
        await().atMost(Duration.ofSeconds(5)).until(() -> server.unauthenticatedConnections() == 3);
        assertThat(server.evictedPerSource()).isZero();
        // each new connection is a chance to evict; the first after the grace takes the source's oldest
        AtomicInteger opened = new AtomicInteger(3);
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).until(() -> {
            open(server);
            int n = opened.incrementAndGet();
            // each connection is either still waiting for HELLO or evicted: wait until the server has decided this one
            await().atMost(Duration.ofSeconds(5)).until(() -> server.unauthenticatedConnections() + server.evictedPerSource() == n);
            return server.evictedPerSource() > 0;
        });
        assertThat(server.evictedPerSource()).isEqualTo(1);
        assertThat(oldest.closedByPeer()).isTrue();
        assertThat(second.handshake(SECRET, "second")).isInstanceOf(HelloOk.class);
        assertThat(young.handshake(SECRET, "young")).isInstanceOf(HelloOk.class);
    }

    @Test
    void aFloodOfIdleConnectionsFromTheSameAddressDoesNotLockOutAuthenticatedClients() throws Exception {
        ResponderServer server = start(100, 64, Duration.ofSeconds(3), Duration.ofSeconds(10), 1000);
        for (int i = 0; i < 300; i++) {
            open(server);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> server.connectionsAccepted() == 300);
        int served = 0;
        for (int i = 0; i < 20; i++) {
            try (RawClient prober = new RawClient(server.port())) {
                if (prober.handshake(SECRET, "prober-" + i) instanceof HelloOk && echoes(prober)) {
                    served++;
                }
            }
        }
        assertThat(served).isEqualTo(20);
        assertThat(server.activeConnections()).isLessThanOrEqualTo(100);
        assertThat(server.evictedAtLimit() + server.evictedPerSource()).isGreaterThanOrEqualTo(200);
    }

    @Test
    void aFastFloodFromAnotherAddressNeitherHoldsMoreThanItsHardCapNorEvictsASlowProber() throws Exception {
        ResponderServer server = start(60, 8, Duration.ofSeconds(3), Duration.ofSeconds(10), 1000);
        java.util.concurrent.atomic.AtomicBoolean flooding = new java.util.concurrent.atomic.AtomicBoolean(true);
        AtomicInteger opened = new AtomicInteger();
        Thread flood = new Thread(() -> {
            List<java.net.Socket> held = new ArrayList<>();
            try {
                java.net.InetAddress attacker = java.net.InetAddress.getByName("127.0.0.2");
                for (int i = 0; i < 20_000 && flooding.get(); i++) {
                    held.add(new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), server.port(), attacker, 0));
                    opened.incrementAndGet();
                    if (held.size() > 500) {
                        held.remove(0).close();
                    }
                }
            } catch (IOException e) {
                // the test ends the flood by closing; nothing to report
            } finally {
                for (java.net.Socket sock : held) {
                    try {
                        sock.close();
                    } catch (IOException ignored) {
                        // closing
                    }
                }
            }
        }, "flood-127.0.0.2");
        flood.setDaemon(true);
        flood.start();
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> opened.get() >= 200);
            int served = 0;
            int mostUnauthenticated = 0;
            for (int i = 0; i < 10; i++) {
                try (RawClient prober = new RawClient(server.port())) {
                    byte[] nonce = HelloAuth.newNonce();
                    prober.send(Hello.request("slow-" + i, nonce));
                    Hello challenge = (Hello) prober.read();
                    Thread.sleep(300); // a prober 300 ms away: the flood goes on meanwhile
                    mostUnauthenticated = Math.max(mostUnauthenticated, server.unauthenticatedConnections());
                    prober.send(Hello.proof(new HelloAuth(SECRET).proberProof(nonce, challenge.token(), "slow-" + i), "slow-" + i));
                    if (prober.read() instanceof HelloOk && echoes(prober)) {
                        served++;
                    }
                }
            }
            assertThat(served).isEqualTo(10);
            assertThat(mostUnauthenticated).as("the flood's source holds at most 4 × 8, the prober one more")
                    .isLessThanOrEqualTo(Admission.HARD_CAP_FACTOR * 8 + 1);
            assertThat(server.evictedPerSource()).isPositive();
            assertThat(opened.get()).as("the flood went on throughout").isGreaterThan(500);
        } finally {
            flooding.set(false);
            flood.join(10_000);
        }
    }

    @Test
    void theHealthListsTheProbersConnectedNowWithTheirEchoRateAndSecret() throws Exception {
        ResponderServer server = new ResponderServer(new ResponderProperties(true, "127.0.0.1", 0, 16384, 16, 64, Duration.ofSeconds(3),
                Duration.ofSeconds(10), Duration.ofSeconds(30), 1000, 1, new ResponderTlsProperties(false, "", "", "PKCS12"),
                ResponderProperties.ProxyProtocol.OFF, java.util.List.of()), "new", SECRET);
        server.start();
        servers.add(server);
        RawClient busy = open(server);
        assertThat(busy.handshake("new", "busy-agent")).isInstanceOf(HelloOk.class);
        RawClient old = open(server);
        assertThat(old.handshake(SECRET, "old\r\nagent")).isInstanceOf(HelloOk.class);
        RawClient idle = open(server); // never authenticates: not a prober
        for (int i = 0; i < 20; i++) {
            assertThat(echoes(busy)).isTrue();
        }
        List<ResponderServer.ConnectedProber> probers = server.probers(50);
        assertThat(probers).extracting(ResponderServer.ConnectedProber::agent).containsExactly("busy-agent", "old??agent");
        ResponderServer.ConnectedProber first = probers.get(0);
        assertThat(first.address()).isEqualTo("127.0.0.1");
        assertThat(first.connections()).isEqualTo(1);
        assertThat(first.echoesPerSecond()).isPositive();
        assertThat(first.previousSecret()).isFalse();
        assertThat(probers.get(1).previousSecret()).isTrue();
        assertThat(probers.get(1).echoesPerSecond()).isZero();
        assertThat(server.probers(1)).hasSize(1);
        assertThat(server.unauthenticatedConnections()).as("the idle one is open, and not listed").isEqualTo(1);
        old.close();
        await().atMost(Duration.ofSeconds(5)).until(() -> server.probers(50).size() == 1);
    }

    @Test
    void atTheLimitASourceOverItsCapLosesItsOwnOldestNotAnotherSourcesOlderOne() throws Exception {
        ResponderServer server = start(12, 2, Duration.ofSeconds(30), Duration.ofSeconds(10), 1000);
        List<java.net.Socket> others = new ArrayList<>();
        List<java.net.Socket> flood = new ArrayList<>();
        try {
            for (int i = 0; i < 6; i++) { // six sources with one connection each: the oldest of all
                others.add(connectFrom("127.0.0." + (10 + i), server.port()));
                int n = i + 1;
                await().atMost(Duration.ofSeconds(5)).until(() -> server.unauthenticatedConnections() == n);
            }
            for (int i = 0; i < 6; i++) { // one source over its cap of 2, all within the grace
                flood.add(connectFrom("127.0.0.2", server.port()));
                int n = 7 + i;
                await().atMost(Duration.ofSeconds(5)).until(() -> server.unauthenticatedConnections() == n);
            }
            java.net.Socket newcomer = connectFrom("127.0.0.3", server.port());
            others.add(newcomer);
            await().atMost(Duration.ofSeconds(5)).until(() -> server.evictedAtLimit() == 1);
            assertThat(closedWithin(flood.get(0), 2000)).as("the flooding source's oldest makes room").isTrue();
            assertThat(closedWithin(others.get(0), 300)).as("the oldest of all, from a source within its cap, stays").isFalse();
            assertThat(server.evictedPerSource()).isZero();
        } finally {
            for (java.net.Socket sock : others) {
                sock.close();
            }
            for (java.net.Socket sock : flood) {
                sock.close();
            }
        }
    }

    private static java.net.Socket connectFrom(String source, int port) throws IOException {
        return new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), port, java.net.InetAddress.getByName(source), 0);
    }

    /** True if the peer closes the socket within {@code millis}. */
    private static boolean closedWithin(java.net.Socket socket, int millis) throws IOException {
        socket.setSoTimeout(millis);
        try {
            return socket.getInputStream().read() < 0;
        } catch (java.net.SocketTimeoutException stillOpen) {
            return false;
        } catch (java.net.SocketException reset) {
            return true;
        }
    }

    @Test
    void anIpv6SourceIsItsSlash64AndAnIpv4SourceItsAddress() {
        assertThat(Admission.source(new java.net.InetSocketAddress("2001:db8:1:2:aaaa::1", 1)))
                .isEqualTo(Admission.source(new java.net.InetSocketAddress("2001:db8:1:2:ffff:ffff:ffff:fffe", 2)))
                .isNotEqualTo(Admission.source(new java.net.InetSocketAddress("2001:db8:1:3::1", 1)));
        assertThat(Admission.source(new java.net.InetSocketAddress("192.0.2.1", 1)))
                .isNotEqualTo(Admission.source(new java.net.InetSocketAddress("192.0.2.2", 1)));
    }

    @Test
    void aPeerThatNeverReadsIsNotReadEitherAndIsClosedAfterTheWriteTimeout() throws Exception {
        ResponderServer server = start(16, 64, Duration.ofSeconds(3), Duration.ofSeconds(1), 1_000_000);
        RawClient hog = open(server);
        assertThat(hog.handshake(SECRET, "hog")).isInstanceOf(HelloOk.class);
        int limit = 5000; // 80 MB of 16 KiB echoes if nothing held it back
        AtomicInteger written = new AtomicInteger();
        Thread writer = new Thread(() -> {
            try {
                for (int i = 0; i < limit; i++) {
                    hog.send(Echo.ofFrameSize(i, 0, 16384));
                    written.incrementAndGet();
                }
            } catch (IOException closed) {
                // the responder gave up on us: what this test waits for
            }
        }, "never-reads");
        writer.setDaemon(true);
        writer.start();
        AtomicLong mostQueued = new AtomicLong();
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20)).until(() -> {
            mostQueued.accumulateAndGet(server.queuedReplyBytes(), Math::max);
            return server.writeStalled() == 1;
        });
        writer.join(10_000);
        assertThat(writer.isAlive()).as("the writer's socket is closed under it").isFalse();
        assertThat(written.get()).as("TCP held the peer back once the responder stopped reading").isLessThan(limit);
        assertThat(server.echoes()).as("the responder stopped answering what it stopped reading").isLessThan(limit);
        assertThat(mostQueued.get()).as("replies queued in the responder stay near the write buffer's high-water mark")
                .isLessThan(256 * 1024L);
        await().atMost(Duration.ofSeconds(5)).until(() -> server.activeConnections() == 0 && server.queuedReplyBytes() == 0);
    }

    /**
     * Whether the kernel's buffers take the echo replies (then the refused frames are read, answered
     * by one ERROR and the connection closes within a second) or not (then nothing more is read and
     * the write timeout ends it) depends on the host's buffer sizes: either way the connection ends
     * soon, at most one ERROR is queued and the replies queued stay bounded.
     */
    @Test
    void aPeerThatNeverReadsAndSendsRefusedFramesIsClosedWithItsQueueBounded() throws Exception {
        ResponderServer server = start(16, 64, Duration.ofSeconds(3), Duration.ofSeconds(2), 1_000_000);
        RawClient hog = open(server);
        assertThat(hog.handshake(SECRET, "hog")).isInstanceOf(HelloOk.class);
        int limit = 200_000;
        AtomicInteger written = new AtomicInteger();
        Thread writer = new Thread(() -> {
            try {
                // fill the kernel's buffers with replies the peer never reads, then provoke ERROR after ERROR
                for (int i = 0; i < 200; i++) {
                    hog.send(Echo.ofFrameSize(i, 0, 16384));
                }
                byte[] unexpected = bytesOf(Hello.request("again"));
                for (int i = 0; i < limit; i++) {
                    hog.sendRaw(unexpected);
                    written.incrementAndGet();
                }
            } catch (IOException closed) {
                // what this test waits for
            }
        }, "never-reads-errors");
        writer.setDaemon(true);
        writer.start();
        AtomicLong mostQueued = new AtomicLong();
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(5)).until(() -> {
            mostQueued.accumulateAndGet(server.queuedReplyBytes(), Math::max);
            return server.activeConnections() == 0;
        });
        writer.join(10_000);
        assertThat(writer.isAlive()).isFalse();
        assertThat(written.get()).as("the connection ended long before the writer ran out").isLessThan(limit);
        assertThat(mostQueued.get()).isLessThan(256 * 1024L);
        assertThat(server.protocolRejects()).as("one ERROR at most, not one per refused frame").isLessThanOrEqualTo(1);
    }

    private static byte[] bytesOf(io.pathwatch.wire.Frame frame) {
        io.netty.buffer.ByteBuf buf = io.netty.buffer.Unpooled.buffer();
        io.pathwatch.wire.FrameEncoder.write(frame, buf);
        byte[] bytes = new byte[buf.readableBytes()];
        buf.readBytes(bytes);
        buf.release();
        return bytes;
    }
}
