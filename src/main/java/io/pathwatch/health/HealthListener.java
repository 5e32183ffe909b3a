package io.pathwatch.health;

/** Told, on the stats thread, each time a path changes state; must return quickly. */
@FunctionalInterface
public interface HealthListener {

    void stateChanged(PathTransition transition);
}
