package io.pathwatch.path;

import java.util.Objects;

/**
 * How a path's packets leave this host: the local address its connections bind before they
 * connect (so they take the interface and route that address belongs to) and the DSCP their IP
 * headers carry.
 *
 * @param sourceAddress an IP literal to bind, or null to let the kernel choose
 * @param dscp          0..63, written as IP_TOS (IPv6 traffic class) {@code dscp << 2}; 0 leaves the socket's default
 */
public record Egress(String sourceAddress, int dscp) {

    /** The kernel's choice of address, the default class of service. */
    public static final Egress DEFAULT = new Egress(null, 0);

    public Egress {
        if (dscp < 0 || dscp > 63) {
            throw new IllegalArgumentException("dscp must be 0..63, not " + dscp);
        }
        if (sourceAddress != null && sourceAddress.isBlank()) {
            sourceAddress = null;
        }
    }

    /** The IP_TOS byte: DSCP in the upper six bits, ECN bits left zero. */
    public int tos() {
        return dscp << 2;
    }

    public boolean isDefault() {
        return Objects.equals(this, DEFAULT);
    }

    @Override
    public String toString() {
        return (sourceAddress == null ? "" : "from " + sourceAddress) + (sourceAddress != null && dscp != 0 ? " " : "")
                + (dscp == 0 ? "" : "dscp " + dscp);
    }
}
