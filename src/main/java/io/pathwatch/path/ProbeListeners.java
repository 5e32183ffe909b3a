package io.pathwatch.path;

/** Hands each path the listener its probes report to. */
@FunctionalInterface
public interface ProbeListeners {

    ProbeListener forPath(PathSpec path);
}
