package io.pathwatch.responder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

/** Address blocks of proxy-trusted-from: literals only, any prefix length. */
class CidrTest {

    private static boolean in(String cidr, String address) throws Exception {
        return Cidr.parse(cidr).contains(InetAddress.getByName(address));
    }

    @Test
    void blocksContainWhatTheirPrefixSays() throws Exception {
        assertThat(in("10.0.8.0/22", "10.0.11.255")).isTrue();
        assertThat(in("10.0.8.0/22", "10.0.12.0")).isFalse();
        assertThat(in("10.0.8.7/22", "10.0.8.1")).isTrue(); // host bits in the network are ignored
        assertThat(in("0.0.0.0/0", "192.0.2.1")).isTrue();
        assertThat(in("192.0.2.1", "192.0.2.1")).isTrue();
        assertThat(in("192.0.2.1/32", "192.0.2.2")).isFalse();
        assertThat(in("10.0.0.0/9", "10.127.0.1")).isTrue();
        assertThat(in("10.0.0.0/9", "10.128.0.1")).isFalse();
        assertThat(in("fd00::/8", "fd12::1")).isTrue();
        assertThat(in("fd00::/8", "10.0.0.1")).isFalse();
        assertThat(in("2001:db8::1/128", "2001:db8::1")).isTrue();
        assertThat(in("2001:db8::1/128", "2001:db8::2")).isFalse();
    }

    @Test
    void onlyLiteralAddressesAreAccepted() {
        for (String bad : new String[] {"10.8/16", "cafe", "face/8", "10.0.0.0/33", "fd00::/129", "example.com", "10.0.0.256"}) {
            assertThatThrownBy(() -> Cidr.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
