package io.pathwatch.stats;

/** Told, on the stats thread, each time a path's window is sealed. */
@FunctionalInterface
public interface WindowListener {

    void windowSealed(PathStats stats, WindowSnapshot window);
}
