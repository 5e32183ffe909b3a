package io.pathwatch.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FrameCodecTest {

    private static final int MAX = 16384;
    private final List<ByteBuf> created = new ArrayList<>();

    static Stream<Frame> everyFrameType() {
        byte[] token = new byte[Protocol.TOKEN_BYTES];
        for (int i = 0; i < token.length; i++) {
            token[i] = (byte) (i * 7 + 3);
        }
        return Stream.of(
                Hello.request("consumer-ap-southeast-2", token),
                Hello.challenge(token),
                Hello.proof(token, "agent-ü"),
                new HelloOk(true, 0, new byte[Protocol.RESPONDER_PROOF_BYTES]),
                new HelloOk(false, 0x0123456789abcdefL, java.util.Arrays.copyOf(token, Protocol.RESPONDER_PROOF_BYTES)),
                new Echo(42, 1_764_000_000_123_456_789L, 0),
                Echo.ofFrameSize(7, 123, 1400),
                new EchoReply(9, 1, 2, 3, 100),
                new ErrorFrame(ErrorCode.AUTH_FAILED),
                new PeerInfo(0x0123456789abcdefL, 1_764_000_000_000_000_000L, 1_764_000_004_000_000_000L, 10),
                PEER_INFO,
                PeerInfoReply.to(PEER_INFO, PeerInfoReply.Status.OK, 1_763_999_990_000_000_000L, 0, SNAPSHOTS),
                PeerInfoReply.to(PEER_INFO, PeerInfoReply.Status.NO_TCP_INFO, 5, 6, 7, List.of()),
                PeerInfoReply.to(PEER_INFO, PeerInfoReply.Status.UNKNOWN_CONNECTION, 0, 0, List.of()));
    }

    private static final PeerInfo PEER_INFO = PeerInfo.ofSnapshots(-2, 1_764_000_000_000_000_000L, 1_764_000_004_000_000_000L, 5);
    /** Every field different, the unsigned 32-bit ones up to their top. */
    private static final List<TcpSnapshot> SNAPSHOTS = List.of(
            new TcpSnapshot(1_764_000_000_500_000_000L, 1, 0, 0, 204_000, 31_000, 2_500, 10, 0, 0, 0, 3, 2, 1),
            new TcpSnapshot(1_764_000_001_000_000_000L, 1, 3, 2, 816_000, 32_000, 9_000, 1, 4, 2, 7, 1_400, 900, 1_500),
            new TcpSnapshot(1_764_000_002_000_000_000L, 7, 255, 255, 0xFFFF_FFFFL, 0xFFFF_FFFEL, 1, 2, 3, 4, 5, 6, 7, 0xFFFF_FFFFL));

    @AfterEach
    void everyBufferIsReleased() {
        assertThat(created).allSatisfy(b -> assertThat(b.refCnt()).as("buffer released").isZero());
    }

    @ParameterizedTest
    @MethodSource("everyFrameType")
    void everyFrameTypeRoundTrips(Frame frame) {
        EmbeddedChannel out = new EmbeddedChannel(FrameEncoder.INSTANCE);
        assertThat(out.writeOutbound(frame)).isTrue();
        ByteBuf encoded = out.readOutbound();
        assertThat(encoded.readableBytes()).isEqualTo(frame.wireSize());

        EmbeddedChannel in = new EmbeddedChannel(new FrameDecoder(MAX));
        assertThat(in.writeInbound(track(encoded))).isTrue();
        Frame decoded = in.readInbound();
        assertThat(decoded).isEqualTo(frame);
        assertThat(in.finish()).isFalse();
        assertThat(out.finish()).isFalse();
    }

    @ParameterizedTest
    @MethodSource("everyFrameType")
    void aFrameSplitAtEveryByteBoundaryDecodes(Frame frame) {
        byte[] bytes = bytes(frame);
        for (int split = 1; split < bytes.length; split++) {
            EmbeddedChannel in = new EmbeddedChannel(new FrameDecoder(MAX));
            in.writeInbound(track(Unpooled.copiedBuffer(bytes, 0, split)));
            assertThat((Object) in.readInbound()).as("nothing before the whole frame (split %d)", split).isNull();
            in.writeInbound(track(Unpooled.copiedBuffer(bytes, split, bytes.length - split)));
            assertThat((Frame) in.readInbound()).as("split at %d", split).isEqualTo(frame);
            assertThat(in.finish()).isFalse();
        }
    }

    @Test
    void twoFramesInOneBufferBothDecode() {
        byte[] a = bytes(new Echo(1, 10, 4));
        byte[] b = bytes(new Echo(2, 20, 0));
        ByteBuf both = Unpooled.buffer().writeBytes(a).writeBytes(b);
        EmbeddedChannel in = new EmbeddedChannel(new FrameDecoder(MAX));
        in.writeInbound(track(both));
        assertThat((Frame) in.readInbound()).isEqualTo(new Echo(1, 10, 4));
        assertThat((Frame) in.readInbound()).isEqualTo(new Echo(2, 20, 0));
        assertThat(in.finish()).isFalse();
    }

    static Stream<Arguments> malformedInput() {
        return Stream.of(
                Arguments.of("version 1 (a peer of the old protocol)", new byte[] {1, 3, 0, 32}, ErrorCode.BAD_VERSION),
                Arguments.of("unknown type", new byte[] {2, 99, 0, 1, 0}, ErrorCode.UNKNOWN_TYPE),
                Arguments.of("PEER_INFO too short", new byte[] {2, 6, 0, 1, 0}, ErrorCode.MALFORMED),
                Arguments.of("type 8, unknown", new byte[] {2, 8, 0, 1, 0}, ErrorCode.UNKNOWN_TYPE),
                Arguments.of("oversize length", new byte[] {2, 3, (byte) 0xFF, (byte) 0xFF}, ErrorCode.FRAME_TOO_LONG),
                Arguments.of("ECHO shorter than its fixed part", new byte[] {2, 3, 0, 8, 0, 0, 0, 0, 0, 0, 0, 0}, ErrorCode.MALFORMED),
                Arguments.of("HELLO_OK with a short body", new byte[] {2, 2, 0, 2, 0, 0}, ErrorCode.MALFORMED),
                Arguments.of("HELLO with a wrong name length", helloWithNameLength(5, 2), ErrorCode.MALFORMED),
                Arguments.of("HELLO with an unknown step", helloWithStep(9), ErrorCode.MALFORMED),
                Arguments.of("garbage", "GET / HTTP/1.1\r\n\r\n".getBytes(), ErrorCode.BAD_VERSION),
                Arguments.of("a TLS ClientHello", new byte[] {0x16, 0x03, 0x01, 0x02, 0x00}, ErrorCode.BAD_VERSION));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedInput")
    void malformedInputIsRejectedWithItsErrorCode(String what, byte[] input, ErrorCode expected) {
        EmbeddedChannel in = new EmbeddedChannel(new FrameDecoder(MAX));
        assertThatThrownBy(() -> in.writeInbound(track(Unpooled.copiedBuffer(input))))
                .isInstanceOf(ProtocolViolation.class)
                .satisfies(e -> assertThat(((ProtocolViolation) e).code()).isEqualTo(expected));
        // everything after a violation is discarded, never decoded
        in.writeInbound(track(Unpooled.copiedBuffer(bytes(new Echo(1, 1, 0)))));
        assertThat((Object) in.readInbound()).isNull();
        in.finishAndReleaseAll();
    }

    @Test
    void aLengthAboveTheLimitIsRejectedFromTheHeaderAlone() {
        EmbeddedChannel in = new EmbeddedChannel(new FrameDecoder(100));
        byte[] header = {Protocol.VERSION, 3, 0, 97}; // 4 + 97 = 101 > 100, and no body has arrived yet
        assertThatThrownBy(() -> in.writeInbound(track(Unpooled.copiedBuffer(header))))
                .isInstanceOf(ProtocolViolation.class);
        in.finishAndReleaseAll();
    }

    @Test
    void aPeerInfoReplyIsExactlyAsLargeAsItsRequestWhateverItCarries() {
        assertThat(PEER_INFO.room()).isEqualTo(5);
        for (int n = 0; n <= PEER_INFO.room(); n++) {
            PeerInfoReply reply = PeerInfoReply.to(PEER_INFO, PeerInfoReply.Status.OK, 1, 0, java.util.Collections.nCopies(n, SNAPSHOTS.get(0)));
            assertThat(bytes(reply)).as("%d snapshots", n).hasSize(PEER_INFO.wireSize());
        }
        assertThatThrownBy(() -> PeerInfoReply.to(PEER_INFO, PeerInfoReply.Status.OK, 1, 0, java.util.Collections.nCopies(6, SNAPSHOTS.get(0))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aPeerInfoReplyAnnouncingMoreSnapshotsThanItsLengthHoldsIsMalformed() {
        byte[] reply = bytes(PeerInfoReply.to(PEER_INFO, PeerInfoReply.Status.OK, 1, 0, SNAPSHOTS));
        int countAt = Protocol.HEADER_BYTES + Protocol.PEER_INFO_REPLY_FIXED_BODY - 1;
        assertThat(reply[countAt]).isEqualTo((byte) 3);
        reply[countAt] = 6; // room for 5 in the body
        EmbeddedChannel in = new EmbeddedChannel(new FrameDecoder(MAX));
        assertThatThrownBy(() -> in.writeInbound(track(Unpooled.copiedBuffer(reply))))
                .isInstanceOf(ProtocolViolation.class)
                .satisfies(e -> assertThat(((ProtocolViolation) e).code()).isEqualTo(ErrorCode.MALFORMED));
        assertThat((Object) in.readInbound()).isNull();
        in.finishAndReleaseAll();
    }

    @Test
    void anEchoReplyIsExactlyAsLargeAsItsEcho() {
        Echo echo = Echo.ofFrameSize(3, 99, 512);
        assertThat(echo.wireSize()).isEqualTo(512);
        assertThat(bytes(echo.reply(100, 101))).hasSize(512);
    }

    @Test
    void theHandshakeRepliesAreNoLargerThanTheirRequests() {
        Hello request = Hello.request("");
        Hello challenge = Hello.challenge(HelloAuth.newNonce());
        Hello proof = Hello.proof(new byte[32], "");
        assertThat(challenge.wireSize()).isLessThanOrEqualTo(request.wireSize());
        assertThat(new HelloOk(false, 1, new byte[Protocol.RESPONDER_PROOF_BYTES]).wireSize()).isLessThan(proof.wireSize());
        assertThat(new ErrorFrame(ErrorCode.MALFORMED).wireSize()).isEqualTo(Protocol.ERROR_FRAME);
    }

    @Test
    void eachEndsProofVerifiesOnlyWithTheSameSecretBothNoncesAndTheName() {
        HelloAuth alice = new HelloAuth("s3cret");
        byte[] pn = HelloAuth.newNonce();
        byte[] rn = HelloAuth.newNonce();
        Hello proof = Hello.proof(alice.proberProof(pn, rn, "agent-a"), "agent-a");
        assertThat(alice.verifyProber(pn, rn, proof)).isEqualTo(HelloAuth.Key.CURRENT);
        assertThat(new HelloAuth("other").verifyProber(pn, rn, proof)).isNull();
        assertThat(alice.verifyProber(HelloAuth.newNonce(), rn, proof)).as("the prober's nonce is covered").isNull();
        assertThat(alice.verifyProber(pn, HelloAuth.newNonce(), proof)).as("the responder's nonce is covered").isNull();
        assertThat(alice.verifyProber(pn, rn, Hello.proof(proof.token(), "agent-b"))).as("name is covered by the MAC").isNull();
        assertThat(new HelloAuth("").verifyProber(pn, rn, Hello.proof(new byte[32], "x"))).as("open responder").isEqualTo(HelloAuth.Key.CURRENT);

        long id = 42;
        HelloOk ok = new HelloOk(false, id, alice.responderProof(HelloAuth.Key.CURRENT, pn, rn, id, "agent-a"));
        assertThat(alice.verifyResponder(pn, rn, ok, "agent-a")).isTrue();
        assertThat(new HelloAuth("other").verifyResponder(pn, rn, ok, "agent-a")).isFalse();
        assertThat(alice.verifyResponder(pn, rn, new HelloOk(false, id + 1, ok.proof()), "agent-a")).as("the connection id is covered").isFalse();
        assertThat(alice.verifyResponder(pn, rn, ok, "agent-b")).isFalse();
        assertThat(alice.verifyResponder(rn, pn, ok, "agent-a")).as("the roles are not interchangeable").isFalse();
        // a responder's proof is no prober's proof: the labels differ
        assertThat(java.util.Arrays.copyOf(alice.proberProof(pn, rn, "agent-a"), Protocol.RESPONDER_PROOF_BYTES)).isNotEqualTo(ok.proof());
        assertThat(new HelloAuth("").verifyResponder(pn, rn, ok, "agent-a")).as("an open prober checks nothing").isFalse();
    }

    @Test
    void duringARotationTheOldSecretIsAcceptedAndAnsweredInKind() {
        HelloAuth rotated = new HelloAuth("new", "old");
        HelloAuth notYet = new HelloAuth("old");
        byte[] pn = HelloAuth.newNonce();
        byte[] rn = HelloAuth.newNonce();
        Hello oldProof = Hello.proof(notYet.proberProof(pn, rn, "a"), "a");
        HelloAuth.Key key = rotated.verifyProber(pn, rn, oldProof);
        assertThat(key).isEqualTo(HelloAuth.Key.PREVIOUS);
        HelloOk ok = new HelloOk(false, 7, rotated.responderProof(key, pn, rn, 7, "a"));
        assertThat(notYet.verifyResponder(pn, rn, ok, "a")).as("the old-secret prober can check the answer").isTrue();
        // and a prober that rotated first still accepts a responder that has not
        HelloOk fromOld = new HelloOk(false, 8, notYet.responderProof(HelloAuth.Key.CURRENT, pn, rn, 8, "a"));
        assertThat(rotated.verifyResponder(pn, rn, fromOld, "a")).isTrue();
        assertThat(new HelloAuth("new").verifyProber(pn, rn, oldProof)).as("without the previous secret").isNull();
    }

    private ByteBuf track(ByteBuf b) {
        created.add(b);
        return b;
    }

    private static byte[] bytes(Frame frame) {
        ByteBuf buf = Unpooled.buffer();
        FrameEncoder.write(frame, buf);
        byte[] bytes = new byte[buf.readableBytes()];
        buf.readBytes(bytes);
        buf.release();
        return bytes;
    }

    private static byte[] helloWithNameLength(int declared, int actual) {
        byte[] b = new byte[4 + Protocol.HELLO_MIN_BODY + actual];
        b[0] = Protocol.VERSION;
        b[1] = 1;
        b[3] = (byte) (Protocol.HELLO_MIN_BODY + actual);
        b[4] = 1;
        b[4 + 33] = (byte) declared;
        return b;
    }

    private static byte[] helloWithStep(int step) {
        byte[] b = helloWithNameLength(0, 0);
        b[4] = (byte) step;
        return b;
    }
}
