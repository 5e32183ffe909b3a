package io.pathwatch.path;

/**
 * Where a stall was: the cause given to every hang of the stream, and to every cycle that failed
 * after connecting by {@code timeout} or {@code reset}. {@link #key()} is the name in JSON, alerts
 * and the {@code cause} tag; {@code docs/measurement.md} says how each is decided.
 */
public enum StallCause {
    /** The responder received nothing of ours after the stall began, while our data went unacknowledged: the request direction. */
    FORWARD_LOSS("forward_loss", "requests not delivered"),
    /** The responder kept receiving our requests, but its replies went unacknowledged: the reply direction. */
    REVERSE_LOSS("reverse_loss", "replies not delivered"),
    /** Our data went unacknowledged, and the responder's view that would tell the directions apart is missing. */
    FORWARD_OR_REVERSE_LOSS("forward_or_reverse_loss", "packets lost in one or both directions"),
    /** Every byte was acknowledged, yet no reply came: something above TCP held the data (far host, application, or a TCP-terminating middlebox). */
    FAR_END_STALL("far_end_stall", "held above TCP at the far end"),
    /** The connection was reset or closed by something on the way. */
    RESET("reset", "connection reset"),
    /** This prober itself lagged past its threshold while it waited. */
    LOCAL_OVERLOAD("local_overload", "this prober was overloaded"),
    /** Not enough evidence; the attribution says what was missing. */
    UNKNOWN("unknown", "cause unknown");

    private final String key;
    private final String phrase;

    StallCause(String key, String phrase) {
        this.key = key;
        this.phrase = phrase;
    }

    public String key() {
        return key;
    }

    /** A few words for a sentence: "hang 4.0 s: replies not delivered". */
    public String phrase() {
        return phrase;
    }
}
