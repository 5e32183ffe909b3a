package io.pathwatch.responder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import io.pathwatch.config.ResponderProperties;
import io.pathwatch.config.ResponderTlsProperties;
import io.pathwatch.testing.RawClient;
import io.pathwatch.wire.Echo;
import io.pathwatch.wire.EchoReply;
import io.pathwatch.wire.ErrorCode;
import io.pathwatch.wire.ErrorFrame;
import io.pathwatch.wire.HelloOk;
import io.pathwatch.wire.PeerInfo;
import io.pathwatch.wire.PeerInfoReply;
import io.pathwatch.wire.PeerInfoReply.Status;
import io.pathwatch.wire.TcpSnapshot;
import io.pathwatch.wire.Transport;
import io.pathwatch.wire.WallClock;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** PEER_INFO against a real responder on 127.0.0.1: the prober's fresh connection reads another one's snapshots. */
class PeerInfoTest {

    private static final String SECRET = "shared-secret";
    private static final long MS = 1_000_000L;
    private ResponderServer server;

    @BeforeEach
    void start() {
        ResponderProperties props = new ResponderProperties(true, "127.0.0.1", 0, 16384, 16, 1024, Duration.ofSeconds(3), Duration.ofSeconds(10),
                Duration.ofSeconds(30), 1000, 1, new ResponderTlsProperties(false, "", "", "PKCS12"), ResponderProperties.ProxyProtocol.OFF, List.of());
        server = new ResponderServer(props, SECRET);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    private static boolean epoll() {
        return Transport.best() == Transport.EPOLL;
    }

    private PeerInfoReply ask(RawClient client, PeerInfo request) throws IOException {
        client.send(request);
        PeerInfoReply reply = (PeerInfoReply) client.read();
        assertThat(client.lastFrameBytes()).as("no larger (nor smaller) than the request").isEqualTo(request.wireSize());
        assertThat(reply.snapshots().size()).isLessThanOrEqualTo(request.room());
        assertThat(reply.connectionId()).isEqualTo(request.connectionId());
        return reply;
    }

    /** Echoes for about a second, paced as a stream's heartbeat (every 20 ms here). */
    private static void echoForASecond(RawClient stream) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
        for (int seq = 0; seq < 100 && System.nanoTime() < end; seq++) {
            stream.send(Echo.ofFrameSize(seq, WallClock.nanos(), 64));
            assertThat(stream.read()).isInstanceOf(EchoReply.class);
            Thread.sleep(20); // pacing the sender, not waiting for anything
        }
    }

    @Test
    void aSecondConnectionOfTheSameAgentReadsTheFirstsSnapshotsThinnedToItsRoom() throws Exception {
        try (RawClient stream = new RawClient(server.port()); RawClient asker = new RawClient(server.port())) {
            long beforeHello = WallClock.nanos();
            HelloOk ok = (HelloOk) stream.handshake(SECRET, "sydney");
            long from = WallClock.nanos();
            echoForASecond(stream);
            long to = WallClock.nanos();
            assertThat(asker.handshake(SECRET, "sydney")).isInstanceOf(HelloOk.class);

            PeerInfoReply all = ask(asker, PeerInfo.ofSnapshots(ok.connectionId(), from, to, 64));
            assertThat(all.authenticatedAtEpochNanos()).isBetween(beforeHello, from);
            assertThat(all.closedAtEpochNanos()).isZero();
            assumeThat(epoll()).as("TCP_INFO needs native epoll").isTrue();
            assertThat(all.status()).isEqualTo(Status.OK);
            List<TcpSnapshot> snapshots = all.snapshots();
            // a healthy stream's snapshots overwrite their own latest (PeerRecord.quiet): the first two and the latest remain
            assertThat(snapshots.size()).as("the stream's first snapshots and its latest").isBetween(2, 3);
            assertThat(snapshots).extracting(TcpSnapshot::takenAtEpochNanos).isSorted().doesNotHaveDuplicates();
            assertThat(snapshots).allSatisfy(s -> {
                assertThat(s.state()).isEqualTo(TcpSnapshot.STATE_ESTABLISHED);
                assertThat(s.rttMicros()).isPositive();
                assertThat(s.takenAtEpochNanos()).isBetween(from, to);
            });
            assertThat(snapshots.get(snapshots.size() - 1).takenAtEpochNanos()).as("the latest is of the last echoes").isGreaterThan(to - 200 * MS);

            PeerInfoReply one = ask(asker, PeerInfo.ofSnapshots(ok.connectionId(), from, to, 1));
            assertThat(one.status()).isEqualTo(Status.OK);
            assertThat(one.snapshots()).as("room for one: the latest").containsExactly(snapshots.get(snapshots.size() - 1));

            long last = snapshots.get(snapshots.size() - 1).takenAtEpochNanos();
            PeerInfoReply later = ask(asker, PeerInfo.ofSnapshots(ok.connectionId(), last, to, 64));
            assertThat(later.snapshots()).as("the last one before the range, then the range")
                    .isEqualTo(snapshots.subList(snapshots.size() - 2, snapshots.size()));
        }
        assertThat(server.peerInfoRequests()).containsEntry("ok", 3L);
    }

    @Test
    void anotherAgentOrAnUnknownIdLearnsNothing() throws Exception {
        try (RawClient stream = new RawClient(server.port()); RawClient stranger = new RawClient(server.port())) {
            HelloOk ok = (HelloOk) stream.handshake(SECRET, "sydney");
            stream.send(new Echo(1, WallClock.nanos(), 0));
            stream.read();
            assertThat(stranger.handshake(SECRET, "frankfurt")).isInstanceOf(HelloOk.class);
            PeerInfoReply other = ask(stranger, PeerInfo.ofSnapshots(ok.connectionId(), 0, Long.MAX_VALUE, 8));
            assertThat(other.status()).isEqualTo(Status.UNKNOWN_CONNECTION);
            assertThat(other.snapshots()).isEmpty();
            assertThat(other.authenticatedAtEpochNanos()).isZero();
            PeerInfoReply unknown = ask(stranger, PeerInfo.ofSnapshots(ok.connectionId() ^ 1, 0, Long.MAX_VALUE, 8));
            assertThat(unknown.status()).isEqualTo(Status.UNKNOWN_CONNECTION);
        }
        assertThat(new ResponderConfiguration().responderHealthIndicator(server).health().getDetails())
                .containsEntry("peerInfo", Map.of("ok", 0L, "unknownConnection", 2L, "noTcpInfo", 0L));
    }

    @Test
    void aPeerInfoBeforeHelloIsRefused() throws Exception {
        try (RawClient client = new RawClient(server.port())) {
            client.send(PeerInfo.ofSnapshots(1, 0, Long.MAX_VALUE, 8));
            assertThat(client.read()).isEqualTo(new ErrorFrame(ErrorCode.NOT_AUTHENTICATED));
            assertThat(client.closedByPeer()).isTrue();
        }
    }

    @Test
    void aPeerInfoTooShortForAnyReplyIsMalformed() throws Exception {
        try (RawClient client = new RawClient(server.port())) {
            client.handshake(SECRET, "sydney");
            // a body of 25 bytes (padding 1): PeerInfo itself refuses to be built so, so the bytes go raw
            byte[] frame = new byte[4 + 25];
            frame[0] = 2;
            frame[1] = 6;
            frame[3] = 25;
            frame[11] = 1;
            client.sendRaw(frame);
            assertThat(client.read()).isEqualTo(new ErrorFrame(ErrorCode.MALFORMED));
            assertThat(client.closedByPeer()).isTrue();
        }
    }

    @Test
    void aClosedConnectionStillAnswersWithWhenItClosed() throws Exception {
        try (RawClient asker = new RawClient(server.port())) {
            assertThat(asker.handshake(SECRET, "sydney")).isInstanceOf(HelloOk.class);
            long id;
            long from = WallClock.nanos();
            try (RawClient stream = new RawClient(server.port())) {
                id = ((HelloOk) stream.handshake(SECRET, "sydney")).connectionId();
                for (int seq = 0; seq < 3; seq++) {
                    stream.send(new Echo(seq, WallClock.nanos(), 0));
                    stream.read();
                }
            }
            long closedBefore = WallClock.nanos();
            List<PeerInfoReply> replies = new ArrayList<>();
            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50)).until(() -> {
                PeerInfoReply reply = ask(asker, PeerInfo.ofSnapshots(id, from, Long.MAX_VALUE, 8));
                replies.add(reply);
                return reply.closedAtEpochNanos() != 0;
            });
            PeerInfoReply closed = replies.get(replies.size() - 1);
            assertThat(closed.closedAtEpochNanos()).isGreaterThanOrEqualTo(closed.authenticatedAtEpochNanos()).isLessThanOrEqualTo(WallClock.nanos());
            assertThat(closed.closedAtEpochNanos()).isGreaterThan(from);
            if (epoll()) {
                assertThat(closed.status()).isEqualTo(Status.OK);
                assertThat(closed.snapshots()).as("the first echo's, the later two within 100 ms of it").isNotEmpty();
                assertThat(closed.snapshots()).allSatisfy(s -> assertThat(s.takenAtEpochNanos()).isLessThan(closedBefore));
            } else {
                assertThat(closed.status()).isEqualTo(Status.NO_TCP_INFO);
            }
        }
    }

    @Test
    void aSilentConnectionIsSnapshotAboutEveryHalfSecond() throws Exception {
        assumeThat(epoll()).as("TCP_INFO needs native epoll").isTrue();
        try (RawClient silent = new RawClient(server.port()); RawClient asker = new RawClient(server.port())) {
            long id = ((HelloOk) silent.handshake(SECRET, "sydney")).connectionId();
            assertThat(asker.handshake(SECRET, "sydney")).isInstanceOf(HelloOk.class);
            List<TcpSnapshot> seen = new ArrayList<>();
            await().atMost(Duration.ofSeconds(6)).pollInterval(Duration.ofMillis(250)).until(() -> {
                seen.clear();
                seen.addAll(ask(asker, PeerInfo.ofSnapshots(id, 0, Long.MAX_VALUE, 64)).snapshots());
                return seen.size() >= 5;
            });
            List<Long> gaps = new ArrayList<>();
            for (int i = 1; i < seen.size(); i++) {
                gaps.add((seen.get(i).takenAtEpochNanos() - seen.get(i - 1).takenAtEpochNanos()) / MS);
            }
            assertThat(gaps).as("milliseconds between snapshots").allSatisfy(g -> assertThat(g).isBetween(440L, 1_100L));
            assertThat(gaps.stream().sorted().toList().get(gaps.size() / 2)).as("the median gap").isBetween(440L, 650L);
            assertThat(seen).allSatisfy(s -> assertThat(s.state()).isEqualTo(TcpSnapshot.STATE_ESTABLISHED));
            assertThat(server.snapshotTasks()).as("one task for the one I/O thread, not one per connection").isEqualTo(1);
        }
    }
}
