package io.pathwatch.lab;

import io.pathwatch.config.PathProperties;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The out-of-the-box demo: four simulated paths named after the real placement decision, all
 * through the lab to the local responder. Three PrivateLink-like paths at about 205 ms with little
 * jitter; one internet path through "stunnel" at about 200 ms with heavy jitter and a 4 s stall
 * (replies held) closing every 45 s, the first 41 s after start.
 */
public final class DemoLab {

    /** A demo path: its name, its tags and what the lab does to it. */
    record DemoPath(String name, Map<String, String> tags, LabPathSettings settings) {
    }

    static final List<DemoPath> PATHS = List.of(
            new DemoPath("privatelink-us-east-1", Map.of("via", "privatelink", "endpoint-region", "us-east-1", "destination", "feed", "demo", "true"),
                    LabPathSettings.symmetric(Impairment.delay(102.5, 0.15, Impairment.Distribution.normal))),
            new DemoPath("privatelink-us-west-1", Map.of("via", "privatelink", "endpoint-region", "us-west-1", "destination", "feed", "demo", "true"),
                    new LabPathSettings(Impairment.delay(101.0, 0.2, Impairment.Distribution.normal),
                            Impairment.delay(103.0, 0.2, Impairment.Distribution.normal))),
            new DemoPath("privatelink-ap-southeast-2", Map.of("via", "privatelink", "endpoint-region", "ap-southeast-2", "destination", "feed", "demo", "true"),
                    LabPathSettings.symmetric(Impairment.delay(103.5, 0.2, Impairment.Distribution.normal))),
            new DemoPath("stunnel-internet", Map.of("via", "stunnel", "endpoint-region", "us-east-1", "destination", "feed", "demo", "true"),
                    new LabPathSettings(Impairment.delay(100, 6, Impairment.Distribution.normal),
                            Impairment.delay(100, 6, Impairment.Distribution.normal).withStalls(4000, 45_000, 0))));

    private final List<PathProperties> paths = new ArrayList<>();

    /** Starts the demo's lab paths in front of the responder on {@code responderPort}. */
    DemoLab(LabProxy lab, int responderPort) {
        InetSocketAddress responder = new InetSocketAddress(InetAddress.getLoopbackAddress(), responderPort);
        long seed = 1;
        for (DemoPath p : PATHS) {
            LabPath path = lab.add(p.name(), responder, p.settings(), seed++);
            paths.add(PathProperties.of(p.name(), "127.0.0.1:" + path.port(), p.tags()));
        }
    }

    /** The paths the prober should probe. */
    public List<PathProperties> paths() {
        return paths;
    }
}
