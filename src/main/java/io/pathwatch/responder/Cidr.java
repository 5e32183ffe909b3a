package io.pathwatch.responder;

import java.net.InetAddress;

/** An address block ({@code 10.0.8.0/22}, {@code fd00::/8}, or one address): who may send a PROXY header. */
record Cidr(byte[] network, int prefix) {

    /** Parses {@code address/prefix} or a single address; only literal addresses, never a name lookup. */
    static Cidr parse(String text) {
        String s = text.trim();
        int slash = s.indexOf('/');
        String address = slash < 0 ? s : s.substring(0, slash);
        // a literal only: InetAddress.getByName would read "10.8" as 10.0.0.8 and look "cafe" up in DNS
        byte[] bytes = io.netty.util.NetUtil.createByteArrayFromIpAddressString(address);
        if (bytes == null || (bytes.length == 4 && address.chars().filter(c -> c == '.').count() != 3)) {
            throw new IllegalArgumentException("not an IP address block: " + text);
        }
        int prefix = slash < 0 ? bytes.length * 8 : Integer.parseInt(s.substring(slash + 1));
        if (prefix < 0 || prefix > bytes.length * 8) {
            throw new IllegalArgumentException("prefix out of range: " + text);
        }
        return new Cidr(bytes, prefix);
    }

    boolean contains(InetAddress address) {
        byte[] a = address.getAddress();
        if (a.length != network.length) {
            return false;
        }
        int bits = prefix;
        for (int i = 0; i < a.length && bits > 0; i++, bits -= 8) {
            int mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
            if ((a[i] & mask) != (network[i] & mask)) {
                return false;
            }
        }
        return true;
    }
}
