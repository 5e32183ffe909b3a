package io.pathwatch.path;

import java.util.List;

/**
 * What one probe cycle measured. Phase times are nanoseconds, or -1 where the phase did not run
 * (TLS on a plain path, anything after a failure).
 *
 * @param lagNanos      how late the scheduler started this cycle against its intended time
 * @param dnsNanos      resolve time
 * @param connectNanos  SYN → established
 * @param tlsNanos      TLS handshake
 * @param echoes        the echoes that came back, in order
 * @param echoesPlanned echoes the cycle meant to send
 * @param echoesSent    echoes actually written (none when the cycle failed before its echoes)
 * @param echoesLost    echoes sent that did not come back because the cycle timed out or was reset
 *                      while waiting for them; an echo never sent is not lost
 * @param failure       null for a complete cycle
 * @param failedPhase   the phase that failed, or null
 * @param detail        the failure's message for logs, or null
 * @param address       the IP address the target resolved to, which the cycle connected to (or tried to); null when
 *                      resolving failed. A name that resolves to a new address shows here first.
 */
public record CycleOutcome(
        long lagNanos,
        long dnsNanos,
        long connectNanos,
        long tlsNanos,
        List<EchoSample> echoes,
        int echoesPlanned,
        int echoesSent,
        int echoesLost,
        FailureKind failure,
        Phase failedPhase,
        String detail,
        String address) {

    /** Without the address (tests that build outcomes by hand). */
    public CycleOutcome(long lagNanos, long dnsNanos, long connectNanos, long tlsNanos, List<EchoSample> echoes, int echoesPlanned,
            int echoesSent, int echoesLost, FailureKind failure, Phase failedPhase, String detail) {
        this(lagNanos, dnsNanos, connectNanos, tlsNanos, echoes, echoesPlanned, echoesSent, echoesLost, failure, failedPhase, detail, null);
    }

    public CycleOutcome {
        echoes = List.copyOf(echoes);
        if (echoesLost > echoesSent - echoes.size() || echoesLost < 0) {
            throw new IllegalArgumentException("lost " + echoesLost + " of " + echoesSent + " sent with " + echoes.size() + " back");
        }
    }

    public boolean succeeded() {
        return failure == null;
    }

    public boolean connected() {
        return connectNanos >= 0;
    }
}
