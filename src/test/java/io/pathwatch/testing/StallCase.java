package io.pathwatch.testing;

/**
 * The stalls of issue 13 that a test can provoke for real, each with the cause pathwatch must
 * give it. {@link #hang} cases are judged by the path's last hang; the others by the causes of the
 * cycles that failed after connecting.
 */
public enum StallCase {

    REVERSE_LOSS("reverse-loss", "only responder → prober dropped (nft, the stream's connection)", "reverse_loss", true, true),
    FORWARD_LOSS("forward-loss", "only prober → responder dropped (nft, the stream's connection)", "forward_loss", true, true),
    LINK_DOWN("link-down", "the veth link down (responder's end)", "forward_loss", true, true),
    LAB_STALL("lab-stall", "the lab holds the data of both directions (its sockets keep acknowledging)", "far_end_stall", false, true),
    STUNNEL_STALL("stunnel-stall", "stunnel client → lab (holding the data) → stunnel server", "far_end_stall", false, true),
    LAB_RESET("lab-reset", "the lab resets every connection after its first byte", "reset", false, false),
    CYCLE_FORWARD("cycle-forward-loss", "every connection's packets to the responder dropped from its first ECHO on, for 4 s (nft)",
            "forward_loss", true, false),
    CYCLE_REVERSE("cycle-reverse-loss", "every connection's packets from the responder dropped from its first ECHO_REPLY on, for 4 s (nft)",
            "reverse_loss", true, false);

    /** How long every impairment lasts (a reset: how long connections are reset). */
    public static final long IMPAIRED_MS = 4000;

    public final String key;
    public final String how;
    public final String expected;
    public final boolean netns;
    public final boolean hang;

    StallCase(String key, String how, String expected, boolean netns, boolean hang) {
        this.key = key;
        this.how = how;
        this.expected = expected;
        this.netns = netns;
        this.hang = hang;
    }
}
