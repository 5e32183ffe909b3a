package io.pathwatch.responder;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.pathwatch.config.ResponderProperties;
import io.pathwatch.config.ResponderTlsProperties;
import io.pathwatch.testing.RawClient;
import io.pathwatch.wire.Echo;
import io.pathwatch.wire.EchoReply;
import io.pathwatch.wire.ErrorCode;
import io.pathwatch.wire.ErrorFrame;
import io.pathwatch.wire.Frame;
import io.pathwatch.wire.FrameEncoder;
import io.pathwatch.wire.HelloOk;
import io.pathwatch.wire.WallClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ResponderServerTest {

    private static final String SECRET = "shared-secret";
    private final List<ResponderServer> servers = new ArrayList<>();

    @AfterEach
    void stop() {
        servers.forEach(ResponderServer::stop);
    }

    private ResponderServer start(int maxConnections, int maxFramesPerSecond, Duration idle) {
        ResponderProperties props = new ResponderProperties(true, "127.0.0.1", 0, 16384, maxConnections, 1024, Duration.ofSeconds(3), Duration.ofSeconds(10), idle,
                maxFramesPerSecond, 1, new ResponderTlsProperties(false, "", "", "PKCS12"), ResponderProperties.ProxyProtocol.OFF, java.util.List.of());
        ResponderServer server = new ResponderServer(props, SECRET);
        server.start();
        servers.add(server);
        return server;
    }

    private ResponderServer start() {
        return start(16, 1000, Duration.ofSeconds(30));
    }

    @Test
    void anAuthenticatedEchoComesBackTheSameSizeWithReceiveAndSendTimes() throws Exception {
        ResponderServer server = start();
        try (RawClient client = new RawClient(server.port())) {
            assertThat(client.handshake(SECRET, "test")).isInstanceOfSatisfying(HelloOk.class, ok -> assertThat(ok.open()).isFalse());
            long before = WallClock.nanos();
            Echo echo = Echo.ofFrameSize(7, before, 1000);
            client.send(echo);
            EchoReply reply = (EchoReply) client.read();
            long after = WallClock.nanos();
            assertThat(client.lastFrameBytes()).isEqualTo(1000);
            assertThat(reply.sequence()).isEqualTo(7);
            assertThat(reply.t1()).isEqualTo(before);
            assertThat(reply.t2()).isBetween(before, after);
            assertThat(reply.t3()).isBetween(reply.t2(), after);
        }
        assertThat(server.echoes()).isEqualTo(1);
    }

    @Test
    void aWrongSecretIsAnsweredWithAuthFailedAndTheConnectionCloses() throws Exception {
        ResponderServer server = start();
        try (RawClient client = new RawClient(server.port())) {
            assertThat(client.handshake("not-the-secret", "intruder")).isEqualTo(new ErrorFrame(ErrorCode.AUTH_FAILED));
            assertThat(client.closedByPeer()).isTrue();
        }
        assertThat(server.authFailures()).isEqualTo(1);
    }

    @Test
    void anEchoBeforeHelloIsRefused() throws Exception {
        ResponderServer server = start();
        try (RawClient client = new RawClient(server.port())) {
            client.send(new Echo(1, 1, 0));
            assertThat(client.read()).isEqualTo(new ErrorFrame(ErrorCode.NOT_AUTHENTICATED));
            assertThat(client.closedByPeer()).isTrue();
        }
    }

    @Test
    void eachKindOfMalformedInputClosesTheConnectionWithItsError() throws Exception {
        ResponderServer server = start();
        byte[][] inputs = {
                {1, 3, 0, 32, 0},                          // version 1: a peer of the old protocol
                {2, 77, 0, 1, 0},                          // unknown type
                {2, 3, (byte) 0xFF, (byte) 0xF0, 0},       // length above max-frame-bytes
                "garbage that is not a frame".getBytes(),  // garbage
                {2, 3, 0, 4, 0, 0, 0, 0},                  // ECHO too short for its fields
        };
        ErrorCode[] expected = {ErrorCode.BAD_VERSION, ErrorCode.UNKNOWN_TYPE, ErrorCode.FRAME_TOO_LONG, ErrorCode.BAD_VERSION, ErrorCode.MALFORMED};
        for (int i = 0; i < inputs.length; i++) {
            try (RawClient client = new RawClient(server.port())) {
                client.sendRaw(inputs[i]);
                assertThat(client.read()).as("input %d", i).isEqualTo(new ErrorFrame(expected[i]));
                assertThat(client.closedByPeer()).as("input %d", i).isTrue();
            }
        }
        assertThat(stillAnswers(server)).isTrue();
    }

    @Test
    void inputShorterThanAnErrorFrameIsClosedWithoutAReply() throws Exception {
        ResponderServer server = start();
        try (RawClient client = new RawClient(server.port())) {
            client.sendRaw(new byte[] {(byte) 0x80});
            assertThat(client.closedByPeer()).isTrue();
        }
    }

    @Test
    void connectionsAboveTheLimitAreClosed() throws Exception {
        ResponderServer server = start(2, 1000, Duration.ofSeconds(30));
        try (RawClient a = new RawClient(server.port()); RawClient b = new RawClient(server.port())) {
            assertThat(a.handshake(SECRET, "a")).isInstanceOf(HelloOk.class);
            assertThat(b.handshake(SECRET, "b")).isInstanceOf(HelloOk.class);
            try (RawClient c = new RawClient(server.port())) {
                assertThat(c.closedByPeer()).isTrue();
            }
            assertThat(server.rejectedConnections()).isEqualTo(1);
        }
    }

    @Test
    void aConnectionSendingTooFastIsCut() throws Exception {
        ResponderServer server = start(16, 5, Duration.ofSeconds(30));
        try (RawClient client = new RawClient(server.port())) {
            client.handshake(SECRET, "fast"); // 2 frames
            // ten echoes in one write: the responder closes mid-way, and a later write would hit a broken pipe
            ByteBuf burst = Unpooled.buffer();
            for (int i = 0; i < 10; i++) {
                FrameEncoder.write(new Echo(i, 0, 0), burst);
            }
            byte[] bytes = new byte[burst.readableBytes()];
            burst.readBytes(bytes);
            burst.release();
            client.sendRaw(bytes);
            List<Frame> got = new ArrayList<>();
            Frame f;
            do {
                f = client.read();
                got.add(f);
            } while (f instanceof EchoReply && got.size() < 10);
            assertThat(got).hasSize(4).last().isEqualTo(new ErrorFrame(ErrorCode.RATE_LIMITED));
            assertThat(client.closedByPeer()).isTrue();
        }
    }

    @Test
    void anIdleConnectionIsClosed() throws Exception {
        ResponderServer server = start(16, 1000, Duration.ofSeconds(1));
        try (RawClient client = new RawClient(server.port())) {
            long start = System.nanoTime();
            assertThat(client.closedByPeer()).isTrue();
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isBetween(800L, 4000L);
        }
        assertThat(server.idleClosed()).isEqualTo(1);
        assertThat(server.connectionsAccepted()).isEqualTo(1);
    }

    private static boolean stillAnswers(ResponderServer server) throws Exception {
        try (RawClient client = new RawClient(server.port())) {
            client.handshake(SECRET, "after");
            client.send(new Echo(1, 1, 0));
            return client.read() instanceof EchoReply;
        }
    }
}
