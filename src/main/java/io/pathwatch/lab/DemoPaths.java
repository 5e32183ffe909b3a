package io.pathwatch.lab;

import io.pathwatch.config.PathProperties;
import io.pathwatch.config.PathwatchProperties;
import java.util.List;
import java.util.Map;

/**
 * The demo's paths: with no path configured and {@code pathwatch.demo.enabled} (the default),
 * pathwatch probes its own responder over loopback, so the first run shows real figures.
 */
public final class DemoPaths {

    public static final String LOOPBACK = "demo-loopback";

    private DemoPaths() {
    }

    /** The paths to probe: the configured ones, or the demo's when the demo is active. */
    public static List<PathProperties> effective(PathwatchProperties props, int responderPort) {
        if (!props.demoActive()) {
            return props.paths();
        }
        if (!props.responder().enabled() || responderPort <= 0) {
            return List.of();
        }
        return List.of(PathProperties.of(LOOPBACK, "127.0.0.1:" + responderPort, Map.of("via", "loopback", "demo", "true")));
    }
}
