package io.pathwatch.path;

import java.util.List;

/**
 * Where one stall was, and why we think so.
 *
 * @param subject           a hang of the stream, or a failed cycle
 * @param startNanos        for a hang, its start as {@link ProbeListener#hangStarted} gave it (monotonic); for a cycle, when it failed
 * @param startEpochNanos   the same on the wall clock
 * @param durationNanos     how long it lasted (so far, for an open hang)
 * @param open              the hang is still open: this is a provisional view, and a settled one follows
 * @param cause             the cause
 * @param sentence          one sentence for people, e.g. "hang 4.0 s: replies not delivered. The responder retransmitted 3
 *                          times; our requests were acknowledged."
 * @param evidence          the facts that decided it, from which end
 * @param missing           what evidence was missing (empty when none was), e.g. "the responder could not be reached for PEER_INFO"
 */
public record StallAttribution(Subject subject, long startNanos, long startEpochNanos, long durationNanos, boolean open,
                               StallCause cause, String sentence, List<StallEvidence> evidence, String missing) {

    public enum Subject { HANG, CYCLE }

    public StallAttribution {
        evidence = List.copyOf(evidence);
        missing = missing == null ? "" : missing;
    }

    /** Settled: the hang has ended (or it is a cycle), so counters may count it. */
    public boolean settled() {
        return !open;
    }
}
