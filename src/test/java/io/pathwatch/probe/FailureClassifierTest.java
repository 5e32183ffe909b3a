package io.pathwatch.probe;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.NotSslRecordException;
import io.netty.channel.ChannelException;
import io.pathwatch.path.FailureKind;
import io.pathwatch.path.LocalCause;
import io.pathwatch.path.Phase;
import io.pathwatch.wire.ErrorCode;
import io.pathwatch.wire.ProtocolViolation;
import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.util.stream.Stream;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What Netty's native transport and the JDK throw, as seen in the socket tests, plus the kinds
 * loopback cannot provoke (no route, network unreachable).
 */
class FailureClassifierTest {

    static Stream<Arguments> failures() {
        return Stream.of(
                Arguments.of(new UnknownHostException("x.invalid"), Phase.DNS, FailureKind.DNS_ERROR),
                Arguments.of(new ConnectException("connect(..) failed: Connection refused"), Phase.CONNECT, FailureKind.REFUSED),
                Arguments.of(new ConnectTimeoutException("connection timed out"), Phase.CONNECT, FailureKind.TIMEOUT),
                Arguments.of(new NoRouteToHostException("No route to host"), Phase.CONNECT, FailureKind.UNREACHABLE),
                Arguments.of(new ConnectException("connect(..) failed: Network is unreachable"), Phase.CONNECT, FailureKind.UNREACHABLE),
                Arguments.of(new ConnectException("connect(..) failed: Host is unreachable"), Phase.CONNECT, FailureKind.UNREACHABLE),
                Arguments.of(new IOException("recvAddress(..) failed: Connection reset by peer"), Phase.ECHO, FailureKind.RESET),
                Arguments.of(new IOException("writevAddresses(..) failed: Broken pipe"), Phase.HELLO, FailureKind.RESET),
                Arguments.of(new ClosedChannelException(), Phase.ECHO, FailureKind.RESET),
                Arguments.of(new DecoderException(new SSLHandshakeException("PKIX path building failed")), Phase.TLS, FailureKind.TLS_ERROR),
                Arguments.of(new NotSslRecordException("not an SSL/TLS record"), Phase.TLS, FailureKind.TLS_ERROR),
                Arguments.of(new ClosedChannelException(), Phase.TLS, FailureKind.TLS_ERROR),
                Arguments.of(new ProtocolViolation(ErrorCode.BAD_VERSION, "version 9"), Phase.HELLO, FailureKind.PROTOCOL_ERROR));
    }

    @ParameterizedTest(name = "{0} in {1} is {2}")
    @MethodSource("failures")
    void classifies(Throwable error, Phase phase, FailureKind expected) {
        Failure f = FailureClassifier.classify(error, phase);
        assertThat(f.kind()).isEqualTo(expected);
        assertThat(f.phase()).isEqualTo(phase);
        assertThat(f.detail()).isNotBlank();
    }

    /**
     * The agent's own errno, in the texts Netty's native transport ({@code method(..) failed: strerror}),
     * the JDK's NIO and Netty's resolver give it: a local error whatever the phase and the exception's
     * type, and the detail names the errno so the agent can count it.
     */
    static Stream<Arguments> localErrors() {
        return Stream.of(
                // as LocalPortExhaustionTest's prober and hog got them from the kernel
                Arguments.of(new ConnectException("connect(..) failed with error(-99): Cannot assign requested address: 127.0.0.1/127.0.0.1:7100"),
                        Phase.CONNECT, LocalCause.EADDRNOTAVAIL),
                Arguments.of(new ConnectException("connect(..) failed: Cannot assign requested address"), Phase.CONNECT, LocalCause.EADDRNOTAVAIL),
                Arguments.of(new BindException("Cannot assign requested address"), Phase.CONNECT, LocalCause.EADDRNOTAVAIL),
                Arguments.of(new IOException("connection attempt failed", new BindException("Cannot assign requested address")), Phase.CONNECT,
                        LocalCause.EADDRNOTAVAIL),
                Arguments.of(new IOException("Too many open files"), Phase.CONNECT, LocalCause.EMFILE),
                Arguments.of(new ChannelException(new IOException("newSocketStream(..) failed: Too many open files")), Phase.CONNECT,
                        LocalCause.EMFILE),
                Arguments.of(new IOException("newSocketStream(..) failed: Too many open files in system"), Phase.CONNECT, LocalCause.ENFILE),
                Arguments.of(new UnknownHostException("failed to resolve 'example.org'") {
                    {
                        initCause(new ChannelException(new IOException("newSocketDgram(..) failed: Too many open files")));
                    }
                }, Phase.DNS, LocalCause.EMFILE),
                Arguments.of(new IOException("writevAddresses(..) failed: No buffer space available"), Phase.ECHO, LocalCause.ENOBUFS),
                Arguments.of(new IOException("sendmsg(..) failed: No buffer space available"), Phase.HELLO, LocalCause.ENOBUFS),
                Arguments.of(new ConnectException("connect(..) failed: Cannot allocate memory"), Phase.CONNECT, LocalCause.ENOMEM),
                Arguments.of(new DecoderException(new IOException("Cannot allocate memory")), Phase.TLS, LocalCause.ENOMEM));
    }

    @ParameterizedTest(name = "{0} in {1} is a local error ({2})")
    @MethodSource("localErrors")
    void localErrnosAreTheAgentsNotThePaths(Throwable error, Phase phase, LocalCause cause) {
        Failure f = FailureClassifier.classify(error, phase);
        assertThat(f.kind()).isEqualTo(FailureKind.LOCAL_ERROR);
        assertThat(f.phase()).isEqualTo(phase);
        assertThat(LocalCause.in(f.detail())).as(f.detail()).isEqualTo(cause);
    }

    @ParameterizedTest
    @MethodSource("errorCodes")
    void theResponderErrorsMapToKinds(ErrorCode code, FailureKind expected) {
        assertThat(FailureClassifier.of(code)).isEqualTo(expected);
    }

    static Stream<Arguments> errorCodes() {
        return Stream.of(
                Arguments.of(ErrorCode.AUTH_FAILED, FailureKind.AUTH_REJECTED),
                Arguments.of(ErrorCode.NOT_AUTHENTICATED, FailureKind.AUTH_REJECTED),
                Arguments.of(ErrorCode.TOO_MANY_CONNECTIONS, FailureKind.REFUSED),
                Arguments.of(ErrorCode.MALFORMED, FailureKind.PROTOCOL_ERROR),
                Arguments.of(ErrorCode.RATE_LIMITED, FailureKind.PROTOCOL_ERROR));
    }
}
