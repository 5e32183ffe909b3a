package io.pathwatch.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.services.ec2.model.DnsEntry;
import software.amazon.awssdk.services.ec2.model.VpcEndpoint;

class EndpointPathsTest {

    @ParameterizedTest(name = "''{0}'' -> ''{1}''")
    @CsvSource(delimiter = '|', value = {
            "orders|orders",
            "Orders / EU (prod)|Orders-EU-prod",
            "  -a--b-  |a--b",
            "feed.eu_1|feed.eu_1",
            "zürich→tokyo|z-rich-tokyo",
            "' / ()'|''",
            "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa-bbbb|aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
    })
    void namesAreCleanedToThePathNamePattern(String raw, String cleaned) {
        assertThat(EndpointPaths.cleanName(raw)).isEqualTo(cleaned == null ? "" : cleaned);
        assertThat(EndpointPaths.cleanName(raw)).matches("[A-Za-z0-9._-]{0,64}");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            // EC2's usual order: regional first
            "vpce-0abc-x1y2.svc.eu-west-1.vpce.amazonaws.com,vpce-0abc-x1y2-eu-west-1a.svc.eu-west-1.vpce.amazonaws.com|vpce-0abc-x1y2.svc.eu-west-1.vpce.amazonaws.com",
            // zonal and private names first do not fool it; a local zone's name is zonal too
            "orders.example.com,vpce-0abc-x1y2-us-west-2-lax-1a.svc.us-west-2.vpce.amazonaws.com,VPCE-0ABC-X1Y2.svc.us-west-2.vpce.amazonaws.com|vpce-0abc-x1y2.svc.us-west-2.vpce.amazonaws.com",
            "vpce-0abc-x1y2-eu-west-1a.svc.eu-west-1.vpce.amazonaws.com|''",
            "vpce-0abcd-x1y2.svc.eu-west-1.vpce.amazonaws.com|''",
    })
    void theTargetIsTheRegionalDnsName(String names, String regional) {
        VpcEndpoint e = VpcEndpoint.builder().vpcEndpointId("vpce-0abc")
                .dnsEntries(List.of(names.split(",")).stream().map(n -> DnsEntry.builder().dnsName(n).build()).toList()).build();
        assertThat(EndpointPaths.regionalDnsName(e).orElse("")).isEqualTo(regional == null ? "" : regional);
    }
}
