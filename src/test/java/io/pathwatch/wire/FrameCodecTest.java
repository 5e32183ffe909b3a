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
                Hello.request("consumer-ap-southeast-2"),
                Hello.challenge(token),
                Hello.proof(token, "agent-ü"),
                new HelloOk(true),
                new HelloOk(false),
                new Echo(42, 1_764_000_000_123_456_789L, 0),
                Echo.ofFrameSize(7, 123, 1400),
                new EchoReply(9, 1, 2, 3, 100),
                new ErrorFrame(ErrorCode.AUTH_FAILED));
    }

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
                Arguments.of("bad version", new byte[] {2, 3, 0, 32}, ErrorCode.BAD_VERSION),
                Arguments.of("unknown type", new byte[] {1, 99, 0, 1, 0}, ErrorCode.UNKNOWN_TYPE),
                Arguments.of("oversize length", new byte[] {1, 3, (byte) 0xFF, (byte) 0xFF}, ErrorCode.FRAME_TOO_LONG),
                Arguments.of("ECHO shorter than its fixed part", new byte[] {1, 3, 0, 8, 0, 0, 0, 0, 0, 0, 0, 0}, ErrorCode.MALFORMED),
                Arguments.of("HELLO_OK with a long body", new byte[] {1, 2, 0, 2, 0, 0}, ErrorCode.MALFORMED),
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
        byte[] header = {1, 3, 0, 97}; // 4 + 97 = 101 > 100, and no body has arrived yet
        assertThatThrownBy(() -> in.writeInbound(track(Unpooled.copiedBuffer(header))))
                .isInstanceOf(ProtocolViolation.class);
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
        assertThat(new HelloOk(false).wireSize()).isLessThan(proof.wireSize());
        assertThat(new ErrorFrame(ErrorCode.MALFORMED).wireSize()).isEqualTo(Protocol.ERROR_FRAME);
    }

    @Test
    void proofsVerifyOnlyWithTheSameSecretAndNonce() {
        HelloAuth alice = new HelloAuth("s3cret");
        byte[] nonce = HelloAuth.newNonce();
        Hello proof = Hello.proof(alice.proof(nonce, "agent-a"), "agent-a");
        assertThat(alice.verify(nonce, proof)).isTrue();
        assertThat(new HelloAuth("other").verify(nonce, proof)).isFalse();
        assertThat(alice.verify(HelloAuth.newNonce(), proof)).isFalse();
        assertThat(alice.verify(nonce, Hello.proof(proof.token(), "agent-b"))).as("name is covered by the MAC").isFalse();
        assertThat(new HelloAuth("").verify(nonce, Hello.proof(new byte[32], "x"))).as("open responder").isTrue();
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
        b[0] = 1;
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
