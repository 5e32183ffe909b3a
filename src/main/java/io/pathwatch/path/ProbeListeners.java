package io.pathwatch.path;

import java.util.Arrays;

/** Hands each path the listener its probes report to. */
@FunctionalInterface
public interface ProbeListeners {

    ProbeListener forPath(PathSpec path);

    /** Every path's reports go to each of {@code parts}, in order. */
    static ProbeListeners tee(ProbeListeners... parts) {
        return path -> new TeeProbeListener(Arrays.stream(parts).map(p -> p.forPath(path)).toList());
    }
}
