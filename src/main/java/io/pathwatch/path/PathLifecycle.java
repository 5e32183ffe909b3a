package io.pathwatch.path;

/**
 * Paths come and go while the agent runs (a configuration reload, a discovery refresh). The
 * statistics registry decides the set and announces each change; whatever keeps something per
 * path (the probes, health, meters, alerts) follows it here. Calls arrive on the thread that
 * applied the change, one at a time, never while a window is being sealed.
 */
public interface PathLifecycle {

    /** A path joined: its statistics exist already, so it can be looked up by name. */
    void pathAdded(PathSpec path);

    /**
     * A path left. A path whose target, TLS or probe settings changed leaves and joins again
     * under the same name: {@code reason} says which it was.
     */
    void pathRemoved(PathSpec path, String reason);

    /** Only the path's tags changed: everything it has learned stays. */
    default void pathRetagged(PathSpec path) {
    }
}
