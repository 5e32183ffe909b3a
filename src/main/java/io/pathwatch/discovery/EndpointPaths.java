package io.pathwatch.discovery;

import io.pathwatch.config.DiscoveryProperties;
import io.pathwatch.config.PathProperties;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import software.amazon.awssdk.services.ec2.model.DnsEntry;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.VpcEndpoint;

/**
 * Turns the endpoints one listing returned into paths: which are ours, what they are called,
 * where they lead, and which are left out and why. Pure: the same endpoints give the same paths.
 */
final class EndpointPaths {

    static final String DESTINATION_TAG = "pathwatch:destination";
    static final String TAG_PREFIX = "pathwatch:tag:";
    static final String SOURCE = "aws-vpc-endpoint";
    static final String OVER_LIMIT = "over pathwatch.discovery.aws.max-paths";

    private static final int MAX_NAME = 64;

    /** What one listing gives: the adopted paths by name, the endpoints left out, and how many the cap left out. */
    record Selection(List<PathProperties> paths, List<VpcEndpointDiscovery.Skipped> skipped, int overLimit) {
    }

    private record Candidate(VpcEndpoint endpoint, String name, PathProperties path) {
    }

    private final DiscoveryProperties.Aws props;
    private final Set<String> serviceNames;

    EndpointPaths(DiscoveryProperties.Aws props) {
        this.props = props;
        this.serviceNames = Set.copyOf(props.serviceNames());
    }

    /**
     * @param endpoints what EC2 listed
     * @param vpcIds    the VPCs asked for: checked again here, so an endpoint elsewhere is never adopted even if the API
     *                  (or a stand-in for it) ignored the filter
     * @param region    this client's region, the {@code endpoint-region} of endpoints without a ServiceRegion
     */
    Selection select(List<VpcEndpoint> endpoints, Set<String> vpcIds, String region) {
        List<VpcEndpointDiscovery.Skipped> skipped = new ArrayList<>();
        List<Candidate> candidates = new ArrayList<>();
        List<VpcEndpoint> sorted = endpoints.stream().sorted(Comparator.comparing(e -> String.valueOf(e.vpcEndpointId()))).toList();
        for (VpcEndpoint e : sorted) {
            Map<String, String> tags = tags(e);
            boolean tagged = tags.containsKey(props.tagKey());
            if (!tagged && !serviceNames.contains(e.serviceName())) {
                continue;
            }
            if (!vpcIds.contains(e.vpcId()) || !"Interface".equals(e.vpcEndpointTypeAsString())) {
                // not ours to probe, and not worth a line in the status: the filter should have kept it out
                continue;
            }
            String rawName = tagged ? tags.get(props.tagKey()) : derivedName(e);
            String name = cleanName(rawName);
            String reason = refusal(e, tags, name, rawName);
            if (reason != null) {
                skipped.add(new VpcEndpointDiscovery.Skipped(e.vpcEndpointId(), name, reason));
                continue;
            }
            String target = regionalDnsName(e).orElseThrow() + ":" + port(tags).orElseThrow();
            candidates.add(new Candidate(e, name, PathProperties.of(name, target, pathTags(e, tags, region))));
        }

        Map<String, Candidate> byName = new TreeMap<>();
        for (Candidate c : candidates) {
            Candidate first = byName.putIfAbsent(c.name(), c);
            if (first != null) {
                skipped.add(new VpcEndpointDiscovery.Skipped(c.endpoint().vpcEndpointId(), c.name(),
                        "name " + c.name() + " already taken by " + first.endpoint().vpcEndpointId()));
            }
        }
        List<PathProperties> adopted = new ArrayList<>();
        int overLimit = 0;
        for (Candidate c : byName.values()) {
            if (adopted.size() < props.maxPaths()) {
                adopted.add(c.path());
            } else {
                overLimit++;
                skipped.add(new VpcEndpointDiscovery.Skipped(c.endpoint().vpcEndpointId(), c.name(),
                        OVER_LIMIT + " (" + props.maxPaths() + ")"));
            }
        }
        return new Selection(List.copyOf(adopted), List.copyOf(skipped), overLimit);
    }

    private String refusal(VpcEndpoint e, Map<String, String> tags, String name, String rawName) {
        // the API's state enum is capitalised but EC2 answers in lower camel case (aws/aws-sdk#360): compare the text
        if (!"available".equalsIgnoreCase(e.stateAsString())) {
            return "state " + e.stateAsString() + ", not available";
        }
        if (name.isEmpty()) {
            return "name '" + rawName + "' has no letter, digit, '.', '_' or '-'";
        }
        if (regionalDnsName(e).isEmpty()) {
            return "no regional DNS name";
        }
        if (port(tags).isEmpty()) {
            return "tag " + props.portTag() + "='" + tags.get(props.portTag()) + "' is not a port (1..65535)";
        }
        return null;
    }

    private Optional<Integer> port(Map<String, String> tags) {
        String value = tags.get(props.portTag());
        if (value == null) {
            return Optional.of(props.defaultPort());
        }
        try {
            int port = Integer.parseInt(value.trim());
            return port >= 1 && port <= 65535 ? Optional.of(port) : Optional.empty();
        } catch (NumberFormatException ex) {
            return Optional.empty();
        }
    }

    /**
     * The endpoint's regional name, {@code vpce-<id>-<suffix>.<service's domain>}: its first label has nothing after
     * the suffix. Zonal names add the zone ({@code vpce-<id>-<suffix>-us-east-1a.…}); a private DNS name or a
     * wildcard does not start with the endpoint's id.
     */
    static Optional<String> regionalDnsName(VpcEndpoint e) {
        String prefix = String.valueOf(e.vpcEndpointId()).toLowerCase(Locale.ROOT) + "-";
        for (DnsEntry d : e.dnsEntries()) {
            String name = d.dnsName() == null ? "" : d.dnsName().toLowerCase(Locale.ROOT);
            int dot = name.indexOf('.');
            if (dot <= 0 || !name.startsWith(prefix)) {
                continue;
            }
            String suffix = name.substring(prefix.length(), dot);
            if (!suffix.isEmpty() && suffix.indexOf('-') < 0) {
                return Optional.of(name);
            }
        }
        return Optional.empty();
    }

    private Map<String, String> pathTags(VpcEndpoint e, Map<String, String> tags, String region) {
        Map<String, String> out = new TreeMap<>();
        tags.forEach((k, v) -> {
            if (k.startsWith(TAG_PREFIX) && k.length() > TAG_PREFIX.length()) {
                out.put(k.substring(TAG_PREFIX.length()), v);
            }
        });
        if (tags.containsKey(DESTINATION_TAG)) {
            out.put("destination", tags.get(DESTINATION_TAG));
        }
        String serviceRegion = e.serviceRegion();
        out.put("endpoint-region", serviceRegion != null && !serviceRegion.isBlank() ? serviceRegion : region);
        // last, so no tag on the endpoint can disguise where the path came from
        out.put("source", SOURCE);
        out.put("vpc-endpoint-id", e.vpcEndpointId());
        return Map.copyOf(out);
    }

    private static Map<String, String> tags(VpcEndpoint e) {
        Map<String, String> out = new HashMap<>();
        for (Tag t : e.tags()) {
            if (t.key() != null) {
                out.put(t.key(), t.value() == null ? "" : t.value());
            }
        }
        return out;
    }

    /** An untagged endpoint of a listed service: the service's last part and the endpoint id, unique and stable. */
    private static String derivedName(VpcEndpoint e) {
        String service = String.valueOf(e.serviceName());
        return service.substring(service.lastIndexOf('.') + 1) + "-" + e.vpcEndpointId();
    }

    /** Every run of other characters becomes one '-', and no '-' at either end; at most 64 characters. */
    static String cleanName(String raw) {
        String cleaned = raw == null ? "" : raw.trim().replaceAll("[^A-Za-z0-9._-]+", "-").replaceAll("^-+|-+$", "");
        if (cleaned.length() > MAX_NAME) {
            cleaned = cleaned.substring(0, MAX_NAME).replaceAll("-+$", "");
        }
        return cleaned;
    }
}
