package io.pathwatch.probe;

import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.NotSslRecordException;
import io.pathwatch.path.FailureKind;
import io.pathwatch.path.LocalCause;
import io.pathwatch.path.Phase;
import io.pathwatch.wire.ErrorCode;
import io.pathwatch.wire.ProtocolViolation;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Locale;
import javax.net.ssl.SSLException;

/**
 * Maps what Netty and the JDK throw to a {@link FailureKind}. Native transports report errno
 * text ("connect(..) failed: Connection refused"), so the message decides where the type cannot.
 * A local errno ({@link LocalCause}) wins over everything else: EADDRNOTAVAIL arrives as a
 * {@link ConnectException} or {@code BindException} in the connect phase, and would otherwise
 * read as the path being {@code unreachable}.
 */
final class FailureClassifier {

    private FailureClassifier() {
    }

    static Failure classify(Throwable error, Phase phase) {
        Throwable local = local(error);
        if (local != null) {
            // the throwable that carries the errno text names it in the detail, so the agent can count it by errno
            return new Failure(FailureKind.LOCAL_ERROR, phase, local.getClass().getSimpleName() + ": " + local.getMessage());
        }
        Throwable cause = unwrap(error);
        String message = String.valueOf(cause.getMessage()).toLowerCase(Locale.ROOT);
        String detail = cause.getClass().getSimpleName() + ": " + cause.getMessage();
        return new Failure(kind(cause, message, phase), phase, detail);
    }

    /** The kind an ERROR frame from the responder stands for. */
    static FailureKind of(ErrorCode code) {
        return switch (code) {
            case AUTH_FAILED, NOT_AUTHENTICATED -> FailureKind.AUTH_REJECTED;
            case TOO_MANY_CONNECTIONS -> FailureKind.REFUSED;
            default -> FailureKind.PROTOCOL_ERROR;
        };
    }

    private static FailureKind kind(Throwable cause, String message, Phase phase) {
        if (phase == Phase.DNS || cause instanceof UnknownHostException) {
            return FailureKind.DNS_ERROR;
        }
        if (cause instanceof ConnectTimeoutException || cause instanceof SocketTimeoutException || message.contains("timed out")) {
            return FailureKind.TIMEOUT;
        }
        if (cause instanceof SSLException || cause instanceof NotSslRecordException || phase == Phase.TLS) {
            return FailureKind.TLS_ERROR;
        }
        if (cause instanceof ProtocolViolation) {
            return FailureKind.PROTOCOL_ERROR;
        }
        if (cause instanceof NoRouteToHostException || message.contains("unreachable") || message.contains("no route")) {
            return FailureKind.UNREACHABLE;
        }
        if (message.contains("refused")) {
            return FailureKind.REFUSED;
        }
        if (message.contains("reset") || message.contains("broken pipe")) {
            return FailureKind.RESET;
        }
        if (cause instanceof ConnectException || phase == Phase.CONNECT) {
            return FailureKind.UNREACHABLE;
        }
        return cause instanceof IOException ? FailureKind.RESET : FailureKind.PROTOCOL_ERROR;
    }

    /** The error, or one of its causes, whose text names a local errno (a wrapper may carry it only in its cause); null if none. */
    private static Throwable local(Throwable error) {
        Throwable t = error;
        for (int depth = 0; t != null && depth < 8; depth++, t = t.getCause()) {
            if (LocalCause.in(t.getMessage()) != null) {
                return t;
            }
        }
        return null;
    }

    private static Throwable unwrap(Throwable error) {
        Throwable t = error;
        while ((t instanceof DecoderException || t.getClass() == RuntimeException.class) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
